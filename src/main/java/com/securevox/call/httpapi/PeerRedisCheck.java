package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks the other live nodes, as last listed, whether they reach Redis: each one's {@code /health} {@code redis.status},
 * all at once, over the node-to-node client ({@link PeerClient}, trusting {@code SECUREVOX_CALL_PEER_CA}). {@code
 * /health} is the probe every node answers without credentials and from memory, so the question costs the other node
 * nothing and needs no new route. A node whose Redis link failed asks this to tell Redis down for everyone from itself
 * alone cut off (docs/architecture.md, "A node cut off from Redis").
 */
public final class PeerRedisCheck implements AutoCloseable {
    /**
     * What one node answered: its {@code redis.status} and {@code redis.since} (since when that status holds, by its
     * clock, in whole seconds), or why there are none.
     */
    public record Answer(String node, Optional<String> redisStatus, Optional<Instant> since, String why) {
        public Answer {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(redisStatus, "redisStatus");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(why, "why");
        }

        static Answer none(String node, String why) {
            return new Answer(node, Optional.empty(), Optional.empty(), why);
        }

        /** Whether the node said Redis answers it. */
        public boolean reaches() {
            return redisStatus.filter("ok"::equals).isPresent();
        }
    }

    /** Status values are short words; a longer one is not ours. */
    static final int MAX_STATUS = 32;

    private final PeerNodes peers;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();
    private final PeerClient client;

    /** @param timeout how long each node has to answer: the nodes are asked at once, so the whole check takes that */
    public PeerRedisCheck(PeerNodes peers, Duration timeout) {
        this.peers = Objects.requireNonNull(peers, "peers: null (expected: the other nodes)");
        this.timeout = Objects.requireNonNull(timeout, "timeout: null (expected: a duration)");
        this.client = new PeerClient(peers.self(), peers.tls());
    }

    /** Every other live node's answer; blocks at most about {@code timeout}. Never throws for a node's failure. */
    public List<Answer> ask() {
        List<CompletableFuture<Answer>> asked = peers.live().stream()
                .filter(p -> !p.id().equals(peers.self()))
                .map(this::ask)
                .toList();
        return asked.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Answer> ask(PeerNodes.Peer peer) {
        ApiRequest health = new ApiRequest("GET", "/health", Map.of(), new byte[0], "");
        return client.send(peer, health, timeout).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                return Answer.none(peer.id(), String.valueOf(cause.getMessage()));
            }
            try {
                return answer(peer.id(), response);
            } catch (PeerException e) {
                return Answer.none(peer.id(), "node '" + peer.id() + "': " + e.getMessage());
            }
        });
    }

    /** A draining node answers 503 with the same body; anything else without a {@code redis.status} is not ours. */
    private Answer answer(String node, ApiResponse response) throws PeerException {
        if (response.status() != 200 && response.status() != 503) {
            throw new PeerException("/health answered " + response.status() + " (expected: 200 or 503)");
        }
        JsonNode redis = PeerStats.object(json, response.body(), "health").get("redis");
        JsonNode status = redis == null || !redis.isObject() ? null : redis.get("status");
        if (status == null
                || !status.isTextual()
                || status.asText().isEmpty()
                || status.asText().length() > MAX_STATUS) {
            throw new PeerException("redis.status: " + PeerStats.kind(status) + " (expected: \"ok\", \"unreachable\""
                    + " or \"cut-off\")");
        }
        JsonNode since = redis.get("since");
        if (since == null
                || !since.isIntegralNumber()
                || !since.canConvertToLong()
                || since.asLong() < 0
                || since.asLong() > Instant.MAX.getEpochSecond()) {
            throw new PeerException("redis.since: " + PeerStats.kind(since) + " (expected: seconds since the epoch)");
        }
        return new Answer(
                node, Optional.of(status.asText()), Optional.of(Instant.ofEpochSecond(since.asLong())), "answered");
    }

    @Override
    public void close() {
        client.close();
    }
}
