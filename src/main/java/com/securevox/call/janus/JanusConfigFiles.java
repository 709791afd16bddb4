package com.securevox.call.janus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of a managed Janus: {@code janus.jcfg}, the VideoRoom's and the WebSocket transport's, and
 * nothing else, so none of Debian's unsafe defaults apply (its open API on every interface, the admin secret
 * {@code janusoverlord}, the HTTP transport on 0.0.0.0, demo rooms with the secret {@code adminpwd}). The API listens
 * on loopback only, behind a secret new at every start, and so does its Admin API (with its own secret); only the VideoRoom and the WebSocket transport load; no
 * event handler, external logger or log file. The files hold secrets: readable by this user only.
 */
public final class JanusConfigFiles {
    public static final String CORE = "janus.jcfg";
    public static final String VIDEOROOM = "janus.plugin.videoroom.jcfg";
    public static final String WEBSOCKETS = "janus.transport.websockets.jcfg";
    /** Janus writes its pid here: a server killed before it could stop Janus finds it at its next start. */
    public static final String PID_FILE = "janus.pid";

    /** Janus's own log level: 3 is warnings and errors; 4, its default, adds a line per session. */
    static final int DEBUG_LEVEL = 3;
    /** Lost packets per second that make Janus report a slow link (0, its default, never does). */
    static final int SLOWLINK_THRESHOLD = 4;
    /** A session without a request (our keepalives) for this long is dropped: Janus's default, said out loud. */
    static final int SESSION_TIMEOUT_SECONDS = 60;

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** The extension Janus gives a recording it is writing (a convention the post-processor shares). */
    public static final String RECORDING_TMP_EXT = "tmp";

    /**
     * Folders no recording may be written to: Debian's list, with Janus's own install folders, except that Debian's
     * {@code /var} is narrowed to the system's folders in it. Janus refuses a room whose {@code rec_dir} starts with
     * one of these, and a server's data (so its recordings) lives in {@code /var/lib/securevox-call} when installed as
     * a service (deploy/systemd).
     */
    static final List<String> PROTECTED_FOLDERS = List.of(
            "/bin",
            "/boot",
            "/dev",
            "/etc",
            "/initrd",
            "/lib",
            "/lib32",
            "/lib64",
            "/proc",
            "/sbin",
            "/sys",
            "/usr",
            "/var/backups",
            "/var/cache",
            "/var/lib/apt",
            "/var/lib/dpkg",
            "/var/lib/systemd",
            "/var/log",
            "/var/mail",
            "/var/spool",
            "/opt/janus/bin",
            "/opt/janus/etc",
            "/opt/janus/lib",
            "/opt/janus/sbin");

    private JanusConfigFiles() {}

    /**
     * The files by name, in the order Janus reads them. {@code settings} has its API port chosen (not 0), and
     * {@code adminPort} is the loopback port of the Admin API for this start.
     */
    public static Map<String, String> render(
            ManagedJanusSettings settings, int adminPort, JanusSecrets secrets, JanusModules modules) {
        if (settings.apiPort() == 0) {
            throw new IllegalArgumentException("janus api port: 0 (expected: the port chosen for this start)");
        }
        if (adminPort < 1 || adminPort > 65_535 || adminPort == settings.apiPort()) {
            throw new IllegalArgumentException("janus admin port: " + adminPort + " (expected: 1 to 65535, not the api"
                    + " port " + settings.apiPort() + ")");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CORE, core(settings, secrets, modules));
        files.put(VIDEOROOM, videoroom(secrets));
        files.put(WEBSOCKETS, websockets(settings, adminPort));
        return files;
    }

