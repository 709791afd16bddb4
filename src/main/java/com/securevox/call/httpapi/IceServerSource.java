package com.securevox.call.httpapi;

import com.securevox.call.signaling.Wire;
import java.time.Instant;
import java.util.List;

/** The {@code iceServers} a token response carries: per user, since TURN credentials are minted for each one. */
@FunctionalInterface
public interface IceServerSource {
    List<Wire.IceServer> forUser(String userId, Instant tokenExpiresAt);
}
