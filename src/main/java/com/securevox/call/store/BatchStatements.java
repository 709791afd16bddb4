package com.securevox.call.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one batch of history writes, each prepared once and reused for every row of the batch:
 * SQLite compiles a statement on every {@code prepareStatement}, and a join's two statements compiled anew for each
 * join were a good part of the history writer's CPU (docs/benchmarks.md, issue 17). Closes them with the batch.
 */
final class BatchStatements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    BatchStatements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Runs {@code sql} with {@code args} (as {@link JdbcHistoryStore#prepare} binds them). */
    void update(String sql, Object... args) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        statement.clearParameters();
        JdbcHistoryStore.bind(statement, args);
        statement.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (first != null) {
            throw first;
        }
    }
}
