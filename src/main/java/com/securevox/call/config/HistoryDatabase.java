package com.securevox.call.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the call history is kept: an SQLite file (the default) or a PostgreSQL database. */
public sealed interface HistoryDatabase {

    /** For the start-up summary: never a password. */
    String describe();

    record Sqlite(Path file) implements HistoryDatabase {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String describe() {
            return "sqlite " + file;
        }
    }

    /**
     * A PostgreSQL database; user and password apart from the URL when the configured URL carried them.
     *
     * @param jdbcUrl a {@code jdbc:postgresql://} URL; when the configured URL carried a password as a query
     *     parameter it is still in there, so log {@link #describe()}, never this
     */
    record Postgres(String jdbcUrl, Optional<String> user, Optional<Secret> password) implements HistoryDatabase {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String describe() {
            String shown = jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
            return "postgresql " + shown + user.map(u -> " user " + u).orElse("")
                    + password.map(p -> " password ***").orElse("");
        }
    }
}
