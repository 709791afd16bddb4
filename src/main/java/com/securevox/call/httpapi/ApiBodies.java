package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.securevox.call.call.CallSnapshot;
import com.securevox.call.signaling.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The bodies of {@link HttpApi}'s own responses, as records whose component names are the wire names. */
final class ApiBodies {
    private ApiBodies() {}

    record ErrorResponse(Body error) {
        record Body(String code, String message) {}
    }

    /** {@code node}, {@code nodes}, {@code redis}, {@code degraded} and {@code leases} only with several nodes. */
    record Health(
            String status,
            String service,
            String version,
            int activeCalls,
            int connectedUsers,
            int connections,
            long uptimeSeconds,
            TurnStatus turn,
            SfuHealth sfu,
            @JsonInclude(JsonInclude.Include.NON_NULL) String node,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Node> nodes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Redis redis,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean degraded,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer leases) {

        /** Times in seconds since the epoch, like the rest of the API. */
        record Node(String id, String url, long startedAt, boolean draining, int activeCalls, long lastSeen) {
            static Node of(ClusterHealth.Node n) {
                return new Node(
                        n.id(),
                        n.url(),
                        n.startedAt().getEpochSecond(),
                        n.draining(),
                        n.activeCalls(),
                        n.lastSeen().getEpochSecond());
            }
        }

        /** {@code status}: {@code ok} or {@code unreachable}; {@code since}: seconds since the epoch. */
        record Redis(String status, long since) {
            static Redis of(ClusterHealth c) {
                return new Redis(
                        c.redisReachable() ? "ok" : "unreachable",
                        c.redisSince().getEpochSecond());
            }
        }
    }

    record Ready(String status) {}

    record TokenResponse(
            String token,
            long expiresAt,
            String userId,
            String sessionId,
            String role,
            List<Wire.IceServer> iceServers) {}

    record Stats(List<ActiveCall> activeCalls, int totalActiveCalls, int connectedUsers) {
        record ActiveCall(
                String sessionId,
                List<String> participants,
                int participantCount,
                long startedAt,
                long durationSeconds,
                String media,
                boolean e2ee) {
            static ActiveCall of(CallSnapshot call, String media, Instant now) {
                return new ActiveCall(
                        call.sessionId(),
                        call.participants(),
                        call.participants().size(),
                        call.startedAt().getEpochSecond(),
                        Math.max(0, Duration.between(call.startedAt(), now).toSeconds()),
                        media,
                        call.e2ee());
            }
        }
    }
}
