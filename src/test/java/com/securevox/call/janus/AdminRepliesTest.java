package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Admin API's replies as Janus 1.1.2 sends them (recorded from a real browser publisher), and broken ones. */
class AdminRepliesTest {

    private static HandleStats info(String json) {
        return AdminReplies.handleInfo(JanusDecoder.tree(json));
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = AdminRepliesTest.class.getResourceAsStream("recorded/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRealPublishersHandleInfoGivesItsAudioAndVideoCounters() throws IOException {
        HandleStats stats = info(recorded("admin-handle-info-publisher.json"));

        assertThat(stats.sessionId()).isEqualTo(2086568054070328L);
        assertThat(stats.handleId()).isEqualTo(8751876674595199L);
        assertThat(stats.streams())
                .containsExactly(
                        new HandleStats.Stream(
                                0,
                                MediaKind.AUDIO,
                                434,
                                34_793,
                                4_150,
                                0,
                                0,
                                0,
                                0,
                                0,
                                Optional.of(new HandleStats.Rtcp(0, 0, 16, 0, 0))),
                        new HandleStats.Stream(
                                1,
                                MediaKind.VIDEO,
                                231,
                                187_386,
                                22_882,
                                0,
                                0,
                                0,
                                0,
                                0,
                                Optional.of(new HandleStats.Rtcp(0, 0, 17, 0, 0))));
    }

    @Test
    void aHandleWithoutAPeerConnectionHasNoStreams() {
        HandleStats stats = info("{\"janus\":\"success\",\"session_id\":1,\"transaction\":\"t1\",\"handle_id\":2,"
                + "\"info\":{\"plugin\":\"janus.plugin.videoroom\",\"plugin_specific\":{\"type\":\"publisher\"}}}");

        assertThat(stats).isEqualTo(new HandleStats(1, 2, java.util.List.of()));
    }

    @Test
    void aDataChannelIsLeftOutAndAStreamWithoutRtcpHasNone() {
        HandleStats stats = info("{\"janus\":\"success\",\"session_id\":1,\"handle_id\":2,\"info\":{\"webrtc\":{"
                + "\"media\":{\"0\":{\"type\":\"data\",\"mindex\":0},\"1\":{\"type\":\"audio\",\"mindex\":1,"
                + "\"stats\":{\"in\":{\"packets\":5,\"bytes\":500,\"bytes_lastsec\":100},"
                + "\"out\":{\"packets\":1,\"bytes\":10,\"bytes_lastsec\":0,\"nacks\":3}}}}}}}");

        assertThat(stats.streams())
                .containsExactly(
                        new HandleStats.Stream(1, MediaKind.AUDIO, 5, 500, 100, 1, 10, 0, 0, 3, Optional.empty()));
    }

    @Test
    void listsGiveTheirIds() {
        assertThat(AdminReplies.sessions(JanusDecoder.tree(
                        "{\"janus\":\"success\",\"transaction\":\"t2\",\"sessions\":[3385989250757518,7]}")))
                .containsExactly(3385989250757518L, 7L);
        assertThat(AdminReplies.handles(JanusDecoder.tree(
                        "{\"janus\":\"success\",\"session_id\":1,\"transaction\":\"t6\",\"handles\":[]}")))
                .isEmpty();
        assertThat(AdminReplies.transaction(JanusDecoder.tree("{\"transaction\":\"t6\"}")))
                .contains("t6");
        assertThat(AdminReplies.transaction(JanusDecoder.tree("{\"transaction\":6}")))
                .isEmpty();
    }

    @Test
    void anErrorReplyIsJanussError() {
        assertThatThrownBy(() -> info("{\"janus\":\"error\",\"transaction\":\"t9\","
                        + "\"error\":{\"code\":459,\"reason\":\"No such handle\"}}"))
                .isInstanceOfSatisfying(JanusErrorException.class, e -> {
                    assertThat(e.code()).isEqualTo(459);
                    assertThat(e.getMessage()).isEqualTo("Janus refused handle_info: 459 No such handle");
                });
    }

    @Test
    void brokenRepliesAreRefusedNamingTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> info("{\"janus\":\"ack\"}")).hasMessage("janus: 'ack' (expected: success or error)");
        assertThatThrownBy(() -> info("{\"janus\":\"success\",\"session_id\":0,\"handle_id\":2,\"info\":{}}"))
                .hasMessage("session_id: 0 (expected: a positive integer)");
        assertThatThrownBy(() -> info("{\"janus\":\"success\",\"session_id\":1,\"handle_id\":2,\"info\":{\"webrtc\":{"
                        + "\"media\":{\"0\":{\"type\":\"audio\",\"mindex\":0,\"stats\":{\"in\":{\"packets\":-1,"
                        + "\"bytes\":0,\"bytes_lastsec\":0},\"out\":{\"packets\":0,\"bytes\":0,"
                        + "\"bytes_lastsec\":0}}}}}}}"))
                .hasMessage("info.webrtc.media.0.stats.in.packets: -1 (expected: an integer >= 0)");
        assertThatThrownBy(() -> info("{\"janus\":\"success\",\"session_id\":1,\"handle_id\":2,\"info\":{\"webrtc\":{"
                        + "\"media\":{\"0\":{\"type\":\"text\",\"mindex\":0}}}}}"))
                .hasMessage("info.webrtc.media.0.type: 'text' (expected: audio, video or data)");
        assertThatThrownBy(() ->
                        AdminReplies.sessions(JanusDecoder.tree("{\"janus\":\"success\",\"sessions\":[1,\"2\"]}")))
                .hasMessage("sessions: '2' in the list (expected: positive integers)");
        assertThatThrownBy(() -> JanusDecoder.tree("{\"janus\":\"success\",\"janus\":\"error\"}"))
                .isInstanceOf(JanusProtocolException.class);
    }
}
