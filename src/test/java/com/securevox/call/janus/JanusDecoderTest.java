package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.media.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link JanusDecoder} and {@link VideoRoomDecoder} on messages recorded from Janus 1.1.2 ({@code recorded/}, captured
 * from the real Janus the integration test runs, with its configuration, links up included) and, for what only real
 * media or features we do not use make Janus say (talking, media, slowlink, timeout, simulcast...), messages written
 * from janus.c, ice.c and janus_videoroom.c at v1.1.2 ({@code from-source/}); then on broken input.
 */
class JanusDecoderTest {
    private final JanusDecoder decoder = new JanusDecoder();
    private final VideoRoomDecoder videoRoom = new VideoRoomDecoder();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "recorded/server-info, ServerInfo",
        "recorded/error-unauthorized, ErrorReply",
        "recorded/success-session-created, Success",
        "recorded/success-handle-attached, Success",
        "recorded/ack-keepalive, Ack",
        "recorded/plugin-success-created, PluginSuccess",
        "recorded/plugin-success-room-exists, PluginSuccess",
        "recorded/plugin-success-missing-admin-key, PluginSuccess",
        "recorded/ack-message, Ack",
        "recorded/event-joined-monitor, Event",
        "recorded/event-joining, Event",
        "recorded/event-joined-with-attendees, Event",
        "recorded/event-joined-alice, Event",
        "recorded/event-configured-with-answer, Event",
        "recorded/ack-trickle, Ack",
        "recorded/error-invalid-sdp, ErrorReply",
        "recorded/event-no-such-feed, Event",
        "recorded/event-no-such-room, Event",
        "recorded/event-room-should-be-a-string, Event",
        "recorded/event-unpublished, Event",
        "recorded/hangup-ice-failed, Hangup",
        "recorded/event-leaving, Event",
        "recorded/event-leaving-ok, Event",
        "recorded/success-detached, Success",
        "recorded/detached, Detached",
        "recorded/event-destroyed, Event",
        "recorded/plugin-success-destroyed, PluginSuccess",
        "recorded/plugin-success-no-such-room, PluginSuccess",
        "recorded/success-session-destroyed, Success",
        "recorded/error-no-such-session, ErrorReply",
        "recorded/webrtcup, WebrtcUp",
        "recorded/hangup-dtls-alert, Hangup",
        "recorded/hangup-close-pc, Hangup",
        "from-source/media, Media",
        "from-source/media-simulcast-stopped, Media",
        "from-source/slowlink, SlowLink",
        "from-source/timeout, Timeout",
        "from-source/trickle, Trickle",
        "from-source/trickle-completed, Trickle",
        "from-source/pong, Pong",
        "recorded/event-publishers, Event",
        "recorded/event-attached-with-offer, Event",
        "recorded/event-updated-with-offer, Event",
        "recorded/event-started, Event",
        "recorded/event-configured-subscriber, Event",
        "from-source/event-publishers-simulcast-and-disabled, Event",
        "from-source/event-attached-with-description, Event",
        "from-source/event-updated-no-change, Event",
        "from-source/event-updating, Event",
        "from-source/event-talking, Event",
        "from-source/event-stopped-talking, Event",
        "from-source/event-slow-link, Event",
        "from-source/event-kicked, Event",
        "from-source/event-display-changed, Event",
        "from-source/plugin-success-exists, PluginSuccess"
    })
    void readsEveryMessageJanusSends(String file, String kind) {
        JanusMessage message = decoder.decode(read(file));

        assertThat(message.getClass().getSimpleName()).isEqualTo(kind);
        pluginData(message).ifPresent(data -> assertThat(videoRoom.decode(data, transaction(message)))
                .isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "recorded/plugin-success-created, Created",
        "recorded/plugin-success-room-exists, Failed",
        "recorded/event-joined-monitor, Joined",
        "recorded/event-joining, Joining",
        "recorded/event-configured-with-answer, Done",
        "recorded/event-no-such-feed, Failed",
        "recorded/event-unpublished, Unpublished",
        "recorded/event-leaving, Leaving",
        "recorded/event-leaving-ok, Done",
        "recorded/event-destroyed, Destroyed",
        "recorded/plugin-success-destroyed, Destroyed",
        "recorded/event-publishers, Publishers",
        "recorded/event-attached-with-offer, Attached",
        "recorded/event-updated-with-offer, Updated",
        "recorded/event-configured-subscriber, Done",
        "from-source/event-publishers-simulcast-and-disabled, Publishers",
        "from-source/event-attached-with-description, Attached",
        "from-source/event-updated-no-change, Updated",
        "from-source/event-updating, Updating",
        "recorded/event-started, Done",
        "from-source/event-talking, Talking",
        "from-source/event-stopped-talking, Talking",
        "from-source/event-slow-link, SlowLink",
        "from-source/event-kicked, Kicked",
        "from-source/event-display-changed, DisplayChanged",
        "from-source/event-substream, LayerChanged",
        "from-source/event-temporal, LayerChanged",
        "from-source/plugin-success-exists, Success"
    })
    void readsWhatTheVideoRoomSays(String file, String kind) {
        JanusMessage message = decoder.decode(read(file));

        VideoRoomEvent event = videoRoom.decode(pluginData(message).orElseThrow(), transaction(message));

        assertThat(event.getClass().getSimpleName()).isEqualTo(kind);
    }

    @Test
    void readsTheFieldsTheAdapterUses() {
        var info = (JanusMessage.ServerInfo) decoder.decode(read("recorded/server-info"));
        assertThat(info.versionString()).isEqualTo("1.1.2");
        assertThat(info.apiSecret()).isTrue();
        assertThat(info.sessionTimeout()).isEqualTo(60);
        assertThat(info.plugins()).containsExactly(VideoRoomDecoder.PLUGIN);
        assertThat(info.transports()).containsExactly("janus.transport.websockets");

        var created = (JanusMessage.Success) decoder.decode(read("recorded/success-session-created"));
        assertThat(created.id()).isEqualTo(OptionalLong.of(5701291074320540L));

        var denied = (JanusMessage.ErrorReply) decoder.decode(read("recorded/error-unauthorized"));
        assertThat(denied.code()).isEqualTo(403);
        assertThat(denied.reason()).isEqualTo("Unauthorized request (wrong or missing secret/token)");

        var configured = (JanusMessage.Event) decoder.decode(read("recorded/event-configured-with-answer"));
        assertThat(configured.jsep()).hasValueSatisfying(jsep -> {
            assertThat(jsep.type()).isEqualTo(SessionDescription.Type.ANSWER);
            assertThat(jsep.sdp()).startsWith("v=0\r\n").contains("m=audio", "m=video");
        });

        var hangup = (JanusMessage.Hangup) decoder.decode(read("recorded/hangup-ice-failed"));
        assertThat(hangup.reason()).isEqualTo("ICE failed");

        var slow = (JanusMessage.SlowLink) decoder.decode(read("from-source/slowlink"));
        assertThat(slow)
                .isEqualTo(new JanusMessage.SlowLink(4659154836664257L, 6574900340074208L, "1", "video", true, 12));
    }

    @Test
    void readsPublishersAndSubscriptions() {
        var joined = (VideoRoomEvent.Joined) videoRoom(read("recorded/event-joined-with-attendees"));
        assertThat(joined.id()).isEqualTo("bob#1");
        assertThat(joined.privateId()).isEqualTo(4228176437L);
        assertThat(joined.publishers()).isEmpty();

        var publishers =
                (VideoRoomEvent.Publishers) videoRoom(read("from-source/event-publishers-simulcast-and-disabled"));
        assertThat(publishers.publishers()).singleElement().satisfies(alice -> {
            assertThat(alice.id()).isEqualTo("alice#1");
            assertThat(alice.display()).contains("alice");
            assertThat(alice.streams())
                    .extracting(VideoRoomEvent.PublisherStream::mid, VideoRoomEvent.PublisherStream::disabled)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("0", false),
                            org.assertj.core.groups.Tuple.tuple("1", false),
                            org.assertj.core.groups.Tuple.tuple("2", true));
            assertThat(alice.streams().get(1).simulcast()).isTrue();
        });

        var attached = (VideoRoomEvent.Attached) videoRoom(read("from-source/event-attached-with-description"));
        assertThat(attached.streams()).hasSize(2);
        assertThat(attached.streams().get(1).feedId()).contains("alice#1");
        assertThat(attached.streams().get(1).feedDescription()).contains("camera");

        var updated = (VideoRoomEvent.Updated) videoRoom(read("recorded/event-updated-with-offer"));
        assertThat(updated.streams()).hasValueSatisfying(streams -> assertThat(streams)
                .allSatisfy(stream -> assertThat(stream.feedId()).isEmpty()));
        var unchanged = (VideoRoomEvent.Updated) videoRoom(read("from-source/event-updated-no-change"));
        assertThat(unchanged.streams()).isEmpty();

        var talking = (VideoRoomEvent.Talking) videoRoom(read("from-source/event-talking"));
        assertThat(talking.talking()).isTrue();
        assertThat(talking.level()).isEqualTo(32.56);
    }

    @Test
    void tellsOurLeaveFromSomeoneElses() {
        assertThat(videoRoom(read("recorded/event-leaving-ok")))
                .isEqualTo(new VideoRoomEvent.Done(VideoRoomEvent.DoneKind.LEAVING));
        assertThat(videoRoom(read("recorded/event-leaving")))
                .isEqualTo(new VideoRoomEvent.Leaving("r-AAAAAAAAAAAAAAAAAAAAAA", "bob#1"));
    }

    @Test
    void aPluginErrorIsAFailure() {
        assertThat(videoRoom(read("recorded/event-no-such-feed")))
                .isEqualTo(new VideoRoomEvent.Failed(428, "No such feed (nobody)"));
        assertThat(videoRoom(read("recorded/plugin-success-room-exists")))
                .isEqualTo(new VideoRoomEvent.Failed(427, "Room r-AAAAAAAAAAAAAAAAAAAAAA already exists"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nul|message: not JSON",
                "[]|message: an array (expected: a JSON object)",
                "{\"janus\":\"ack\",\"transaction\":\"a\"} {}|message: not JSON",
                "{\"janus\":\"ack\",\"janus\":\"ack\",\"transaction\":\"a\"}|message: not JSON (Duplicate field 'janus')",
                "{}|janus: missing (expected: a string)",
                "{\"janus\":7}|janus: 7 (expected: a string)",
                "{\"janus\":\"hello\"}|janus: 'hello' (expected: success, error, ack, event",
                "{\"janus\":\"ack\"}|transaction: missing (expected: a string)",
                "{\"janus\":\"error\",\"transaction\":\"a\",\"error\":{\"code\":\"403\"}}|error.code: '403' (expected: an integer)",
                "{\"janus\":\"success\",\"transaction\":\"a\",\"data\":{\"id\":-5}}|data.id: -5 (expected: a positive integer)",
                "{\"janus\":\"success\",\"transaction\":\"a\",\"data\":{\"id\":1.5}}|data.id: 1.5 (expected: a positive integer)",
                "{\"janus\":\"success\",\"transaction\":\"a\",\"data\":{\"id\":99999999999999999999}}|data.id: 99999999999999999999 (expected: a positive integer)",
                "{\"janus\":\"webrtcup\",\"session_id\":1}|sender: missing (expected: a positive integer)",
                "{\"janus\":\"event\",\"session_id\":1,\"sender\":2}|plugindata: missing (expected: a JSON object)",
                "{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":{\"plugin\":\"p\",\"data\":[]}}|plugindata.data: an array (expected: a JSON object)",
                "{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":{\"plugin\":\"p\",\"data\":{}},\"jsep\":{\"type\":\"pranswer\",\"sdp\":\"v=0\"}}|jsep.type: 'pranswer' (expected: offer or answer)",
                "{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":{\"plugin\":\"p\",\"data\":{}},\"jsep\":{\"type\":\"offer\",\"sdp\":\" \"}}|jsep.sdp: blank (expected: an SDP)",
                "{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":{\"plugin\":\"p\",\"data\":{}},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\",\"e2ee\":\"yes\"}}|jsep.e2ee: 'yes' (expected: true or false)",
                "{\"janus\":\"slowlink\",\"session_id\":1,\"sender\":2,\"mid\":\"0\",\"media\":\"audio\",\"uplink\":\"yes\",\"lost\":3}|uplink: 'yes' (expected: true or false)",
                "{\"janus\":\"media\",\"session_id\":1,\"sender\":2,\"type\":\"audio\",\"receiving\":true}|mid: missing (expected: a string)"
            })
    void refusesWhatIsNotJanus(String input, String message) {
        assertThatThrownBy(() -> decoder.decode(input))
                .isInstanceOf(JanusProtocolException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void keepsTheTransactionOfAnUnreadableReplySoItsRequestFails() {
        assertThatThrownBy(
                        () -> decoder.decode("{\"janus\":\"success\",\"transaction\":\"t1\",\"data\":{\"id\":\"x\"}}"))
                .isInstanceOfSatisfying(JanusProtocolException.class, e -> assertThat(e.transaction())
                        .contains("t1"));
    }

    @Test
    void neverQuotesMuchOfTheInput() {
        String longKind = "x".repeat(10_000);
        assertThatThrownBy(() -> decoder.decode("{\"janus\":\"" + longKind + "\"}"))
                .isInstanceOf(JanusProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"plugin\":\"janus.plugin.echotest\",\"data\":{}}|plugindata.plugin: 'janus.plugin.echotest' (expected: janus.plugin.videoroom)",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{}}|plugindata.data.videoroom: missing (expected: a string)",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"moderated\"}}|plugindata.data.videoroom: 'moderated' (expected: joined",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"joined\",\"room\":1234,\"id\":\"a\",\"private_id\":1,\"publishers\":[]}}|plugindata.data.room: 1234 (expected: a string; the adapter needs string_ids = true",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\",\"room\":\"r\"}}|plugindata.data: an event without any of",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\",\"room\":\"r\",\"publishers\":[{\"id\":\"a\",\"streams\":[{\"type\":\"audio\",\"mid\":\"0\"}]}]}}|plugindata.data.publishers[0].streams[0].mindex: missing (expected: an integer)",
                "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"talking\",\"room\":\"r\",\"id\":\"a\",\"audio-level-dBov-avg\":\"loud\"}}|plugindata.data.audio-level-dBov-avg: 'loud' (expected: a number)"
            })
    void refusesWhatIsNotTheVideoRoom(String plugindata, String message) {
        String event = "{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":" + plugindata + "}";
        var data = ((JanusMessage.Event) decoder.decode(event)).plugin();

        assertThatThrownBy(() -> videoRoom.decode(data, false))
                .isInstanceOf(JanusProtocolException.class)
                .hasMessageStartingWith(message);
    }

    private VideoRoomEvent videoRoom(String text) {
        JanusMessage message = decoder.decode(text);
        return videoRoom.decode(pluginData(message).orElseThrow(), transaction(message));
    }

    private static Optional<JanusMessage.PluginData> pluginData(JanusMessage message) {
        if (message instanceof JanusMessage.Event event) {
            return Optional.of(event.plugin());
        }
        if (message instanceof JanusMessage.PluginSuccess success) {
            return Optional.of(success.plugin());
        }
        return Optional.empty();
    }

    private static boolean transaction(JanusMessage message) {
        return !(message instanceof JanusMessage.Event event)
                || event.transaction().isPresent();
    }

    static String read(String name) {
        try (InputStream in = JanusDecoderTest.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no test message " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
