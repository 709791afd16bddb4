package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.media.FeedId;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SimulcastLayer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bodies we send, as the VideoRoom's documentation (janus_videoroom.c at v1.1.2) spells them. */
class VideoRoomRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoomId ROOM = new RoomId("r-AAAAAAAAAAAAAAAAAAAAAA");

    @Test
    void aRoomIsPrivateTemporaryAndTiedToItsParticipants() throws Exception {
        JsonNode create = VideoRoomRequests.create(new RoomSpec(ROOM, 16, 1_500_000, true), "s3", Optional.of("k"));

        assertThat(asSent(create)).isEqualTo(JSON.readTree("""
                        {"request":"create","room":"r-AAAAAAAAAAAAAAAAAAAAAA","permanent":false,"is_private":true,
                         "secret":"s3","publishers":16,"audiocodec":"opus","videocodec":"vp8","notify_joining":true,
                         "require_pvtid":true,"audiolevel_ext":true,"audiolevel_event":true,
                         "audio_active_packets":25,"audio_level_average":40,"bitrate":1500000,"admin_key":"k"}
                        """));
    }

    @Test
    void anEncryptedRoomRequiresPublishersThatSaySoAndIsNeverRecorded() {
        RoomSpec plain = new RoomSpec(ROOM, 3, 0, false);
        RoomSpec encrypted = new RoomSpec(ROOM, 3, 0, false, Optional.empty(), true);

        assertThat(VideoRoomRequests.create(plain, "s3", Optional.empty()).has("require_e2ee"))
                .isFalse();
        JsonNode create = VideoRoomRequests.create(encrypted, "s3", Optional.empty());
        assertThat(create.path("require_e2ee").asBoolean()).isTrue();
        assertThat(create.has("rec_dir")).isFalse();
    }

    /** As Janus reads it: numbers compare by value, not by the Java type that held them. */
    private static JsonNode asSent(JsonNode body) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(body));
    }

    @Test
    void withoutAudioLevelsOrCapOrKeyThoseAreLeftOut() {
        JsonNode create = VideoRoomRequests.create(new RoomSpec(ROOM, 3, 0, false), "s3", Optional.empty());

        assertThat(create.path("audiolevel_event").asBoolean()).isFalse();
        assertThat(create.has("audio_active_packets")).isFalse();
        assertThat(create.has("bitrate")).isFalse();
        assertThat(create.has("admin_key")).isFalse();
    }

    @Test
    void subscriptionsLayersAndCandidates() throws Exception {
        assertThat(asSent(VideoRoomRequests.joinSubscriber(
                        ROOM,
                        42,
                        List.of(FeedStream.all(new FeedId("alice#1")), new FeedStream(new FeedId("bob#2"), "4")))))
                .isEqualTo(JSON.readTree("""
                        {"request":"join","ptype":"subscriber","room":"r-AAAAAAAAAAAAAAAAAAAAAA","private_id":42,
                         "use_msid":false,"autoupdate":true,"streams":[{"feed":"alice#1"},{"feed":"bob#2","mid":"4"}]}
                        """));
        assertThat(asSent(VideoRoomRequests.unsubscribe(List.of(new FeedStream(new FeedId("bob#2"), "4")))))
                .isEqualTo(JSON.readTree(
                        "{\"request\":\"unsubscribe\",\"streams\":[{\"feed\":\"bob#2\",\"mid\":\"4\"}]}"));
        assertThat(VideoRoomRequests.layer("3", SimulcastLayer.LOW))
                .isEqualTo(JSON.readTree(
                        "{\"request\":\"configure\",\"streams\":[{\"mid\":\"3\",\"substream\":0,\"temporal\":2}]}"));
        assertThat(VideoRoomRequests.candidate(new IceCandidate("candidate:1 1 udp 1 10.0.0.1 9 typ host", "0", 0)))
                .isEqualTo(
                        JSON.readTree(
                                "{\"candidate\":\"candidate:1 1 udp 1 10.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));
        assertThat(VideoRoomRequests.candidate(null)).isEqualTo(JSON.readTree("{\"completed\":true}"));
        assertThat(VideoRoomRequests.candidate(new IceCandidate("", null, null)))
                .isEqualTo(JSON.readTree("{\"completed\":true}"));
    }
}
