package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.auth.TokenClaims;
import com.securevox.call.auth.UserClaims;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Scheduler;
import io.github.bucket4j.Bucket;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One socket as signaling sees it. Its fields are read from the socket's I/O thread, the auth
 * timer and stats readers, hence volatile; a socket's events themselves arrive one at a time.
 */
final class Session {
    final ConnectionId id;
    final String remoteAddress;
    final Bucket events;
    /** What it authenticated with: a call token, or a user token (a device connection). */
    private volatile TokenClaims token;
    /** The call it may join and is in: its call token's, or a device connection's ring once it joined. */
    private volatile CallClaims claims;

    private volatile Scheduler.Cancellable authTimer;
    private volatile boolean closed;
    /** Whether another node holds the socket and proxies it here: it is counted there. */
    private volatile boolean proxied;
    /** The {@code data} messages' own budget; made on the first one (most sockets never send any). */
    private Bucket data;
    /** The {@code quality_report}s' own cap; made on the first one. */
    private Bucket quality;

    Session(ConnectionId id, String remoteAddress, Bucket events) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.events = events;
    }

    Optional<CallClaims> claims() {
        return Optional.ofNullable(claims);
    }

    Optional<TokenClaims> token() {
        return Optional.ofNullable(token);
    }

    /** The user token of a device connection; empty for a socket with a call token. */
    Optional<UserClaims> device() {
        return token instanceof UserClaims user ? Optional.of(user) : Optional.empty();
    }

    /** A device connection joined a call it rang or accepted: in-call events see that call. */
    void joined(CallClaims claims) {
        this.claims = claims;
    }

    void authenticated(TokenClaims token) {
        this.token = token;
        if (token instanceof CallClaims call) {
            this.claims = call;
        }
        Scheduler.Cancellable timer = authTimer;
        if (timer != null) {
            timer.cancel();
        }
    }

    /**
     * A handshake token is verified before the library reports the connection, so the deadline can
     * arrive after authentication: it is called off at once then, instead of lingering as a pending
     * task (one per socket) until it fires.
     */
    void authTimer(Scheduler.Cancellable timer) {
        this.authTimer = timer;
        if (token != null || closed) {
            timer.cancel();
        }
    }

    void close() {
        closed = true;
        Scheduler.Cancellable timer = authTimer;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Only from the socket's own events, which arrive one at a time. */
    Bucket dataBudget(Supplier<Bucket> make) {
        if (data == null) {
            data = make.get();
        }
        return data;
    }

    /** Only from the socket's own events, which arrive one at a time. */
    Bucket qualityBudget(Supplier<Bucket> make) {
        if (quality == null) {
            quality = make.get();
        }
        return quality;
    }

    boolean closed() {
        return closed;
    }

    void proxy() {
        proxied = true;
    }

    boolean proxied() {
        return proxied;
    }
}
