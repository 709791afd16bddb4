package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import com.securevox.call.call.ConnectionId;
import java.util.Objects;
import java.util.Optional;

/**
 * One device connection as the directory of device connections stores it: the member {@code
 * <node>|<connection>|<deviceId or ->} of a user's sorted set. Read back strictly: another node wrote it, and
 * anything else in the set (another program's, a newer version's) is refused rather than guessed at.
 *
 * @param deviceId the device registry's id once the device registered on the connection
 */
record DeviceEntry(String node, ConnectionId connection, Optional<String> deviceId) {
    /** Separates the fields; none of them may contain it. */
    static final char SEPARATOR = '|';

    /** Stands for a connection whose device has not registered. */
    static final String NO_DEVICE = "-";

    /** The longest connection or device id stored; a longer one is not a socket's or a registry's id. */
    static final int MAX_ID_LENGTH = 256;

    DeviceEntry {
        if (!Owner.isValidNode(node)) {
            throw new IllegalArgumentException(
                    "node: invalid (expected: 1 to " + Owner.MAX_NODE_LENGTH + " of [A-Za-z0-9._-])");
        }
        Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
        check("connection", connection.value());
        Objects.requireNonNull(deviceId, "deviceId: null (expected: an Optional)");
        deviceId.ifPresent(id -> check("deviceId", id));
        if (deviceId.filter(NO_DEVICE::equals).isPresent()) {
            throw new IllegalArgumentException("deviceId: '" + NO_DEVICE + "' (expected: a device registry's id)");
        }
    }

    /** Whether the connection and device ids can be stored: not too long, without the separator. */
    static boolean storable(ConnectionId connection, Optional<String> deviceId) {
        return fits(connection.value()) && deviceId.map(DeviceEntry::fits).orElse(true);
    }

    String member() {
        return node + SEPARATOR + connection.value() + SEPARATOR + deviceId.orElse(NO_DEVICE);
    }

    /**
     * The entry a member of the set names.
     *
     * @throws RedisValueException when it is not one this class writes
     */
    static DeviceEntry parse(String member) throws RedisValueException {
        if (member == null) {
            throw new RedisValueException("device entry: missing (expected: <node>|<connection>|<deviceId or ->)");
        }
        int first = member.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : member.indexOf(SEPARATOR, first + 1);
        if (second < 0 || member.indexOf(SEPARATOR, second + 1) >= 0) {
            throw new RedisValueException(
                    "device entry: " + RedisValues.shown(member) + " (expected: <node>|<connection>|<deviceId or ->)");
        }
        String device = member.substring(second + 1);
        try {
            return new DeviceEntry(
                    member.substring(0, first),
                    new ConnectionId(member.substring(first + 1, second)),
                    device.equals(NO_DEVICE) ? Optional.empty() : Optional.of(device));
        } catch (IllegalArgumentException e) {
            throw new RedisValueException("device entry: " + RedisValues.shown(member) + ": " + e.getMessage());
        }
    }

    private static void check(String name, String value) {
        if (value.isEmpty() || !fits(value)) {
            throw new IllegalArgumentException(name + ": " + (value.isEmpty() ? "empty" : "invalid")
                    + " (expected: 1 to " + MAX_ID_LENGTH + " characters without '" + SEPARATOR + "')");
        }
    }

    private static boolean fits(String value) {
        return value.length() <= MAX_ID_LENGTH
                && value.indexOf(SEPARATOR) < 0
                && value.chars().noneMatch(Character::isISOControl);
    }
}
