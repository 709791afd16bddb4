package com.securevox.call.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code /health} says about TURN.
 *
 * @param configured whether clients get TURN servers with minted credentials
 * @param managed whether this server runs coturn itself
 * @param running in managed mode, whether the coturn child process is up; absent otherwise
 * @param credentialsMinted TURN credentials minted since start
 */
public record TurnStatus(
        boolean configured,
        boolean managed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean running,
        long credentialsMinted) {

    public static final TurnStatus OFF = new TurnStatus(false, false, null, 0);
}
