package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.prepare;

import com.securevox.call.push.ApnsEnvironment;
import com.securevox.call.push.Device;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.push.Platform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The device registry over JDBC, in the history database. A registration is one statement ({@code INSERT … ON
 * CONFLICT (platform, token) DO UPDATE}, which SQLite and PostgreSQL both understand), so two registrations of one
 * token at once cannot make two rows.
 */
final class JdbcDeviceStore implements DeviceRegistry {
    private static final String COLUMNS = "id, user_id, platform, token, app_id, environment, registered_at";
    // Same user: the row keeps its id. Another user: the device is theirs now, under a new id, so the old owner's id
    // names nothing any more.
    private static final String UPSERT = "INSERT INTO devices (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (platform, token) DO UPDATE SET"
            + " id = CASE WHEN devices.user_id = excluded.user_id THEN devices.id ELSE excluded.id END,"
            + " user_id = excluded.user_id, app_id = excluded.app_id, environment = excluded.environment,"
            + " registered_at = excluded.registered_at";
    private static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM devices WHERE platform = ? AND token = ?";
    private static final String BY_USER =
            "SELECT " + COLUMNS + " FROM devices WHERE user_id = ? ORDER BY registered_at, id";
    private static final String ONE = "SELECT " + COLUMNS + " FROM devices WHERE user_id = ? AND id = ?";
    private static final String REMOVE = "DELETE FROM devices WHERE user_id = ? AND id = ?";
    private static final String FORGET =
            "DELETE FROM devices WHERE id = ? AND platform = ? AND token = ? AND registered_at <= ?";

    private final DataSource dataSource;
    private final Clock clock;

    JdbcDeviceStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Device register(DeviceRegistration r) {
        long now = clock.millis();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement upsert = prepare(
                    connection,
                    UPSERT,
                    UUID.randomUUID().toString(),
                    r.userId(),
                    r.platform().wireName(),
                    r.token(),
                    r.appId().orElse(null),
                    r.environment().map(ApnsEnvironment::wireName).orElse(null),
                    now)) {
                upsert.executeUpdate();
            }
            List<Device> found = query(connection, BY_TOKEN, r.platform().wireName(), r.token());
            if (found.isEmpty()) {
                throw new HistoryStoreException("cannot register a device: its row is gone right after writing", null);
            }
            return found.getFirst();
        } catch (SQLException e) {
            throw failure("cannot register a device of " + r.userId(), e);
        }
    }

    @Override
    public List<Device> devices(String userId) {
        return read("cannot list the devices of " + userId, BY_USER, userId);
    }

    @Override
    public Optional<Device> device(String userId, String id) {
        return read("cannot read device " + id, ONE, userId, id).stream().findFirst();
    }

    @Override
    public boolean remove(String userId, String id) {
        return change("cannot remove device " + id, REMOVE, userId, id) > 0;
    }

    @Override
    public boolean forget(Device device, Instant registeredNoLaterThan) {
        return change(
                        "cannot remove device " + device.id(),
                        FORGET,
                        device.id(),
                        device.platform().wireName(),
                        device.token(),
                        registeredNoLaterThan.toEpochMilli())
                > 0;
    }

    private List<Device> read(String what, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, args);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private int change(String what, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static List<Device> query(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<Device> devices = new ArrayList<>();
            while (rows.next()) {
                devices.add(new Device(
                        rows.getString("id"),
                        rows.getString("user_id"),
                        Platform.fromWire(rows.getString("platform"))
                                .orElseThrow(() -> new IllegalStateException("devices.platform: unknown value")),
                        rows.getString("token"),
                        Optional.ofNullable(rows.getString("app_id")),
                        Optional.ofNullable(rows.getString("environment")).flatMap(ApnsEnvironment::fromWire),
                        Instant.ofEpochMilli(rows.getLong("registered_at"))));
            }
            return devices;
        }
    }

    private static HistoryStoreException failure(String what, SQLException e) {
        return new HistoryStoreException(what + ": " + e.getMessage(), e);
    }
}
