package com.securevox.call.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Over a real in-memory SQLite database, with the connection wrapped to count what is prepared. */
class BatchStatementsTest {
    private static final String INSERT = "INSERT INTO t (a, b) VALUES (?, ?)";
    private static final String DELETE = "DELETE FROM t WHERE a = ?";

    private final List<String> preparedSql = new ArrayList<>();
    private final List<PreparedStatement> prepared = new ArrayList<>();

    private Connection counting(Connection real) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(real, args);
                        if (method.getName().equals("prepareStatement")) {
                            preparedSql.add((String) args[0]);
                            prepared.add((PreparedStatement) result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void eachStatementIsPreparedOncePerBatchAndRebound() throws SQLException {
        try (Connection real = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            try (Statement ddl = real.createStatement()) {
                ddl.execute("CREATE TABLE t (a TEXT, b INTEGER)");
            }
            try (BatchStatements statements = new BatchStatements(counting(real))) {
                statements.update(INSERT, "x", 1);
                statements.update(INSERT, "y", null);
                statements.update(DELETE, "x");
                statements.update(INSERT, "z", 3L);
            }

            assertThat(preparedSql).containsExactly(INSERT, DELETE);
            for (PreparedStatement statement : prepared) {
                assertThat(statement.isClosed()).as("closed with the batch").isTrue();
            }
            List<String> rows = new ArrayList<>();
            try (Statement query = real.createStatement();
                    ResultSet result = query.executeQuery("SELECT a, b FROM t ORDER BY a")) {
                while (result.next()) {
                    rows.add(result.getString(1) + "=" + result.getObject(2));
                }
            }
            assertThat(rows).as("each row as it was bound").containsExactly("y=null", "z=3");
        }
    }
}
