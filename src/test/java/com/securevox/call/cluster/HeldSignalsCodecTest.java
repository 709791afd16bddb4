package com.securevox.call.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.CallStates.KeptSignal;
import com.securevox.call.call.NodeMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signals a hand-off keeps for the next owner, as text in Redis: in order, bounded, read strictly. */
class HeldSignalsCodecTest {

    private static KeptSignal kept(String userId, int n) {
        return new KeptSignal(
                userId, new NodeMessage.Payload("data", "{\"from\":\"alice\",\"payload\":{\"n\":" + n + "}}"));
    }

    @Test
    void signalsComeBackInTheirOrder() throws Exception {
        List<KeptSignal> held = List.of(kept("bob", 1), kept("carol", 2), kept("bob", 3));

        HeldSignalsCodec.Encoded encoded = HeldSignalsCodec.encode("room-1", held);

        assertThat(encoded.count()).isEqualTo(3);
        assertThat(HeldSignalsCodec.decode(encoded.text())).isEqualTo(new HeldSignalsCodec.Decoded("room-1", held));
    }

    @Test
    void overTheBoundOnlyTheFirstOnesAreKept() throws Exception {
        List<KeptSignal> held = new ArrayList<>();
        for (int n = 0; n < HeldSignalsCodec.MAX_SIGNALS + 5; n++) {
            held.add(kept("bob", n));
        }

        HeldSignalsCodec.Encoded encoded = HeldSignalsCodec.encode("room-1", held);

        assertThat(encoded.count()).isEqualTo(HeldSignalsCodec.MAX_SIGNALS);
        assertThat(HeldSignalsCodec.decode(encoded.text()).held())
                .containsExactlyElementsOf(held.subList(0, HeldSignalsCodec.MAX_SIGNALS));
    }

    @Test
    void overTheLengthOnlyWhatFitsIsKept() throws Exception {
        String big = "{\"from\":\"alice\",\"payload\":\"" + "x".repeat(NodeMessage.MAX_DATA_LENGTH - 40) + "\"}";
        List<KeptSignal> held = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            held.add(new KeptSignal("bob", new NodeMessage.Payload("data", big)));
        }

        HeldSignalsCodec.Encoded encoded = HeldSignalsCodec.encode("room-1", held);

        assertThat(encoded.text().length()).isLessThanOrEqualTo(HeldSignalsCodec.MAX_LENGTH);
        assertThat(encoded.count()).isBetween(1, 39);
        assertThat(HeldSignalsCodec.decode(encoded.text()).held()).hasSize(encoded.count());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"v\":2,\"sessionId\":\"room-1\",\"held\":[]}|held signals.v: 2 (expected: 1)",
                "{\"v\":1,\"sessionId\":\"room-1\"}|held signals.held: missing (expected: an array)",
                "{\"v\":1,\"sessionId\":\"room-1\",\"held\":[],\"x\":1}|held signals: unexpected fields ['x']",
                "{\"v\":1,\"sessionId\":\"room-1\",\"held\":[1]}|held signals.held[0]: number",
                "{\"v\":1,\"sessionId\":\"room-1\",\"held\":[{\"userId\":\"bob\",\"event\":\"data\"}]}"
                        + "|held signals.held[0].data: missing",
                "{\"v\":1,\"sessionId\":\"room-1\",\"held\":[{\"userId\":\"bob\",\"event\":\"Da\",\"data\":\"{}\"}]}"
                        + "|held signals.held[0].event: invalid",
                "{\"v\":1,\"v\":1}|held signals: not JSON (Duplicate field 'v')",
                "[]|held signals: array (expected: a JSON object)",
            })
    void garbageIsRefusedNamingTheField(String raw, String message) {
        assertThatThrownBy(() -> HeldSignalsCodec.decode(raw))
                .isInstanceOf(RedisValueException.class)
                .hasMessageStartingWith(message);
    }
}
