package com.securevox.call.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code SECUREVOX_CALL_REDIS_URL}: {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} (TLS),
 * and for Sentinel {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]]…/master[/db]} ({@code
 * rediss-sentinel://} with TLS). Strict: no query, no fragment, no empty parts. Problems never repeat a value that may
 * hold a password.
 */
final class RedisUrl {
    static final String EXPECTED = "(expected: redis://host:port[/db], rediss://host:port[/db] or"
            + " redis-sentinel://host:26379,host2:26379/master[/db])";
    static final String MASTER_RULE = "a Sentinel master name of 1 to 64 of [A-Za-z0-9._-]";
    static final Pattern MASTER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern HOST_PORT =
            Pattern.compile("(?:\\[([0-9A-Fa-f:.]{2,45})\\]|([^:\\[\\]]+))(?::([0-9]{1,5}))?");
    private static final Pattern DATABASE = Pattern.compile("0|[1-9][0-9]?");
    private static final Pattern ESCAPED = Pattern.compile("([^%]|%[0-9A-Fa-f]{2})*");

    /** The problem with a value, or the Redis it names. */
    sealed interface Parsed {
        record Ok(RedisConfig redis) implements Parsed {}

        record Problem(String message) implements Parsed {}
    }

    private RedisUrl() {}

    static Parsed parse(String raw) {
        String key = ConfigKeys.REDIS_URL + ": ";
        String shown = shown(raw);
        int schemeEnd = raw.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : raw.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        boolean sentinel = scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel");
        boolean tls = scheme.equals("rediss") || scheme.equals("rediss-sentinel");
        if (!sentinel && !scheme.equals("redis") && !scheme.equals("rediss")) {
            return new Parsed.Problem(key + shown + " " + EXPECTED);
        }
        String rest = raw.substring(schemeEnd + 3);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            return new Parsed.Problem(key + shown + " has a query or #fragment " + EXPECTED);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (at >= 0) {
            String info = authority.substring(0, at);
            int colon = info.indexOf(':');
            if (colon < 0 || colon == info.length() - 1) {
                return new Parsed.Problem(key + "(value hidden) has a user without a password before @"
                        + " (expected: user:password@ or :password@)");
            }
            if (!ESCAPED.matcher(info).matches()) {
                return new Parsed.Problem(key + "(value hidden) has a malformed %-escape before @"
                        + " (expected: %XX with two hex digits)");
            }
            user = colon == 0 ? Optional.empty() : Optional.of(decode(info.substring(0, colon)));
            password = Optional.of(new Secret(decode(info.substring(colon + 1))));
            authority = authority.substring(at + 1);
        }
        List<RedisConfig.Host> hosts = new ArrayList<>();
        for (String part : authority.split(",", -1)) {
            Optional<RedisConfig.Host> host = host(part, sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT);
            if (host.isEmpty()) {
                return new Parsed.Problem(
                        key + shown + " has " + (part.isEmpty() ? "an empty host" : "host " + Settings.shown(part))
                                + " (expected: host or host:port, a host name or IP address, port from 1 to 65535)");
            }
            hosts.add(host.get());
        }
        if (!sentinel && hosts.size() > 1) {
            return new Parsed.Problem(key + shown + " names " + hosts.size() + " hosts (expected: one host, or"
                    + " redis-sentinel:// for several Sentinels)");
        }
        String[] segments = path.isEmpty() ? new String[0] : path.split("/", -1);
        String master = null;
        int next = 0;
        if (sentinel) {
            if (segments.length == 0 || !MASTER.matcher(segments[0]).matches()) {
                return new Parsed.Problem(
                        key + shown + " names no master (expected: /master after the Sentinels, " + MASTER_RULE + ")");
            }
            master = segments[0];
            next = 1;
        }
        int database = 0;
        if (segments.length > next) {
            if (segments.length > next + 1
                    || !DATABASE.matcher(segments[next]).matches()
                    || Integer.parseInt(segments[next]) > RedisConfig.MAX_DATABASE) {
                return new Parsed.Problem(key + shown + " has path " + Settings.shown("/" + path)
                        + " (expected: " + (sentinel ? "/master or /master/db" : "nothing or /db")
                        + ", db from 0 to " + RedisConfig.MAX_DATABASE + ")");
            }
            database = Integer.parseInt(segments[next]);
        }
        RedisConfig.Servers servers =
                sentinel ? new RedisConfig.Sentinel(hosts, master) : new RedisConfig.Standalone(hosts.getFirst());
        return new Parsed.Ok(new RedisConfig(servers, tls, database, user, password));
    }

    private static Optional<RedisConfig.Host> host(String part, int defaultPort) {
        Matcher m = HOST_PORT.matcher(part);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        if (m.group(1) == null && !HOST_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        int port = m.group(3) == null ? defaultPort : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new RedisConfig.Host(name, port));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The value, unless it may carry a password. */
    private static String shown(String raw) {
        return raw.contains("@") ? "(value hidden)" : Settings.shown(raw);
    }
}
