package com.securevox.call.janus;

import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.EModel;
import com.securevox.call.quality.ServerView;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns two successive {@code handle_info} samples of a publisher into the server's view of its upload over the time
 * between them. Janus's counters run from the PeerConnection's start, so loss and its ratio come from their
 * differences; a sample whose counters went back (a new PeerConnection on the same handle, after an ICE restart or a
 * renegotiation) starts over, as the first sample does: only its one-second bitrate and RTCP's jitter and RTT, no loss.
 */
final class UploadViews {
    private UploadViews() {}

    /**
     * @param previous the sample before, if any, of the same handle
     * @return empty when {@code now} has no audio or video stream (no PeerConnection yet)
     */
    static Optional<ServerView> view(Optional<HandleStats> previous, HandleStats now, Instant at) {
        if (now.streams().isEmpty()) {
            return Optional.empty();
        }
        long bytesLastSecond = 0;
        Double jitter = null;
        Double rtt = null;
        for (HandleStats.Stream stream : now.streams()) {
            bytesLastSecond += stream.bytesInLastSecond();
            if (stream.rtcp().isPresent()) {
                HandleStats.Rtcp rtcp = stream.rtcp().get();
                jitter = max(jitter, (double) rtcp.jitterLocalMs());
                // 0 is Janus's "not measured yet", not a round trip of no time.
                rtt = rtcp.rttMs() > 0 ? max(rtt, (double) rtcp.rttMs()) : rtt;
            }
        }
        Long lost = null;
        Double ratio = null;
        Double audioMos = null;
        Optional<Losses> losses = previous.flatMap(before -> Losses.between(before, now));
        if (losses.isPresent()) {
            lost = losses.get().lost();
            ratio = losses.get().ratio();
            Double audioRatio = losses.get().audioRatio();
            Double audioJitter = audioJitter(now);
            if (audioRatio != null || audioJitter != null) {
                audioMos = EModel.mos(
                        rtt == null ? 0 : rtt,
                        audioJitter == null ? 0 : audioJitter,
                        audioRatio == null ? 0 : audioRatio);
            }
        }
        return Optional.of(new ServerView(at, bytesLastSecond * 8 / 1000.0, lost, ratio, jitter, rtt, audioMos));
    }

    private static Double audioJitter(HandleStats now) {
        Double jitter = null;
        for (HandleStats.Stream stream : now.streams()) {
            if (stream.kind() == MediaKind.AUDIO && stream.rtcp().isPresent()) {
                jitter = max(jitter, (double) stream.rtcp().get().jitterLocalMs());
            }
        }
        return jitter;
    }

    private static Double max(Double a, double b) {
        return a == null ? b : Math.max(a, b);
    }

    /** Loss in the interval: all streams together, and the audio streams' alone (for the E-model). */
    private record Losses(long lost, Double ratio, Double audioRatio) {
        static Optional<Losses> between(HandleStats before, HandleStats now) {
            if (before.handleId() != now.handleId()
                    || before.streams().size() != now.streams().size()) {
                return Optional.empty();
            }
            long lost = 0;
            long received = 0;
            long audioLost = 0;
            long audioReceived = 0;
            for (int i = 0; i < now.streams().size(); i++) {
                HandleStats.Stream a = before.streams().get(i);
                HandleStats.Stream b = now.streams().get(i);
                if (a.mindex() != b.mindex() || b.packetsIn() < a.packetsIn()) {
                    return Optional.empty();
                }
                long streamLost = Math.max(0, lostOf(b) - lostOf(a));
                long streamReceived = b.packetsIn() - a.packetsIn();
                lost += streamLost;
                received += streamReceived;
                if (b.kind() == MediaKind.AUDIO) {
                    audioLost += streamLost;
                    audioReceived += streamReceived;
                }
            }
            return Optional.of(new Losses(lost, ratio(lost, received), ratio(audioLost, audioReceived)));
        }

        private static long lostOf(HandleStats.Stream stream) {
            return stream.rtcp().map(HandleStats.Rtcp::lostLocal).orElse(0L);
        }

        private static Double ratio(long lost, long received) {
            return lost + received == 0 ? null : (double) lost / (lost + received);
        }
    }
}
