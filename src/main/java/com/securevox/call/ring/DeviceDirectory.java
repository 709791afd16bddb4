package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: the device connections users have on the other nodes that share the calls. Each node writes its own device
 * connections into it ({@link DevicePresence} keeps them here) and reads those of the others when it rings someone.
 * The writes only queue, since they are called on event loops; {@link #elsewhere} is I/O, so ringing reads it before
 * an invite takes its locks and passes what it found in.
 */
public interface DeviceDirectory {
    /** One node: nobody has a device connection anywhere else. */
    DeviceDirectory NONE = new DeviceDirectory() {
        @Override
        public void connected(ConnectionId connection, String userId) {}

        @Override
        public void identified(ConnectionId connection, String userId, String deviceId) {}

        @Override
        public void gone(ConnectionId connection, String userId) {}

        @Override
        public Map<String, List<Remote>> elsewhere(Collection<String> userIds) {
            return Map.of();
        }
    };

    /** The connection authenticated with {@code userId}'s user token on this node. Only queues. */
    void connected(ConnectionId connection, String userId);

    /** The connection registered its device {@code deviceId}. Only queues. */
    void identified(ConnectionId connection, String userId, String deviceId);

    /** The connection is gone. Only queues. */
    void gone(ConnectionId connection, String userId);

    /**
     * The live device connections of {@code userIds} on the other live nodes, by user (a user without any is left
     * out). Blocks on I/O: never on an event loop, never under a ring's lock. Empty when the directory cannot be
     * read: ringing goes on with this node's devices and the pushes.
     */
    Map<String, List<Remote>> elsewhere(Collection<String> userIds);

    /**
     * A device connection on another node.
     *
     * @param deviceId the device registry's id once the device registered on that connection, else empty
     */
    record Remote(String node, ConnectionId connection, String userId, Optional<String> deviceId) {
        public Remote {
            Objects.requireNonNull(node, "node: null (expected: a node id)");
            Objects.requireNonNull(connection, "connection: null (expected: a ConnectionId)");
            Objects.requireNonNull(userId, "userId: null (expected: a user id)");
            Objects.requireNonNull(deviceId, "deviceId: null (expected: an Optional)");
        }
    }
}
