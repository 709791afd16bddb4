package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The managed Janus's files: none of Debian's unsafe defaults, loopback only, secrets of this start only. */
class JanusConfigFilesTest {
    private static final ManagedJanusSettings SETTINGS = new ManagedJanusSettings(
            Path.of("/usr/bin/janus"),
            Path.of("/var/lib/securevox/janus"),
            41_234,
            20_000,
            40_000,
            Optional.of("203.0.113.10"),
            Optional.of("10.0.0.5"));
    private static final JanusSecrets SECRETS =
            new JanusSecrets("api-secret-x", "admin-secret-y", "admin-key-z", "securevox-abc");
    private static final int ADMIN_PORT = 41_235;

    private static Map<String, String> files() {
        return JanusConfigFiles.render(SETTINGS, ADMIN_PORT, SECRETS, JanusModules.known());
    }

    private static List<String> lines(String file) {
        return files().get(file).lines().map(String::strip).toList();
    }

    @Test
    void onlyTheThreeFilesJanusNeeds() {
        assertThat(files())
                .containsOnlyKeys("janus.jcfg", "janus.plugin.videoroom.jcfg", "janus.transport.websockets.jcfg");
    }

    @Test
    void theCoreIsLockedWithThisStartsSecretsAndLoadsOnlyTheVideoRoomAndWebSockets() {
        List<String> core = lines(JanusConfigFiles.CORE);

        assertThat(core)
                .contains(
                        "configs_folder = \"/var/lib/securevox/janus\"",
                        "pid_file = \"/var/lib/securevox/janus/janus.pid\"",
                        "api_secret = \"api-secret-x\"",
                        "admin_secret = \"admin-secret-y\"",
                        "server_name = \"securevox-abc\"",
                        "rtp_port_range = \"20000-40000\"",
                        "nat_1_1_mapping = \"203.0.113.10\"",
                        "ice_enforce_list = \"10.0.0.5\"",
                        "slowlink_threshold = 4",
                        "session_timeout = 60",
                        "reclaim_session_timeout = 0",
                        "ignore_mdns = true",
                        "debug_level = 3",
                        "log_to_stdout = true",
                        "broadcast = false")
                .noneMatch(line -> line.contains("janusoverlord"))
                .noneMatch(line -> line.startsWith("log_to_file"))
                .noneMatch(line -> line.startsWith("turn_") || line.startsWith("stun_"));
        String disabledPlugins = core.stream()
                .dropWhile(line -> !line.equals("plugins: {"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        assertThat(disabledPlugins)
                .contains("libjanus_echotest.so", "libjanus_audiobridge.so", "libjanus_streaming.so", "libjanus_sip.so")
                .doesNotContain("videoroom");
        String disabledTransports = core.stream()
                .dropWhile(line -> !line.equals("transports: {"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        assertThat(disabledTransports)
                .contains("libjanus_http.so", "libjanus_pfunix.so", "libjanus_rabbitmq.so")
                .doesNotContain("websockets");
        assertThat(core).contains("disable = \"libjanus_jsonlog.so\"");
    }

    @Test
    void withoutAPublicOrMediaAddressJanusUsesItsOwn() {
        ManagedJanusSettings plain = new ManagedJanusSettings(
                Path.of("janus"), Path.of("data/janus"), 8188, 20_000, 20_100, Optional.empty(), Optional.empty());

        assertThat(JanusConfigFiles.render(plain, ADMIN_PORT, SECRETS, JanusModules.known())
                        .get(JanusConfigFiles.CORE))
                .doesNotContain("nat_1_1_mapping", "ice_enforce_list");
    }

    @Test
    void theVideoRoomHasAnAdminKeyStringIdsAndNoRooms() {
        List<String> videoroom = lines(JanusConfigFiles.VIDEOROOM);

        assertThat(videoroom)
                .contains("admin_key = \"admin-key-z\"", "lock_rtp_forward = true", "string_ids = true")
                .noneMatch(line -> line.startsWith("room-"))
                .noneMatch(line -> line.contains("adminpwd"));
    }

    @Test
    void theApiAndTheAdminApiListenOnLoopbackOnly() {
        assertThat(lines(JanusConfigFiles.WEBSOCKETS))
                .contains(
                        "ws = true",
                        "ws_ip = \"127.0.0.1\"",
                        "ws_port = 41234",
                        "ws_acl = \"127.\"",
                        "wss = false",
                        "admin_ws = true",
                        "admin_ws_ip = \"127.0.0.1\"",
                        "admin_ws_port = 41235",
                        "admin_ws_acl = \"127.\"",
                        "admin_wss = false");
    }

    @Test
    void theAdminPortIsARealPortOtherThanTheApis() {
        assertThatThrownBy(() -> JanusConfigFiles.render(SETTINGS, 41_234, SECRETS, JanusModules.known()))
                .hasMessage("janus admin port: 41234 (expected: 1 to 65535, not the api port 41234)");
        assertThatThrownBy(() -> JanusConfigFiles.render(SETTINGS, 0, SECRETS, JanusModules.known()))
                .hasMessageContaining("janus admin port: 0");
    }

    @Test
    void everyStartHasSecretsOfItsOwn() {
        SecureRandom random = new SecureRandom();
        JanusSecrets first = JanusSecrets.random(random);
        JanusSecrets second = JanusSecrets.random(random);

        assertThat(first.apiSecret()).hasSize(43).isNotEqualTo(second.apiSecret());
        assertThat(first.adminSecret()).isNotEqualTo(first.apiSecret()).isNotEqualTo(second.adminSecret());
        assertThat(first.adminKey()).isNotEqualTo(second.adminKey());
        assertThat(first.serverName()).startsWith("securevox-").isNotEqualTo(second.serverName());
        assertThat(first.toString()).doesNotContain(first.apiSecret(), first.adminSecret(), first.adminKey());
    }

    @Test
    void theFilesAndTheirFolderAreOurUsersOnlyEvenWhenTheyWereNot(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("janus");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JanusConfigFiles.CORE), "old, readable by all");
        Files.setPosixFilePermissions(dir.resolve(JanusConfigFiles.CORE), PosixFilePermissions.fromString("rw-r--r--"));

        JanusConfigFiles.write(dir, files());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        for (String name : files().keySet()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                    .as(name)
                    .isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(name))).isEqualTo(files().get(name));
        }
    }

