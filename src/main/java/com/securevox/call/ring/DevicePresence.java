package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which device connections each user has now: userId → live device connections. A user may have several at once
 * (phone, tablet, browser). Thread-safe: connections come and go on every event loop while rings read it.
 */
public final class DevicePresence {

    /** One live device connection; {@code deviceId} is the registry's id once the device registered, else empty. */
    public record Device(ConnectionId connection, String userId, Optional<String> deviceId) {}

    private final Map<String, Set<ConnectionId>> byUser = new ConcurrentHashMap<>();
    private final Map<ConnectionId, Device> byConnection = new ConcurrentHashMap<>();

    /** The connection authenticated with a user token: it is {@code userId}'s device connection from now on. */
    public void add(ConnectionId connection, String userId) {
        byConnection.put(connection, new Device(connection, userId, Optional.empty()));
        byUser.compute(userId, (user, set) -> {
            Set<ConnectionId> devices = set == null ? ConcurrentHashMap.newKeySet() : set;
            devices.add(connection);
            return devices;
        });
    }

    /**
     * The hook for {@code register_device}: the device registry names the device of this connection, so a push for a
     * ring skips it while it is connected. Ignored for a connection that is not a device connection.
     */
    public void identify(ConnectionId connection, String deviceId) {
        byConnection.computeIfPresent(
                connection, (id, device) -> new Device(id, device.userId(), Optional.of(deviceId)));
    }

    /** The connection is gone; returns whose device it was. */
    public Optional<Device> remove(ConnectionId connection) {
        Device device = byConnection.remove(connection);
        if (device == null) {
            return Optional.empty();
        }
        byUser.computeIfPresent(device.userId(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        return Optional.of(device);
    }

    /** The user's live device connections, in no particular order. */
    public List<Device> of(String userId) {
        Set<ConnectionId> connections = byUser.get(userId);
        if (connections == null) {
            return List.of();
        }
        return connections.stream()
                .map(byConnection::get)
                .filter(d -> d != null)
                .toList();
    }

    public Optional<Device> device(ConnectionId connection) {
        return Optional.ofNullable(byConnection.get(connection));
    }
}
