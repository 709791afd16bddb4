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
            DatabaseHealth database,
            @JsonInclude(JsonInclude.Include.NON_NULL) String node,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Node> nodes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Redis redis,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean degraded,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer leases,
            @JsonInclude(JsonInclude.Include.NON_NULL) Inbox inbox,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<NodeHealth> nodeHealth) {

        /** The same health with every node's row, for the admin dashboard of a cluster. */
        Health withNodeHealth(List<NodeHealth> rows) {
            return new Health(
                    status,
                    service,
                    version,
                    activeCalls,
                    connectedUsers,
                    connections,
                    uptimeSeconds,
                    turn,
                    sfu,
                    database,
                    node,
                    nodes,
                    redis,
                    degraded,
                    leases,
                    inbox,
                    List.copyOf(rows));
        }

        /**
         * One node's row on the admin dashboard's health page: {@code status} {@code healthy}, {@code draining}, or
         * {@code unreachable} with the {@code problem} (then no numbers).
         */
        record NodeHealth(
                String id,
                @JsonInclude(JsonInclude.Include.NON_NULL) String url,
                String status,
                @JsonInclude(JsonInclude.Include.NON_NULL) String version,
                @JsonInclude(JsonInclude.Include.NON_NULL) Long uptimeSeconds,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer connections,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer activeCalls,
                @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
            static NodeHealth unreachable(String id, String url, String problem) {
                return new NodeHealth(id, url, "unreachable", null, null, null, null, problem);
            }
        }

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

        /**
         * {@code status}: {@code ok} or {@code unreachable}; {@code since}: seconds since the epoch; {@code primary}
         * once read.
         */
        record Redis(
                String status,
                long since,
                @JsonInclude(JsonInclude.Include.NON_NULL) Primary primary) {
            static Redis of(ClusterHealth c) {
                return new Redis(
                        c.redisStatus(),
                        c.redisSince().getEpochSecond(),
                        c.primary().map(Primary::of).orElse(null));
            }

            /** {@code changedAt} (seconds since the epoch) only once the primary changed. */
            record Primary(
                    String runId,
                    int replicas,
                    long changes,

                    @JsonInclude(JsonInclude.Include.NON_NULL)
                    Long changedAt,

                    long unconfirmedWrites) {
                static Primary of(ClusterHealth.Primary p) {
                    return new Primary(
                            p.runId(),
                            p.replicas(),
                            p.changes(),
                            p.changedAt().map(Instant::getEpochSecond).orElse(null),
                            p.unconfirmed());
                }
            }
        }

        /** {@code status}: {@code ok} or {@code blocked}, then with the {@code problem}. */
        record Inbox(
                String status,
                @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
            static Inbox of(ClusterHealth c) {
                return c.inboxBlocked()
                        .map(problem -> new Inbox("blocked", problem))
                        .orElse(new Inbox("ok", null));
            }
        }
    }

    /**
     * {@code degraded}: the parts that fail ({@code database}, {@code inbox}, {@code redis}, {@code sfu}, {@code turn}),
     * absent while none does, so a healthy node answers exactly {@code {"status":"ready"}} as before.
     */
    record Ready(
            String status,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> degraded) {}

    record TokenResponse(
            String token,
            long expiresAt,
            String userId,
            String sessionId,
            String role,
            List<Wire.IceServer> iceServers) {}

    /**
     * {@code node} (this node's id, and in each call the id of the node serving it) and {@code nodes} (each node's
     * part, when the numbers are the whole cluster's) only with several nodes.
     */
    record Stats(
            List<ActiveCall> activeCalls,
            int totalActiveCalls,
            int connectedUsers,
            @JsonInclude(JsonInclude.Include.NON_NULL) String node,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<NodeStats> nodes) {

        /** One node's numbers, without the cluster's parts. */
        static Stats of(List<ActiveCall> calls, int connectedUsers) {
            return new Stats(calls, calls.size(), connectedUsers, null, null);
        }

        record ActiveCall(
                String sessionId,
                List<String> participants,
                int participantCount,
                long startedAt,
                long durationSeconds,
                String media,
                boolean e2ee,
                @JsonInclude(JsonInclude.Include.NON_NULL) String node) {
            static ActiveCall of(CallSnapshot call, String media, Instant now) {
                return new ActiveCall(
                        call.sessionId(),
                        call.participants(),
                        call.participants().size(),
                        call.startedAt().getEpochSecond(),
                        Math.max(0, Duration.between(call.startedAt(), now).toSeconds()),
                        media,
                        call.e2ee(),
                        null);
            }

            /** The same call, served by {@code node}. */
            ActiveCall on(String node) {
                return new ActiveCall(
                        sessionId, participants, participantCount, startedAt, durationSeconds, media, e2ee, node);
            }
        }

        /**
         * One node's part of the cluster's numbers: {@code status} {@code ok} with its counts, or {@code unreachable}
         * with {@code error} saying why (its calls and users are then missing from the totals).
         */
        record NodeStats(
                String id,
                @JsonInclude(JsonInclude.Include.NON_NULL) String url,
                String status,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer activeCalls,
                @JsonInclude(JsonInclude.Include.NON_NULL) Integer connectedUsers,
                @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
            static NodeStats ok(String id, String url, int activeCalls, int connectedUsers) {
                return new NodeStats(id, url, "ok", activeCalls, connectedUsers, null);
            }

            static NodeStats unreachable(String id, String url, String error) {
                return new NodeStats(id, url, "unreachable", null, null, error);
            }
        }
    }
}
