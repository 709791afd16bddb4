package com.securevox.call.app;

import com.securevox.call.auth.TurnCredentials;
import com.securevox.call.call.Scheduler;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.config.TurnSettings;
import com.securevox.call.httpapi.TurnStatus;
import com.securevox.call.signaling.IceServers;
import com.securevox.call.signaling.Wire;
import com.securevox.call.turn.CoturnSettings;
import com.securevox.call.turn.ManagedTurn;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The TURN part of the wiring: the iceServers handed out, the credential minter, and coturn in managed mode. */
final class Turn {
    static final String REALM = "securevox";

    private final IceServers iceServers;
    private final Optional<TurnCredentials> credentials;
    private final Optional<ManagedTurn> managed;

    /** @param sfuIp a managed SFU's media address, which a managed coturn allows as a peer */
    Turn(ServerConfig config, Optional<String> sfuIp, Scheduler scheduler, Clock clock) {
        TurnSettings turn = config.turn();
        credentials = turn.secret().map(secret -> new TurnCredentials(secret.bytes(), turn.credentialTtl(), clock));
        List<Wire.IceServer> stun = config.iceServers().stream()
                .map(server -> new Wire.IceServer(server.urls()))
                .toList();
        iceServers = new IceServers(stun, credentials.map(minter -> new IceServers.Turn(turn.urls(), minter)));
        managed = turn.managed()
                .map(m -> new ManagedTurn(
                        new CoturnSettings(
                                m.relayIp(),
                                m.port(),
                                m.externalIp(),
                                m.minRelayPort(),
                                m.maxRelayPort(),
                                turn.secret().orElseThrow().value(),
                                REALM,
                                sfuIp),
                        scheduler,
                        clock));
    }

    IceServers iceServers() {
        return iceServers;
    }

    /** Starts coturn in managed mode; throws {@code ChildStartException} or {@code TurnException} if it cannot. */
    void start() {
        managed.ifPresent(ManagedTurn::start);
    }

    void stop() {
        managed.ifPresent(ManagedTurn::stop);
    }

    TurnStatus status() {
        return new TurnStatus(
                credentials.isPresent(),
                managed.isPresent(),
                managed.map(ManagedTurn::running).orElse(null),
                credentials.map(TurnCredentials::mintedCount).orElse(0L));
    }
}