    @Test
    void valuesThatWouldBreakOutOfAStringAreRefused() {
        assertThatThrownBy(() -> new ManagedJanusSettings(
                        Path.of("janus"),
                        Path.of("data/\"janus"),
                        0,
                        20_000,
                        20_100,
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("expected: a path without quotes");
        assertThatThrownBy(() -> new ManagedJanusSettings(
                        Path.of("janus"),
                        Path.of("data"),
                        0,
                        20_000,
                        20_100,
                        Optional.of("1.2.3.4\"\nadmin_secret = \"x"),
                        Optional.empty()))
                .hasMessageContaining("expected: an IP address");
        assertThatThrownBy(() -> JanusConfigFiles.render(SETTINGS.onPort(0), ADMIN_PORT, SECRETS, JanusModules.known()))
                .hasMessage("janus api port: 0 (expected: the port chosen for this start)");
    }

    @Test
    void debiansFoldersAddWhatTheyHoldToTheKnownModules(@TempDir Path prefix) throws IOException {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Path janus = Files.writeString(bin.resolve("janus"), "");
        Path plugins = Files.createDirectories(prefix.resolve("lib/x86_64-linux-gnu/janus/plugins"));
        Files.writeString(plugins.resolve("libjanus_videoroom.so"), "");
        Files.writeString(plugins.resolve("libjanus_newthing.so"), "");
        Files.writeString(plugins.resolve("libjanus_newthing.so.1"), "");

        JanusModules modules = JanusModules.near(janus);

        assertThat(modules.plugins())
                .contains("libjanus_newthing.so", "libjanus_echotest.so")
                .doesNotContain("libjanus_videoroom.so", "libjanus_newthing.so.1");
        assertThat(JanusModules.near(Path.of("/nonexistent/janus"))).isEqualTo(JanusModules.known());
    }

    /**
     * Janus refuses a room whose rec_dir starts with a protected folder (janus_is_folder_protected: a prefix match on
     * the real path), which would fail every SFU call of a server that records: its recordings' folder must not.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "/var/lib/securevox-call/recordings/.spool", // deploy/systemd's data directory
                "/srv/securevox/recordings/.spool",
                "/opt/securevox-call/data/recordings/.spool",
                "/home/app/data/recordings/.spool",
                "/tmp/securevox/recordings/.spool",
            })
    void aRecordingsFolderWhereServersKeepTheirDataIsNotProtected(String spool) {
        assertThat(JanusConfigFiles.PROTECTED_FOLDERS).noneMatch(spool::startsWith);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"/etc/cron.d", "/usr/lib/x86_64-linux-gnu/janus", "/var/log/janus", "/var/lib/dpkg/info"})
    void systemFoldersStayProtected(String folder) {
        assertThat(JanusConfigFiles.PROTECTED_FOLDERS).anyMatch(folder::startsWith);
    }
}
