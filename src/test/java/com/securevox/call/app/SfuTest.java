package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.config.Secret;
import com.securevox.call.config.SfuSettings;
import com.securevox.call.httpapi.SfuHealth;
import com.securevox.call.janus.JanusEndpoint;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.SfuGateway;
import com.securevox.call.media.SfuStatus;
import com.securevox.call.media.SimulcastLayer;
import com.securevox.call.testing.ManualScheduler;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What the SFU wiring reports before and after the gateway is attached; a managed Janus is ManagedJanusIT's. */
class SfuTest {
    private static final SfuSettings.External EXTERNAL = new SfuSettings.External(
            URI.create("ws://127.0.0.1:8188"), new Secret("janus-api-secret-0123456789"), 800_000);

    private static Sfu sfu(SfuSettings settings) {
        return new Sfu(settings, new ManualScheduler(), Clock.systemUTC());
    }

    @Test
    void offSaysSoEverywhere() {
        Sfu off = sfu(SfuSettings.off());
        off.start();

        assertThat(off.health()).isEqualTo(SfuHealth.OFF);
        assertThat(off.up()).isFalse();
        assertThat(off.endpoint()).isEmpty();
        assertThat(off.mediaAddress()).isEmpty();
        assertThat(off.bitrate()).isZero();
        assertThat(off.describe()).startsWith("off");
        off.stop();
    }

    @Test
    void anExternalJanusIsStartingUntilItsGatewayIsAttachedAndThenSaysWhatTheGatewaySays() {
        Sfu external = sfu(EXTERNAL);
        external.start();

        assertThat(external.endpoint())
                .contains(new JanusEndpoint(URI.create("ws://127.0.0.1:8188"), "janus-api-secret-0123456789", ""));
        assertThat(external.bitrate()).isEqualTo(800_000);
        assertThat(external.health()).isEqualTo(new SfuHealth("external", "starting", 0, 0));

        FakeGateway gateway = new FakeGateway();
        external.attach(gateway, () -> 3, () -> 7);
        gateway.status = SfuStatus.UP;
        gateway.rooms = 2;
        assertThat(external.health()).isEqualTo(new SfuHealth("external", "up", 2, 0));
        assertThat(external.publishers()).isEqualTo(3);
        assertThat(external.subscribers()).isEqualTo(7);
        gateway.status = SfuStatus.CONNECTING;
        assertThat(external.status()).isEqualTo("starting");
        gateway.status = SfuStatus.DOWN;
        assertThat(external.up()).isFalse();
        assertThat(external.status()).isEqualTo("down");
        assertThat(external.describe()).isEqualTo("external, Janus at ws://127.0.0.1:8188");
        assertThat(external.endpoint().orElseThrow().toString()).doesNotContain("janus-api-secret");
    }

    /** Answers status and rooms; the calls are the gateway's business, not this wiring's. */
    private static final class FakeGateway implements SfuGateway {
        volatile SfuStatus status = SfuStatus.CONNECTING;
        volatile int rooms;

        @Override
        public SfuStatus status() {
            return status;
        }

        @Override
        public int rooms() {
            return rooms;
        }

        @Override
        public CompletionStage<Void> openRoom(RoomSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> closeRoom(RoomId room) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> feeds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> feeds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> record(MediaParticipant who, String fileBase) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> stopRecording(MediaParticipant who) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> leave(MediaParticipant who) {
            throw new UnsupportedOperationException();
        }
    }
}
