package com.securevox.call.config;

import com.securevox.call.media.MediaSetting;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code SECUREVOX_CALL_SFU*}, {@code SECUREVOX_CALL_JANUS_BIN} and {@code SECUREVOX_CALL_MEDIA} settings,
 * recording problems like the loader. The SFU is on by default where Janus is installed: a server that can forward
 * group calls does, and one that cannot says so in its banner rather than failing.
 */
final class SfuSettingsReader {
    static final String PROGRAM = "janus";
    /** Where Debian's {@code janus} package puts it, looked at when PATH does not have it (a service's bare PATH). */
    static final Path DEBIAN_BINARY = Path.of("/usr/bin/janus");

    static final PortRange DEFAULT_RTP_PORTS = new PortRange(20_000, 40_000);
    static final String JANUS_DIR = "janus";
    static final int MIN_PRODUCTION_SECRET_CHARS = 16;

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");
    private static final List<String> MANAGED_ONLY =
            List.of(ConfigKeys.SFU_RTP_PORTS, ConfigKeys.SFU_API_PORT, ConfigKeys.SFU_PUBLIC_IP, ConfigKeys.JANUS_BIN);
    private static final List<String> EXTERNAL_ONLY =
            List.of(ConfigKeys.SFU_URL, ConfigKeys.SFU_SECRET, ConfigKeys.SFU_ADMIN_URL, ConfigKeys.SFU_ADMIN_SECRET);

    private SfuSettingsReader() {}

    /**
     * @param turn the TURN settings already read: a managed coturn's relay ports must not overlap Janus's, and its
     *     external address is Janus's public one unless another is set
     * @param dataDir the server's data directory; a managed Janus's configuration goes into its {@code janus}
     *     directory
     */
    static SfuSettings read(
            Settings s, boolean production, TurnSettings turn, String dataDir, Executables executables) {
        int before = s.problems().size();
        Optional<Path> found = janus(s, executables);
        SfuMode mode = s.choice(ConfigKeys.SFU, SfuMode.class, found.isPresent() ? SfuMode.MANAGED : SfuMode.OFF);
        warnIgnored(s, mode != SfuMode.MANAGED, MANAGED_ONLY, "managed");
        warnIgnored(s, mode != SfuMode.EXTERNAL, EXTERNAL_ONLY, "external");
        int bitrate = s.integer(
                ConfigKeys.SFU_BITRATE, SfuSettings.DEFAULT_BITRATE, SfuSettings.MIN_BITRATE, SfuSettings.MAX_BITRATE);
        SfuSettings sfu =
                switch (mode) {
                    case OFF -> SfuSettings.off();
                    case EXTERNAL -> external(s, production, bitrate);
                    case MANAGED -> managed(s, found, turn, dataDir, bitrate, before);
                };
        return s.problems().size() > before ? SfuSettings.off() : sfu;
    }

    /** {@code sfu} with the SFU off is a contradiction; {@code auto} then quietly means mesh. */
    static MediaSetting media(Settings s, SfuSettings sfu) {
        MediaSetting media = s.choice(ConfigKeys.MEDIA, MediaSetting.class, MediaSetting.AUTO);
        if (media == MediaSetting.SFU && sfu.mode() == SfuMode.OFF) {
            s.problem(ConfigKeys.MEDIA + ": 'sfu' with no SFU (expected: " + ConfigKeys.SFU
                    + "=managed or external, or " + ConfigKeys.MEDIA + "=auto or mesh)");
            return MediaSetting.AUTO;
        }
        return media;
    }

