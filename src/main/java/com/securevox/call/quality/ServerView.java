package com.securevox.call.quality;

import java.time.Instant;
import java.util.Objects;

/**
 * What the server's SFU saw of one participant's published media over the last interval: the participant's upload as
 * it arrived. Null where the SFU had nothing to say (no RTCP yet, or the first interval, which has no counts before
 * it).
 *
 * @param uploadKbps the bitrate the SFU received from the participant, all streams together
 * @param packetsLost packets of the participant's found missing in the interval, all streams together
 * @param lossRatio those lost among those expected in the interval, 0 to 1
 * @param jitterMs the worst interarrival jitter of the participant's streams
 * @param rttMs the worst round-trip time the SFU measured to the participant
 * @param audioMos the E-model's estimate of the participant's audio as the SFU received it
 */
public record ServerView(
        Instant at,
        Double uploadKbps,
        Long packetsLost,
        Double lossRatio,
        Double jitterMs,
        Double rttMs,
        Double audioMos) {
    public ServerView {
        Objects.requireNonNull(at, "at");
    }

    /** The point this view stands for in the participant's timeline, beside its client's. */
    public QualityPoint point() {
        return new QualityPoint(
                at,
                uploadKbps,
                null,
                packetsLost,
                lossRatio,
                jitterMs,
                rttMs,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                audioMos,
                PointSource.SERVER);
    }
}
