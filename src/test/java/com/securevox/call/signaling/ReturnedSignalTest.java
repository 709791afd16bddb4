package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.NodeMessage.Payload;
import org.junit.jupiter.api.Test;

/** What a node keeps of an event an edge sent back: relayed signals as they were rendered, nothing else. */
class ReturnedSignalTest {

    @Test
    void aRelayedSignalIsKeptAsItWasRenderedWithItsSender() {
        String data = "{\"sessionId\":\"call-1\",\"from\":\"alice\",\"candidate\":{\"candidate\":\"candidate:1\"}}";

        ReturnedSignal.Sent sent =
                ReturnedSignal.of(new Payload("ice_candidate", data)).orElseThrow();

        assertThat(sent.fromUserId()).isEqualTo("alice");
        assertThat(sent.signal().event()).isEqualTo("ice_candidate");
        assertThat(sent.signal().data().json()).isEqualTo(data);
    }

    @Test
    void whatTellsAMemberAboutItsCallIsNotKept() {
        assertThat(ReturnedSignal.of(new Payload("participant_joined", "{\"sessionId\":\"call-1\"}")))
                .isEmpty();
        assertThat(ReturnedSignal.of(new Payload("call_joined", "{\"sessionId\":\"call-1\"}")))
                .isEmpty();
    }

    @Test
    void aRelayedEventWithoutItsSenderOrNotAnObjectIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> ReturnedSignal.of(new Payload("offer", "{\"sessionId\":\"call-1\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offer.from: missing (expected: text)");
        assertThatThrownBy(() -> ReturnedSignal.of(new Payload("data", "{\"from\":7}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.from: NUMBER (expected: text)");
        assertThatThrownBy(() -> ReturnedSignal.of(new Payload("answer", "\"text\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON object or array");
    }
}
