package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JanusErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "426, NOT_FOUND", // VideoRoom: no such room
        "428, NOT_FOUND", // VideoRoom: no such feed
        "458, UNAVAILABLE", // core: no such session (Janus restarted or dropped it)
        "403, REFUSED", // core: wrong apisecret
        "465, REFUSED", // core: invalid SDP
        "432, REFUSED", // VideoRoom: publishers full
        "436, REFUSED", // VideoRoom: id exists
        "437, REFUSED", // VideoRoom: invalid SDP
        "499, REFUSED" // VideoRoom: unknown error
    })
    void mapsJanusCodes(int code, MediaError error) {
        MediaException mapped =
                JanusErrors.toMedia(new CompletionException(new JanusErrorException("message join", code, "reason")));

        assertThat(mapped.error()).isEqualTo(error);
        assertThat(mapped).hasMessage("Janus refused message join: " + code + " reason");
    }

    @Test
    void keepsOurOwnFailuresAndNamesUnreadableOnes() {
        MediaException timeout = new MediaException(MediaError.TIMEOUT, "late");
        assertThat(JanusErrors.toMedia(new CompletionException(timeout))).isSameAs(timeout);
        assertThat(JanusErrors.toMedia(new JanusProtocolException("data.id: missing")))
                .hasMessage("Janus sent data.id: missing")
                .satisfies(e -> assertThat(e.error()).isEqualTo(MediaError.PROTOCOL));
    }

    @Test
    void hintsAtStringIdsWhenJanusWantsNumbers() {
        assertThat(JanusErrors.toMedia(new JanusErrorException(
                        "create", 430, "Invalid element type (room should be a positive integer)")))
                .hasMessageEndingWith("(expected: string_ids = true in janus.plugin.videoroom.jcfg)");
    }
}
