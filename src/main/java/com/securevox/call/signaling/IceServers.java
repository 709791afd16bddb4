package com.securevox.call.signaling;

import com.securevox.call.auth.TurnCredential;
import com.securevox.call.auth.TurnCredentials;
import com.securevox.call.call.ConnectionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code iceServers} a participant is handed: the shared STUN entries, plus, when TURN is configured, a TURN entry
 * with credentials minted for that participant and capped by its call token's expiry.
 *
 * <p>A join answers twice (the ack and {@code call_joined}); both must carry the same credentials, so a join's
 * minted list is held for its connection while the registry delivers {@code call_joined} (synchronously, inside
 * {@code join}) and dropped right after. Thread-safe.
 */
public final class IceServers {

    /** The TURN servers and how to mint their credentials. */
    public record Turn(List<String> urls, TurnCredentials credentials) {
        public Turn {
            urls = List.copyOf(urls);
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    private final List<Wire.IceServer> shared;
    private final Optional<Turn> turn;
    private final Map<ConnectionId, List<Wire.IceServer>> joining = new ConcurrentHashMap<>();

    public IceServers(List<Wire.IceServer> shared, Optional<Turn> turn) {
        this.shared = List.copyOf(shared);
        this.turn = Objects.requireNonNull(turn, "turn");
    }

    /** Only the shared entries: no TURN. */
    public static IceServers shared(List<Wire.IceServer> shared) {
        return new IceServers(shared, Optional.empty());
    }

    /** The entries for {@code userId}, whose call token expires at {@code tokenExpiresAt}: mints a TURN credential. */
    public List<Wire.IceServer> forUser(String userId, Instant tokenExpiresAt) {
        if (turn.isEmpty()) {
            return shared;
        }
        TurnCredential credential = turn.get().credentials().mint(userId, tokenExpiresAt);
        List<Wire.IceServer> servers = new ArrayList<>(shared.size() + 1);
        servers.addAll(shared);
        servers.add(new Wire.IceServer(turn.get().urls(), credential.username(), credential.password()));
        return List.copyOf(servers);
    }

    /** Mints for a join on {@code connection} and holds the list for {@link #forJoined} until {@link #release}. */
    List<Wire.IceServer> hold(ConnectionId connection, String userId, Instant tokenExpiresAt) {
        List<Wire.IceServer> servers = forUser(userId, tokenExpiresAt);
        if (turn.isPresent()) {
            joining.put(connection, servers);
        }
        return servers;
    }

    void release(ConnectionId connection) {
        if (turn.isPresent()) {
            joining.remove(connection);
        }
    }

    /** What {@code call_joined} to {@code connection} carries: the held list, or the shared entries. */
    List<Wire.IceServer> forJoined(ConnectionId connection) {
        return turn.isEmpty() ? shared : joining.getOrDefault(connection, shared);
    }
}
