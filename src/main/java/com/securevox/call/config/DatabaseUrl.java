package com.securevox.call.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code SECUREVOX_CALL_DATABASE_URL}: the {@code postgres://user:pass@host:port/db?sslmode=…} form most hosting
 * providers hand out ({@code postgresql://} too), or a JDBC URL ({@code jdbc:postgresql://host:port/db?…}). Problems
 * never repeat a value that may hold a password.
 */
final class DatabaseUrl {
    static final String EXPECTED =
            "(expected: postgres://user:password@host:port/database, postgresql://… or jdbc:postgresql://host:port/database)";
    private static final Pattern DATABASE = Pattern.compile("/[A-Za-z0-9_$.-]{1,63}");
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_.-]+=[^&=]*(&[A-Za-z0-9_.-]+=[^&=]*)*");

    /** The problem with a value, or the database it names. */
    sealed interface Parsed {
        record Ok(HistoryDatabase.Postgres database) implements Parsed {}

        record Problem(String message) implements Parsed {}
    }

    private DatabaseUrl() {}

    static Parsed parse(String raw) {
        String key = ConfigKeys.DATABASE_URL + ": ";
        String lower = raw.toLowerCase(Locale.ROOT);
        boolean jdbc = lower.startsWith("jdbc:postgresql://");
        if (!jdbc && !lower.startsWith("postgres://") && !lower.startsWith("postgresql://")) {
            return new Parsed.Problem(key + shown(raw) + " " + EXPECTED);
        }
        URI uri;
        try {
            uri = new URI(jdbc ? raw.substring("jdbc:".length()) : raw);
        } catch (URISyntaxException e) {
            return new Parsed.Problem(key + shown(raw) + " is not a valid URL " + EXPECTED);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return new Parsed.Problem(key + shown(raw) + " has no host " + EXPECTED);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return new Parsed.Problem(key + shown(raw) + " has port " + uri.getPort() + " (expected: 1 to 65535)");
        }
        if (uri.getRawPath() == null || !DATABASE.matcher(uri.getRawPath()).matches()) {
            return new Parsed.Problem(key + shown(raw) + " names no database (expected: /database after host:port)");
        }
        if (uri.getRawFragment() != null) {
            return new Parsed.Problem(key + shown(raw) + " has a #fragment " + EXPECTED);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty() && !QUERY.matcher(query).matches()) {
            return new Parsed.Problem(
                    key + shown(raw) + " has a malformed query (expected: name=value pairs joined by &)");
        }
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            if (jdbc) {
                return new Parsed.Problem(key + "a jdbc: URL with user:password@ (expected: ?user=…&password=… in a"
                        + " jdbc: URL, or the postgres://user:password@host/database form)");
            }
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            String rawUser = colon < 0 ? info : info.substring(0, colon);
            if (rawUser.isEmpty()) {
                return new Parsed.Problem(key + "(value hidden) has an empty user name before @ " + EXPECTED);
            }
            user = Optional.of(decode(rawUser));
            if (colon >= 0 && colon + 1 < info.length()) {
                password = Optional.of(new Secret(decode(info.substring(colon + 1))));
            }
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String host = uri.getHost();
        String jdbcUrl = "jdbc:postgresql://" + host + port + uri.getRawPath()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        return new Parsed.Ok(new HistoryDatabase.Postgres(jdbcUrl, user, password));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The value, unless it may carry a password. */
    private static String shown(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return raw.contains("@") || lower.contains("password") ? "(value hidden)" : Settings.shown(raw);
    }
}