    /**
     * The janus program: {@code SECUREVOX_CALL_JANUS_BIN} when set (whether or not it exists: managed mode then fails
     * at start naming it), else the first {@code janus} on PATH, else Debian's; empty when there is none.
     */
    private static Optional<Path> janus(Settings s, Executables executables) {
        Optional<String> configured = s.text(ConfigKeys.JANUS_BIN);
        if (configured.isPresent()) {
            try {
                Path path = Path.of(configured.get());
                return executables.executable(path) ? Optional.of(path) : Optional.empty();
            } catch (InvalidPathException e) {
                s.problem(ConfigKeys.JANUS_BIN + ": " + Settings.shown(configured.get())
                        + " (expected: the path of the janus program)");
                return Optional.empty();
            }
        }
        for (String dir : s.text("PATH").orElse("").split(":")) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, PROGRAM);
                if (executables.executable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // a PATH entry that is no path holds no program
            }
        }
        return executables.executable(DEBIAN_BINARY) ? Optional.of(DEBIAN_BINARY) : Optional.empty();
    }

    private static void warnIgnored(Settings s, boolean ignored, List<String> keys, String mode) {
        if (ignored) {
            keys.stream()
                    .filter(key -> s.text(key).isPresent())
                    .forEach(key -> s.warn(key + ": ignored (only used with " + ConfigKeys.SFU + "=" + mode + ")"));
        }
    }

    private static SfuSettings external(Settings s, boolean production, int bitrate) {
        Optional<URI> url = s.text(ConfigKeys.SFU_URL).flatMap(raw -> webSocketUrl(s, ConfigKeys.SFU_URL, raw));
        if (s.text(ConfigKeys.SFU_URL).isEmpty()) {
            s.problem(ConfigKeys.SFU_URL + ": missing (expected: Janus's WebSocket API, such as ws://127.0.0.1:8188,"
                    + " required with " + ConfigKeys.SFU + "=external)");
        }
        Optional<String> secret = s.exact(ConfigKeys.SFU_SECRET);
        if (secret.isEmpty()) {
            s.problem(ConfigKeys.SFU_SECRET + ": missing (expected: Janus's api_secret, required with " + ConfigKeys.SFU
                    + "=external)");
        } else {
            checkSecret(s, production, ConfigKeys.SFU_SECRET, secret.get());
        }
        Optional<SfuSettings.Admin> admin = admin(s, production);
        if (url.isEmpty() || secret.isEmpty()) {
            return SfuSettings.off();
        }
        return new SfuSettings.External(url.get(), new Secret(secret.get()), bitrate, admin);
    }

    /** The Admin API of an external Janus: optional, but its URL and secret go together. */
    private static Optional<SfuSettings.Admin> admin(Settings s, boolean production) {
        Optional<String> rawUrl = s.text(ConfigKeys.SFU_ADMIN_URL);
        Optional<String> secret = s.exact(ConfigKeys.SFU_ADMIN_SECRET);
        if (rawUrl.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (rawUrl.isEmpty() || secret.isEmpty()) {
            String missing = rawUrl.isEmpty() ? ConfigKeys.SFU_ADMIN_URL : ConfigKeys.SFU_ADMIN_SECRET;
            String set = rawUrl.isEmpty() ? ConfigKeys.SFU_ADMIN_SECRET : ConfigKeys.SFU_ADMIN_URL;
            s.problem(missing + ": missing (expected: set together with " + set + ", or neither for no Admin API)");
            return Optional.empty();
        }
        Optional<URI> url = webSocketUrl(s, ConfigKeys.SFU_ADMIN_URL, rawUrl.get());
        boolean secretOk = checkSecret(s, production, ConfigKeys.SFU_ADMIN_SECRET, secret.get());
        return url.isEmpty() || !secretOk
                ? Optional.empty()
                : Optional.of(new SfuSettings.Admin(url.get(), new Secret(secret.get())));
    }

    /** Visible ASCII, and long enough in production; false when refused. */
    private static boolean checkSecret(Settings s, boolean production, String key, String secret) {
        if (!VISIBLE_ASCII.matcher(secret).matches()) {
            s.problem(key + ": contains spaces, control or non-ASCII characters (expected: visible ASCII)");
            return false;
        }
        if (secret.length() < MIN_PRODUCTION_SECRET_CHARS) {
            String count = secret.length() + " characters";
            if (production) {
                s.problem(
                        key + ": " + count + " (expected: at least " + MIN_PRODUCTION_SECRET_CHARS + " in production)");
                return false;
            }
            s.warn(key + ": " + count + " (at least " + MIN_PRODUCTION_SECRET_CHARS + " are required in production)");
        }
        return true;
    }

    /** A ws:// or wss:// URL with a host; one with credentials is never echoed. */
    private static Optional<URI> webSocketUrl(Settings s, String key, String raw) {
        try {
            URI uri = new URI(raw);
            if (uri.getRawUserInfo() != null) {
                s.problem(key + ": contains user:password@ (expected: a ws:// or wss:// URL without"
                        + " credentials; the secret goes in "
                        + (key.equals(ConfigKeys.SFU_URL) ? ConfigKeys.SFU_SECRET : ConfigKeys.SFU_ADMIN_SECRET) + ")");
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("ws") || scheme.equals("wss"))
                    && uri.getHost() != null
                    && uri.getRawFragment() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        s.problem(key + ": " + Settings.shown(raw) + " (expected: a ws:// or wss:// URL such as ws://127.0.0.1:"
                + (key.equals(ConfigKeys.SFU_URL) ? "8188" : "7188") + ")");
        return Optional.empty();
    }

    /** @param before the count of problems before the SFU's settings were read: more means a managed Janus is off */
    private static SfuSettings managed(
            Settings s, Optional<Path> found, TurnSettings turn, String dataDir, int bitrate, int before) {
        PortRange rtp = s.portRange(ConfigKeys.SFU_RTP_PORTS, DEFAULT_RTP_PORTS);
        turn.managed().ifPresent(coturn -> {
            PortRange relay = new PortRange(coturn.minRelayPort(), coturn.maxRelayPort());
            if (rtp.overlaps(relay)) {
                s.problem(ConfigKeys.SFU_RTP_PORTS + ": " + Settings.shown(rtp.toString()) + " overlaps "
                        + ConfigKeys.TURN_RELAY_PORTS + " " + relay + " (expected: separate ranges, such as "
                        + DEFAULT_RTP_PORTS + " for Janus)");
            }
        });
        int apiPort = s.integer(ConfigKeys.SFU_API_PORT, 0, 1, PortRange.HIGHEST);
        if (rtp.contains(apiPort)) {
            s.problem(ConfigKeys.SFU_API_PORT + ": '" + apiPort + "' is in " + ConfigKeys.SFU_RTP_PORTS + " " + rtp
                    + " (expected: a port outside it)");
        }
        Optional<String> publicIp = IpSetting.read(
                        s, ConfigKeys.SFU_PUBLIC_IP, "the public IPv4 or IPv6 address in front of this machine")
                .or(() -> turn.managed().flatMap(TurnSettings.Managed::externalIp));
        Path dir;
        try {
            dir = Path.of(dataDir).resolve(JANUS_DIR);
        } catch (InvalidPathException e) {
            s.problem(ConfigKeys.DATA_DIR + ": " + Settings.shown(dataDir)
                    + " (expected: a directory path; a managed Janus's configuration goes in it)");
            return SfuSettings.off();
        }
        if (s.problems().size() > before) {
            return SfuSettings.off();
        }
        // Asked for without a janus found: run what was named, or janus by name, so that the start fails naming it.
        Path binary = found.orElseGet(() -> Path.of(s.text(ConfigKeys.JANUS_BIN).orElse(PROGRAM)));
        return new SfuSettings.Managed(binary, dir, rtp, apiPort, publicIp, bitrate);
    }
}
