package com.securevox.call.janus;

import com.securevox.call.call.MediaKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Janus's Admin API says of one handle's media ({@code handle_info}, {@code info.webrtc.media} of Janus 1.1):
 * one entry per audio or video m-line, in m-line order; none before the handle's PeerConnection exists (a VideoRoom
 * publisher that has not offered yet, or our own monitor publisher, which never does).
 */
public record HandleStats(long sessionId, long handleId, List<Stream> streams) {
    public HandleStats {
        streams = List.copyOf(streams);
    }

    /**
     * One m-line's counters since it started, from Janus's side: {@code in} is what the peer sent to Janus (for a
     * publisher, its upload), {@code out} what Janus sent to it.
     *
     * @param bytesInLastSecond Janus's own one-second window of received bytes ({@code bytes_lastsec})
     * @param nacksIn NACKs Janus received from the peer; {@code nacksOut} those it sent (asking for lost packets)
     * @param rtcp what RTCP told Janus of the main stream (simulcast layers aside); empty before any RTCP
     */
    public record Stream(
            int mindex,
            MediaKind kind,
            long packetsIn,
            long bytesIn,
            long bytesInLastSecond,
            long packetsOut,
            long bytesOut,
            long bytesOutLastSecond,
            long nacksIn,
            long nacksOut,
            Optional<Rtcp> rtcp) {
        public Stream {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(rtcp, "rtcp");
        }
    }

    /**
     * RTCP-derived figures of one stream ({@code rtcp.main}).
     *
     * @param lostLocal packets Janus found missing from what the peer sent ({@code lost}; RTCP's cumulative count is
     *     signed: duplicates can make it negative)
     * @param lostRemote packets the peer reported missing from what Janus sent ({@code lost-by-remote})
     * @param jitterLocalMs the interarrival jitter of what Janus receives, in milliseconds
     * @param jitterRemoteMs the jitter the peer reports of what Janus sends, in milliseconds
     * @param rttMs the round-trip time from RTCP reports, in milliseconds; 0 until Janus has measured one
     */
    public record Rtcp(long lostLocal, long lostRemote, long jitterLocalMs, long jitterRemoteMs, long rttMs) {}
}
