package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the pushes carry when the call's metadata or invitees are large, and when a ring is already over. */
class PayloadsTest {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static PushRing ring(String metadata, List<String> invitees) {
        return new PushRing(
                UUID.randomUUID(), "call_1", "bob", metadata, PushRing.Media.AUDIO, invitees, NOW.plusSeconds(30));
    }

    static String bigMetadata() {
        return "{\"name\":\"Bob\",\"note\":\"" + "n".repeat(6000) + "\"}";
    }

    static List<String> manyInvitees() {
        return IntStream.range(0, 400)
                .mapToObj(i -> "invitee-with-a-long-name-" + i)
                .toList();
    }

    @Test
    void fcmDataStaysUnderFourKilobytesLeavingOutTheMetadataThenTheInvitees() {
        Map<String, String> small = FcmMessages.ringData(ring("{\"name\":\"Bob\"}", List.of("alice")), NOW);
        assertThat(small).doesNotContainKeys("metadataOmitted", "inviteesOmitted");
        assertThat(small.get("duration")).isEqualTo("30000");

        Map<String, String> noMetadata = FcmMessages.ringData(ring(bigMetadata(), List.of("alice")), NOW);
        assertThat(noMetadata).containsEntry("metadata", "{}").containsEntry("metadataOmitted", "true");
        assertThat(noMetadata.get("nameCaller")).isEqualTo("Bob");
        assertThat(FcmMessages.size(noMetadata)).isLessThan(FcmMessages.MAX_DATA_BYTES);

        Map<String, String> neither = FcmMessages.ringData(ring(bigMetadata(), manyInvitees()), NOW);
        assertThat(neither).containsEntry("invitees", "[]").containsEntry("inviteesOmitted", "true");
        assertThat(FcmMessages.size(neither)).isLessThan(FcmMessages.MAX_DATA_BYTES);
    }

    @Test
    void aRingThatIsOverIsNotSentToFcm() {
        PushRing ring = ring("{}", List.of("alice"));
        assertThat(FcmMessages.message("t", new PushMessage.Ring(ring), ring.expiresAt()))
                .isEmpty();
        assertThat(FcmMessages.message("t", new PushMessage.Stop(ring, StopReason.MISSED), ring.expiresAt()))
                .isPresent();
    }

    @Test
    void theVoipPayloadStaysUnderFiveKilobytes() throws Exception {
        String payload = ApnsPayloads.voip(ring(bigMetadata(), manyInvitees()));
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ApnsPayloads.MAX_VOIP_BYTES);
        JsonNode root = JSON.readTree(payload);
        assertThat(root.path("metadataOmitted").asBoolean()).isTrue();
        assertThat(root.path("inviteesOmitted").asBoolean()).isTrue();
        assertThat(root.path("nameCaller").asText()).isEqualTo("Bob");
    }

    @Test
    void metadataThatIsNotAnObjectNamesTheCallerByUserId() {
        assertThat(Caller.of(ring("[1,2]", List.of())).name()).isEqualTo("bob");
        assertThat(Caller.of(ring("{\"name\":7}", List.of())).name()).isEqualTo("bob");
        assertThat(Caller.of(ring("{\"displayName\":\" Bob B \"}", List.of())).name())
                .isEqualTo("Bob B");
    }
}