    /** Writes the files into {@code dir} (created, owner only), replacing what was there under the same names. */
    public static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            // The permissions before the content: a file left by an older run may have been readable by others.
            if (Files.exists(path)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY_FILE);
            } else {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            }
            Files.writeString(
                    path,
                    file.getValue(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
    }

    private static String core(ManagedJanusSettings settings, JanusSecrets secrets, JanusModules modules) {
        List<String> lines = new ArrayList<>();
        lines.add(header());
        lines.add("general: {");
        lines.add(setting("configs_folder", quoted(settings.dir().toString())));
        lines.add(setting("log_to_stdout", "true"));
        lines.add(setting("pid_file", quoted(settings.dir().resolve(PID_FILE).toString())));
        lines.add(setting("debug_level", Integer.toString(DEBUG_LEVEL)));
        lines.add(setting("debug_timestamps", "false"));
        lines.add(setting("debug_colors", "false"));
        lines.add(setting("server_name", quoted(secrets.serverName())));
        lines.add(setting("session_timeout", Integer.toString(SESSION_TIMEOUT_SECONDS)));
        // A session whose WebSocket closed dies with it: our client opens new ones rather than claiming old ones.
        lines.add(setting("reclaim_session_timeout", "0"));
        lines.add(setting("api_secret", quoted(secrets.apiSecret())));
        lines.add(setting("admin_secret", quoted(secrets.adminSecret())));
        lines.add(setting("token_auth", "false"));
        lines.add(setting("hide_dependencies", "true"));
        // A recording Janus is still writing is <name>.mjr.tmp and becomes <name>.mjr when closed: the post-processor
        // knows a finished file from one cut short by a crash.
        lines.add(setting("recordings_tmp_ext", quoted(RECORDING_TMP_EXT)));
        lines.add("\tprotected_folders = ["
                + String.join(
                        ", ",
                        PROTECTED_FOLDERS.stream().map(JanusConfigFiles::quoted).toList()) + "]");
        lines.add("}");
        // No certificate: Janus makes a self-signed one per start, which is all DTLS needs (the SDP carries it).
        lines.add("certificates: {");
        lines.add("}");
        lines.add("media: {");
        lines.add(setting("rtp_port_range", quoted(settings.rtpLow() + "-" + settings.rtpHigh())));
        lines.add(setting("slowlink_threshold", Integer.toString(SLOWLINK_THRESHOLD)));
        lines.add("}");
        // No STUN or TURN for Janus itself: clients bring our TURN servers; Janus answers from its own addresses.
        lines.add("nat: {");
        lines.add(setting("nice_debug", "false"));
        lines.add(setting("ignore_mdns", "true"));
        settings.publicIp().ifPresent(ip -> lines.add(setting("nat_1_1_mapping", quoted(ip))));
        // One address to gather on when we know it; else every interface but VMware's, as Janus does by default.
        lines.add(settings.mediaIp()
                .map(ip -> setting("ice_enforce_list", quoted(ip)))
                .orElse(setting("ice_ignore_list", quoted("vmnet"))));
        lines.add("}");
        lines.add(section("plugins", "disable", modules.plugins()));
        lines.add(section("transports", "disable", modules.transports()));
        lines.add(section("loggers", "disable", modules.loggers()));
        lines.add("events: {");
        lines.add(setting("broadcast", "false"));
        lines.add(setting("disable", quoted(String.join(",", modules.events()))));
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    /** No rooms: ours are created through the API, with the admin key, and never saved to this file. */
    private static String videoroom(JanusSecrets secrets) {
        return String.join(
                "\n",
                header(),
                "general: {",
                setting("admin_key", quoted(secrets.adminKey())),
                setting("lock_rtp_forward", "true"),
                setting("string_ids", "true"),
                setting("events", "false"),
                "}",
                "");
    }

    /**
     * The Admin API on loopback, behind the admin secret new at every start: the server reads publishers' media
     * statistics from it ({@code handle_info}), its own view of an SFU call's quality.
     */
    private static String websockets(ManagedJanusSettings settings, int adminPort) {
        return String.join(
                "\n",
                header(),
                "general: {",
                setting("json", quoted("compact")),
                setting("ws", "true"),
                setting("ws_ip", quoted("127.0.0.1")),
                setting("ws_port", Integer.toString(settings.apiPort())),
                setting("ws_acl", quoted("127.")),
                setting("wss", "false"),
                "}",
                "admin: {",
                setting("admin_ws", "true"),
                setting("admin_ws_ip", quoted("127.0.0.1")),
                setting("admin_ws_port", Integer.toString(adminPort)),
                setting("admin_ws_acl", quoted("127.")),
                setting("admin_wss", "false"),
                "}",
                "");
    }

    private static String header() {
        return "# Written by SecureVOX Call at every start (SECUREVOX_CALL_SFU=managed); changes here are lost.";
    }

    private static String section(String name, String key, List<String> values) {
        return name + ": {\n" + setting(key, quoted(String.join(",", values))) + "\n}";
    }

    private static String setting(String key, String value) {
        return "\t" + key + " = " + value;
    }

    /** Every value here is ours (checked by the records): none holds a quote or a backslash. */
    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
