package com.securevox.call.push;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registered devices, kept by the store in the history database. Every method may block on the database: call it
 * from a virtual thread, never from an I/O thread.
 */
public interface DeviceRegistry {

    /**
     * Registers a token, or refreshes it: a token is one device whoever registers it, so the same platform and token
     * registered again (maybe by another user, when a phone changes hands) moves the device to this registration's
     * user, app and environment and stamps it now. Its id stays when the user does, and is new when the user changes.
     */
    Device register(DeviceRegistration registration);

    /** The user's devices, oldest registration first. */
    List<Device> devices(String userId);

    /** One of the user's devices. */
    Optional<Device> device(String userId, String id);

    /** Removes one of the user's devices; false if the user has no device with that id. */
    boolean remove(String userId, String id);

    /**
     * Removes a device its provider called dead, unless it was registered again after {@code registeredNoLaterThan}
     * (a fresh registration of the same token is the app saying it is alive again).
     *
     * @return whether it was removed
     */
    boolean forget(Device device, Instant registeredNoLaterThan);
}
