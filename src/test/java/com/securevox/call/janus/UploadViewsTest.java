package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.EModel;
import com.securevox.call.quality.PointSource;
import com.securevox.call.quality.ServerView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's view of a publisher's upload from two successive handle_info samples. */
class UploadViewsTest {
    private static final Instant T = Instant.parse("2026-12-07T06:00:00Z");

    private static HandleStats.Stream audio(long packets, long lost, long jitter, long rtt) {
        return new HandleStats.Stream(
                0,
                MediaKind.AUDIO,
                packets,
                packets * 80,
                4_000,
                0,
                0,
                0,
                0,
                0,
                Optional.of(new HandleStats.Rtcp(lost, 0, jitter, 0, rtt)));
    }

    private static HandleStats.Stream video(long packets, long lost, long jitter) {
        return new HandleStats.Stream(
                1,
                MediaKind.VIDEO,
                packets,
                packets * 900,
                100_000,
                0,
                0,
                0,
                0,
                0,
                Optional.of(new HandleStats.Rtcp(lost, 0, jitter, 0, 0)));
    }

    private static HandleStats sample(long handle, HandleStats.Stream... streams) {
        return new HandleStats(1, handle, List.of(streams));
    }

    @Test
    void theFirstSampleGivesBitrateJitterAndRttButNoLoss() {
        ServerView view = UploadViews.view(Optional.empty(), sample(7, audio(500, 3, 12, 0), video(900, 0, 20)), T)
                .orElseThrow();

        assertThat(view.uploadKbps()).isEqualTo(104_000 * 8 / 1000.0);
        assertThat(view.jitterMs()).isEqualTo(20.0);
        assertThat(view.rttMs()).as("0 is not measured yet").isNull();
        assertThat(view.packetsLost()).isNull();
        assertThat(view.lossRatio()).isNull();
        assertThat(view.audioMos()).isNull();
        assertThat(view.point().source()).isEqualTo(PointSource.SERVER);
        assertThat(view.point().outboundKbps()).isEqualTo(832.0);
    }

    @Test
    void lossComesFromTheCountersDifferenceAndTheAudioMosFromTheAudioStreamsAlone() {
        HandleStats before = sample(7, audio(500, 3, 12, 40), video(900, 0, 20));
        HandleStats now = sample(7, audio(740, 13, 30, 60), video(1_400, 0, 20));

        ServerView view = UploadViews.view(Optional.of(before), now, T).orElseThrow();

        assertThat(view.packetsLost()).isEqualTo(10);
        assertThat(view.lossRatio()).isCloseTo(10.0 / (10 + 240 + 500), within(1e-9));
        assertThat(view.rttMs()).isEqualTo(60.0);
        assertThat(view.audioMos()).isCloseTo(EModel.mos(60, 30, 10.0 / 250), within(1e-9));
    }

    @Test
    void countersThatWentBackOrAnotherHandleStartOver() {
        HandleStats before = sample(7, audio(900, 30, 12, 40));

        assertThat(UploadViews.view(Optional.of(before), sample(7, audio(100, 1, 12, 40)), T)
                        .orElseThrow()
                        .lossRatio())
                .as("a new PeerConnection on the handle")
                .isNull();
        assertThat(UploadViews.view(Optional.of(before), sample(8, audio(1_000, 31, 12, 40)), T)
                        .orElseThrow()
                        .lossRatio())
                .isNull();
    }

    @Test
    void aHandleWithoutStreamsHasNoView() {
        assertThat(UploadViews.view(Optional.empty(), sample(7), T)).isEmpty();
    }
}
