package com.securevox.call.quality;

import com.securevox.call.call.MediaKind;
import java.util.List;
import java.util.Objects;

/**
 * One {@code quality_report} as validated by signaling: the client's connections (a peer in a mesh, or the SFU), each
 * with its tracks. Numbers a browser did not report are null.
 */
public record QualityReport(List<Connection> connections) {
    public static final int MAX_CONNECTIONS = 16;
    public static final int MAX_TRACKS = 16;

    public QualityReport {
        connections = List.copyOf(connections);
        if (connections.isEmpty() || connections.size() > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(
                    "connections: " + connections.size() + " (expected: 1 to " + MAX_CONNECTIONS + ")");
        }
    }

    /** The candidate pair's type, as {@code RTCIceCandidateStats.candidateType} names it. */
    public enum CandidateType {
        HOST("host"),
        SRFLX("srflx"),
        PRFLX("prflx"),
        RELAY("relay");

        private final String wireName;

        CandidateType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** How the selected candidate pair carries media. */
    public enum Transport {
        UDP("udp"),
        TCP("tcp"),
        TLS("tls");

        private final String wireName;

        Transport(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public enum Direction {
        INBOUND,
        OUTBOUND
    }

    /** {@code RTCOutboundRtpStreamStats.qualityLimitationReason}. */
    public enum Limitation {
        NONE("none"),
        CPU("cpu"),
        BANDWIDTH("bandwidth"),
        OTHER("other");

        private final String wireName;

        Limitation(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param peer who is at the other end: a participant's user id, or {@code sfu}; null when not said
     * @param candidateType the selected candidate pair's local candidate type; null when not known yet
     * @param rttMs the selected pair's current round-trip time
     */
    public record Connection(
            String peer, CandidateType candidateType, Transport protocol, Double rttMs, List<Track> tracks) {
        public Connection {
            tracks = List.copyOf(tracks);
            if (tracks.size() > MAX_TRACKS) {
                throw new IllegalArgumentException(
                        "tracks: " + tracks.size() + " (expected: at most " + MAX_TRACKS + ")");
            }
        }
    }

    /** One RTP stream of a connection, sent or received. */
    public record Track(
            MediaKind kind,
            Direction direction,
            String codec,
            Double bitrateKbps,
            Long packetsLost,
            Double lossRatio,
            Double jitterMs,
            Double fps,
            Integer width,
            Integer height,
            Long framesDropped,
            Long freezes,
            Limitation limitation) {
        public Track {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(direction, "direction");
        }
    }
}
