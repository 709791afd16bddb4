package com.securevox.call.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads the {@code SECUREVOX_CALL_TURN*} settings into {@link TurnSettings}, recording problems like the loader. */
final class TurnSettingsReader {

    static final int DEFAULT_PORT = 3478;
    static final String DEFAULT_RELAY_IP = "127.0.0.1";
    static final int DEFAULT_MIN_RELAY_PORT = 49_152;
    static final int DEFAULT_MAX_RELAY_PORT = 65_535;
    static final int MIN_PRODUCTION_SECRET_CHARS = 16;

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");
    private static final List<String> MANAGED_ONLY = List.of(
            ConfigKeys.TURN_PORT, ConfigKeys.TURN_RELAY_IP, ConfigKeys.TURN_EXTERNAL_IP, ConfigKeys.TURN_RELAY_PORTS);

    private TurnSettingsReader() {}

    static TurnSettings read(Settings s, boolean production, Supplier<String> secretGenerator) {
        Optional<String> urlsText = s.text(ConfigKeys.TURN_URLS);
        TurnMode mode = mode(s, urlsText.isPresent());
        Duration ttl = s.duration(ConfigKeys.TURN_TTL, TurnSettings.DEFAULT_CREDENTIAL_TTL, Duration.ofSeconds(1));
        if (mode != TurnMode.MANAGED) {
            MANAGED_ONLY.stream()
                    .filter(key -> s.text(key).isPresent())
                    .forEach(key -> s.warn(key + ": ignored (only used with " + ConfigKeys.TURN + "=managed)"));
        }
        if (mode == TurnMode.OFF) {
            if (s.exact(ConfigKeys.TURN_SECRET).isPresent()) {
                s.warn(ConfigKeys.TURN_SECRET + ": ignored (TURN is off: set " + ConfigKeys.TURN_URLS + " or "
                        + ConfigKeys.TURN + "=managed)");
            }
            return TurnSettings.off();
        }

        Optional<TurnSettings.Managed> managed = mode == TurnMode.MANAGED ? Optional.of(managed(s)) : Optional.empty();
        List<String> urls = urlsText.isPresent()
                ? urls(s, urlsText.get())
                : managed.map(TurnSettingsReader::defaultUrls).orElseGet(() -> {
                    s.problem(ConfigKeys.TURN_URLS + ": missing (expected: turn: or turns: URLs such as"
                            + " turn:turn.example.com:3478, required with " + ConfigKeys.TURN + "=external)");
                    return List.of();
                });

        Optional<String> configuredSecret = s.exact(ConfigKeys.TURN_SECRET);
        boolean generated = configuredSecret.isEmpty() && mode == TurnMode.MANAGED;
        if (configuredSecret.isEmpty() && !generated) {
            s.problem(ConfigKeys.TURN_SECRET + ": missing (expected: coturn's static-auth-secret, required with "
                    + ConfigKeys.TURN_URLS + ")");
        }
        configuredSecret.ifPresent(secret -> checkSecret(s, secret, production));
        if (!s.problems().isEmpty()) {
            return TurnSettings.off();
        }
        Secret secret = new Secret(configuredSecret.orElseGet(secretGenerator));
        return new TurnSettings(mode, urls, Optional.of(secret), generated, ttl, managed);
    }

    private static TurnMode mode(Settings s, boolean urlsSet) {
        Optional<String> value = s.text(ConfigKeys.TURN);
        if (value.isEmpty()) {
            return urlsSet ? TurnMode.EXTERNAL : TurnMode.OFF;
        }
        Optional<TurnMode> mode = TurnMode.parse(value.get());
        if (mode.isEmpty()) {
            s.problem(ConfigKeys.TURN + ": " + Settings.shown(value.get()) + " (expected: off, external or managed)");
            return TurnMode.OFF;
        }
        if (mode.get() == TurnMode.OFF && urlsSet) {
            s.warn(ConfigKeys.TURN_URLS + ": ignored (" + ConfigKeys.TURN + "=off)");
        }
        return mode.get();
    }

    private static List<String> urls(Settings s, String text) {
        List<String> urls = new ArrayList<>();
        for (String url : Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .toList()) {
            if (IceServer.isTurnServerUrl(url)) {
                urls.add(url);
            } else {
                s.problem(ConfigKeys.TURN_URLS + ": " + Settings.shown(url)
                        + " (expected: turn:, turns: or stun: URLs such as turn:turn.example.com:3478?transport=udp)");
            }
        }
        if (urls.stream().noneMatch(url -> url.startsWith("turn"))) {
            s.problem(ConfigKeys.TURN_URLS + ": " + Settings.shown(text)
                    + " (expected: at least one turn: or turns: URL)");
        }
        return urls;
    }

    private static void checkSecret(Settings s, String secret, boolean production) {
        // Managed mode writes it into coturn's configuration, where a newline would add lines of its own.
        if (!VISIBLE_ASCII.matcher(secret).matches()) {
            s.problem(ConfigKeys.TURN_SECRET
                    + ": contains spaces, control or non-ASCII characters (expected: visible ASCII)");
            return;
        }
        int min = MIN_PRODUCTION_SECRET_CHARS;
        if (secret.length() < min && production) {
            s.problem(ConfigKeys.TURN_SECRET + ": " + secret.length() + " characters (expected: at least " + min
                    + " in production)");
        } else if (secret.length() < min) {
            s.warn(ConfigKeys.TURN_SECRET + ": " + secret.length() + " characters (at least " + min
                    + " are required in production)");
        }
    }

    private static TurnSettings.Managed managed(Settings s) {
        int port = s.integer(ConfigKeys.TURN_PORT, DEFAULT_PORT, 1, 65_535);
        String relayIp = ip(s, ConfigKeys.TURN_RELAY_IP).orElse(DEFAULT_RELAY_IP);
        Optional<String> externalIp = ip(s, ConfigKeys.TURN_EXTERNAL_IP);
        PortRange relay =
                s.portRange(ConfigKeys.TURN_RELAY_PORTS, new PortRange(DEFAULT_MIN_RELAY_PORT, DEFAULT_MAX_RELAY_PORT));
        return new TurnSettings.Managed(port, relayIp, externalIp, relay.low(), relay.high());
    }

    /** An IP literal (never a name: nothing is looked up), and not a wildcard: coturn must bind one address. */
    private static Optional<String> ip(Settings s, String key) {
        return IpSetting.read(s, key, "one IPv4 or IPv6 address of this machine");
    }

    /** UDP and TCP on the managed listener, at the address clients see: the external one behind NAT. */
    private static List<String> defaultUrls(TurnSettings.Managed managed) {
        String ip = managed.externalIp().orElse(managed.relayIp());
        String host = InetAddress.ofLiteral(ip) instanceof Inet6Address ? "[" + ip + "]" : ip;
        String base = "turn:" + host + ":" + managed.port();
        return List.of(base + "?transport=udp", base + "?transport=tcp");
    }
}
