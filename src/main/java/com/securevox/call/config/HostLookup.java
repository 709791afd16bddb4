package com.securevox.call.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a host name to bind resolves on this machine. The loader asks before anything starts, so a typo in
 * {@code SECUREVOX_CALL_HOST} is reported like every other bad setting (exit 78, naming it) rather than as a failed
 * bind. Tests pass their own, so that loading a config never depends on the network.
 */
@FunctionalInterface
public interface HostLookup {

    /** The machine's resolver. IP literals (with or without brackets) never reach DNS. */
    HostLookup SYSTEM = host -> {
        try {
            InetAddress.getAllByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    };

    /** Whether {@code host}, already checked to look like a host name or IP address, has an address. */
    boolean resolves(String host);
}
