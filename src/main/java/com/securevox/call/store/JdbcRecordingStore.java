package com.securevox.call.store;

import static com.securevox.call.store.JdbcHistoryStore.prepare;
import static com.securevox.call.store.JdbcHistoryStore.rollbackQuietly;
import static com.securevox.call.store.JdbcHistoryStore.update;

import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The recordings' catalog over JDBC, in the history database; the statements are the same on SQLite and PostgreSQL.
 * {@link #ready} and {@link #failed} go through the {@link RecordingAnnouncer} when webhooks are on, which writes the
 * row change and the event in one transaction; without webhooks they write the row change alone.
 */
final class JdbcRecordingStore implements RecordingCatalog {
    private static final int MAX_FAILURE_CHARS = 1000;
    private static final String COLUMNS =
            "r.id, r.session_id, r.started_by, r.started_at, r.ended_at, r.status, r.partial, r.failure, r.node";
    private static final String INSERT = "INSERT INTO recordings (id, session_id, started_by, started_at, status,"
            + " partial, deleting, node) VALUES (?, ?, ?, ?, 'recording', 0, 0, ?) ON CONFLICT (id) DO NOTHING";
    private static final String PROCESSING =
            "UPDATE recordings SET status = 'processing', ended_at = ? WHERE id = ? AND status = 'recording'";
    // Only an unsettled recording settles, once: a repeated ready or failed changes nothing and queues no event.
    private static final String SETTLE = "UPDATE recordings SET status = ?, ended_at = ?, partial = ?, failure = ?"
            + " WHERE id = ? AND status IN ('recording', 'processing') AND deleting = 0";
    private static final String INSERT_FILE = "INSERT INTO recording_files (recording_id, name, user_id, source,"
            + " start_offset_ms, duration_ms, audio, video, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PIECE = "INSERT INTO recording_file_pieces (recording_id, name, ordinal,"
            + " start_offset_ms, duration_ms) VALUES (?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final Clock clock;
    private final Optional<RecordingAnnouncer> webhooks;
    private final RecordingNode node;

    JdbcRecordingStore(DataSource dataSource, Clock clock, Optional<RecordingAnnouncer> webhooks, RecordingNode node) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.webhooks = webhooks;
        this.node = Objects.requireNonNull(node, "node: null (expected: the node recording)");
    }

    @Override
    public void started(RecordingId id, String sessionId, String startedBy, Instant at) {
        Objects.requireNonNull(sessionId, "sessionId: null (expected: the call's id)");
        Objects.requireNonNull(startedBy, "startedBy: null (expected: a userId, api or server)");
        change(
                "cannot record the start of " + id,
                INSERT,
                id.value(),
                sessionId,
                startedBy,
                at.toEpochMilli(),
                node.id());
    }

    @Override
    public void processing(RecordingId id, Instant endedAt) {
        change("cannot record the end of " + id, PROCESSING, endedAt.toEpochMilli(), id.value());
    }

    @Override
    public void ready(RecordingId id, List<RecordingFile> files, boolean partial, String lost) {
        Objects.requireNonNull(files, "files: null (expected: the playable files)");
        if (partial != (lost != null)) {
            throw new IllegalArgumentException("lost: " + (lost == null ? "null" : "'" + lost + "'")
                    + " (expected: what was lost when partial, null otherwise)");
        }
        Set<String> names = new HashSet<>();
        for (RecordingFile file : files) {
            if (!names.add(file.name())) {
                throw new IllegalArgumentException("files: '" + file.name() + "' twice (expected: distinct names)");
            }
        }
        settle(id, RecordingStatus.READY, files, partial, lost);
    }

    @Override
    public void failed(RecordingId id, String reason) {
        Objects.requireNonNull(reason, "reason: null (expected: why nothing playable could be made)");
        settle(id, RecordingStatus.FAILED, List.of(), false, reason);
    }

    private void settle(
            RecordingId id, RecordingStatus status, List<RecordingFile> files, boolean partial, String why) {
        RecordingInfo now = select("SELECT " + COLUMNS + " FROM recordings r WHERE r.id = ?", id.value()).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "recording id: " + id + " (expected: a recording whose start was recorded)"));
        if (now.status() == RecordingStatus.READY || now.status() == RecordingStatus.FAILED) {
            return; // settled already: a repeated call (the first one's answer was lost) changes nothing
        }
        Instant at = clock.instant();
        RecordingOutcome outcome = new RecordingOutcome(
                new RecordingInfo(
                        id,
                        now.sessionId(),
                        now.startedBy(),
                        now.startedAt(),
                        now.endedAt() != null ? now.endedAt() : at,
                        status,
                        partial,
                        clip(why),
                        files,
                        now.node()),
                at);
        if (webhooks.isPresent()) {
            webhooks.get().announce(outcome);
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                settle(connection, outcome);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot settle " + id, e);
        }
    }

    /**
     * Writes the outcome in the caller's transaction.
     *
     * @return false if the recording was settled already (or is being deleted): nothing was written
     */
    static boolean settle(Connection connection, RecordingOutcome outcome) throws SQLException {
        RecordingInfo r = outcome.recording();
        int changed;
        try (PreparedStatement statement = prepare(
                connection,
                SETTLE,
                r.status().wireName(),
                r.endedAt().toEpochMilli(),
                r.partial() ? 1 : 0,
                r.failure(),
                r.id().value())) {
            changed = statement.executeUpdate();
        }
        if (changed == 0) {
            return false;
        }
        for (RecordingFile file : r.files()) {
            update(
                    connection,
                    INSERT_FILE,
                    r.id().value(),
                    file.name(),
                    file.userId(),
                    file.source().wireName(),
                    file.startOffset().toMillis(),
                    file.duration().toMillis(),
                    file.audio() ? 1 : 0,
                    file.video() ? 1 : 0,
                    file.bytes());
            for (int i = 0; i < file.pieces().size(); i++) {
                RecordingFile.Piece piece = file.pieces().get(i);
                update(
                        connection,
                        INSERT_PIECE,
                        r.id().value(),
                        file.name(),
                        i,
                        piece.startOffset().toMillis(),
                        piece.duration().toMillis());
            }
        }
        return true;
    }

    @Override
    public Optional<RecordingInfo> find(RecordingId id) {
        return select("SELECT " + COLUMNS + " FROM recordings r WHERE r.id = ? AND r.deleting = 0", id.value()).stream()
                .findFirst();
    }

    @Override
    public List<RecordingInfo> list(Optional<String> sessionId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        String order = " ORDER BY r.started_at DESC, r.id DESC LIMIT ?";
        if (sessionId.isPresent()) {
            return select(
                    "SELECT " + COLUMNS + " FROM recordings r WHERE r.deleting = 0 AND r.session_id = ?" + order,
                    sessionId.get(),
                    limit);
        }
        return select("SELECT " + COLUMNS + " FROM recordings r WHERE r.deleting = 0" + order, limit);
    }

    @Override
    public List<RecordingId> endedBefore(Instant cutoff, int limit) {
        return ids(
                "SELECT r.id FROM recordings r WHERE r.status IN ('ready', 'failed') AND r.deleting = 0"
                        + " AND r.ended_at < ?" + own() + " ORDER BY r.ended_at, r.id LIMIT ?",
                node.shared()
                        ? new Object[] {cutoff.toEpochMilli(), node.id(), limit}
                        : new Object[] {cutoff.toEpochMilli(), limit});
    }

    @Override
    public List<RecordingInfo> unfinished() {
        return select(
                "SELECT " + COLUMNS + " FROM recordings r WHERE r.status IN ('recording', 'processing')"
                        + " AND r.deleting = 0" + own() + " ORDER BY r.started_at, r.id",
                ownArguments());
    }

    @Override
    public void markDeleting(RecordingId id) {
        change("cannot mark " + id + " for deletion", "UPDATE recordings SET deleting = 1 WHERE id = ?", id.value());
    }

    @Override
    public List<RecordingId> deleting() {
        return ids("SELECT r.id FROM recordings r WHERE r.deleting = 1" + own() + " ORDER BY r.id", ownArguments());
    }

    /**
     * With several nodes, the condition that keeps to this node's recordings (and those made before nodes were kept):
     * only it has their files to make, recover or delete, and another node's recording in progress is not unfinished.
     */
    private String own() {
        return node.shared() ? " AND (r.node = ? OR r.node IS NULL)" : "";
    }

    /** The argument of {@link #own()}, if it has one. */
    private Object[] ownArguments() {
        return node.shared() ? new Object[] {node.id()} : new Object[0];
    }

    @Override
    public void delete(RecordingId id) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                update(connection, "DELETE FROM recording_file_pieces WHERE recording_id = ?", id.value());
                update(connection, "DELETE FROM recording_files WHERE recording_id = ?", id.value());
                update(connection, "DELETE FROM recordings WHERE id = ?", id.value());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot delete " + id, e);
        }
    }

    private void change(String what, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private List<RecordingId> ids(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<RecordingId> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(new RecordingId(rows.getString(1)));
            }
            return ids;
        } catch (SQLException e) {
            throw failure("cannot read the recordings", e);
        }
    }

    /** The recordings the query selects, each with its files (read in one more query for all of them). */
    private List<RecordingInfo> select(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, RecordingInfo> recordings = new LinkedHashMap<>();
            try (PreparedStatement statement = prepare(connection, sql, args);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    RecordingInfo r = new RecordingInfo(
                            new RecordingId(rows.getString(1)),
                            rows.getString(2),
                            rows.getString(3),
                            Instant.ofEpochMilli(rows.getLong(4)),
                            JdbcHistoryStore.optionalInstant(rows, 5).orElse(null),
                            RecordingStatus.fromWire(rows.getString(6)).orElseThrow(),
                            rows.getInt(7) != 0,
                            rows.getString(8),
                            List.of(),
                            rows.getString(9));
                    recordings.put(r.id().value(), r);
                }
            }
            return withFiles(connection, recordings);
        } catch (SQLException e) {
            throw failure("cannot read the recordings", e);
        }
    }

    private static List<RecordingInfo> withFiles(Connection connection, Map<String, RecordingInfo> recordings)
            throws SQLException {
        if (recordings.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(recordings.size(), "?"));
        Map<String, List<RecordingFile.Piece>> pieces = pieces(connection, recordings, marks);
        Map<String, List<RecordingFile>> files = new LinkedHashMap<>();
        recordings.keySet().forEach(id -> files.put(id, new ArrayList<>()));
        String sql = "SELECT recording_id, name, user_id, source, start_offset_ms, duration_ms, audio, video, bytes"
                + " FROM recording_files WHERE recording_id IN (" + marks + ") ORDER BY start_offset_ms, name";
        try (PreparedStatement statement =
                        prepare(connection, sql, recordings.keySet().toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String userId = rows.getString(3);
                String source = rows.getString(4);
                Duration startOffset = Duration.ofMillis(rows.getLong(5));
                Duration duration = Duration.ofMillis(rows.getLong(6));
                List<RecordingFile.Piece> filePieces =
                        pieces.getOrDefault(rows.getString(1) + "/" + rows.getString(2), List.of());
                files.get(rows.getString(1))
                        .add(new RecordingFile(
                                rows.getString(2),
                                userId,
                                source != null
                                        ? RecordingFile.Source.of(source)
                                        : userId == null ? RecordingFile.Source.COMPOSED : RecordingFile.Source.CAMERA,
                                startOffset,
                                duration,
                                rows.getInt(7) != 0,
                                rows.getInt(8) != 0,
                                rows.getLong(9),
                                filePieces.isEmpty()
                                        ? List.of(new RecordingFile.Piece(startOffset, duration))
                                        : filePieces));
            }
        }
        return recordings.values().stream()
                .map(r -> new RecordingInfo(
                        r.id(),
                        r.sessionId(),
                        r.startedBy(),
                        r.startedAt(),
                        r.endedAt(),
                        r.status(),
                        r.partial(),
                        r.failure(),
                        files.get(r.id().value()),
                        r.node()))
                .toList();
    }

    /** The pieces of the recordings' files, by {@code recordingId/name}, in order. */
    private static Map<String, List<RecordingFile.Piece>> pieces(
            Connection connection, Map<String, RecordingInfo> recordings, String marks) throws SQLException {
        Map<String, List<RecordingFile.Piece>> pieces = new LinkedHashMap<>();
        String sql = "SELECT recording_id, name, start_offset_ms, duration_ms FROM recording_file_pieces"
                + " WHERE recording_id IN (" + marks + ") ORDER BY recording_id, name, ordinal";
        try (PreparedStatement statement =
                        prepare(connection, sql, recordings.keySet().toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                pieces.computeIfAbsent(rows.getString(1) + "/" + rows.getString(2), key -> new ArrayList<>())
                        .add(new RecordingFile.Piece(
                                Duration.ofMillis(rows.getLong(3)), Duration.ofMillis(rows.getLong(4))));
            }
        }
        return pieces;
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_FAILURE_CHARS ? text : text.substring(0, MAX_FAILURE_CHARS);
    }

    private static HistoryStoreException failure(String what, SQLException e) {
        return new HistoryStoreException(what + ": " + e.getMessage(), e);
    }
}
