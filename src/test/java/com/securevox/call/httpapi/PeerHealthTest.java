package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Another node's {@code /health} as the dashboard's health rows read it. */
class PeerHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PeerHealth decode(String body) throws PeerException {
        return PeerHealth.decode(JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheRowsFieldsAndSkipsTheRest() throws PeerException {
        assertThat(decode("{\"status\":\"draining\",\"version\":\"1.2.3\",\"uptimeSeconds\":61,\"connections\":4,"
                        + "\"activeCalls\":2,\"turn\":{\"configured\":false},\"later\":[1]}"))
                .isEqualTo(new PeerHealth("draining", "1.2.3", 61, 4, 2));
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"status\":\"up\",\"version\":\"1\",\"uptimeSeconds\":1,\"connections\":0,\"activeCalls\":0}"
                        + "|status: 'up' (expected: \"healthy\" or \"draining\")",
                "{\"status\":\"healthy\",\"version\":\"\",\"uptimeSeconds\":1,\"connections\":0,\"activeCalls\":0}"
                        + "|version: '' (expected: 1 to 64 characters)",
                "{\"status\":\"healthy\",\"version\":\"1\",\"uptimeSeconds\":-1,\"connections\":0,\"activeCalls\":0}"
                        + "|uptimeSeconds: -1 (expected: whole seconds from 0)",
                "{\"status\":\"healthy\",\"version\":\"1\",\"uptimeSeconds\":1,\"activeCalls\":0}"
                        + "|connections: missing (expected: a whole number from 0)",
                "[1]|health: an array (expected: an object)"
            })
    void refusesWhatItWouldNotHaveWritten(String body, String message) {
        assertThatThrownBy(() -> decode(body)).isInstanceOf(PeerException.class).hasMessage(message);
    }
}
