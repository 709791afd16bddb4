package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/securevox-call}, what the README, {@code make run}, the Dockerfile and the systemd unit start the server
 * with: the shipped JVM flags, a JDK 25 or a clear refusal, the AOT cache a training run wrote used, one that does not
 * fit (another JDK, another build of the jar) ignored, and the one line that {@code java -jar} alone prints. Without
 * {@code JAVA_HOME}, a {@code java} on the PATH older than 25 gives way to the newest JDK 25 installed.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin/securevox-call").toAbsolutePath();
    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String UNTUNED = "the JVM runs untuned";
    private static final String NETTY_NO_UNSAFE = "io.netty.noUnsafe=true";
    private static Path trained;

    @Test
    void startsTheServerWithTheShippedFlags() throws IOException {
        try (ServerProcess server = ServerProcess.start(List.of(LAUNCHER.toString()), launcherEnv(Map.of()))) {
            String commandLine = commandLine(server.pid());
            assertThat(commandLine)
                    .contains("@" + Path.of("deploy/jvm.options").toAbsolutePath())
                    .contains("-Dsecurevox.launcher=")
                    .contains("-jar " + ServerProcess.serverJar());
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
            assertThat(server.output()).doesNotContain(UNTUNED);
            assertThat(systemProperties(server.pid()))
                    .as("started with --sun-misc-unsafe-memory-access=allow, Netty keeps its sun.misc.Unsafe")
                    .doesNotContain(NETTY_NO_UNSAFE);

            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(30)))
                    .as("the JVM is the launcher's process: it gets the signal and drains")
                    .isZero();
        }
    }

    @Test
    void javaJarAloneSaysTheJvmRunsUntunedAndHowToFixIt() {
        try (ServerProcess server = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_ENV", "development",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_DATA_DIR", ServerProcess.newDataDir().toString()))) {
            ServerProcess.await(
                    Duration.ofSeconds(30), "the untuned line; output:\n" + server.output(), () -> server.output()
                            .contains(UNTUNED));
            assertThat(server.output()).contains("bin/securevox-call");
            // Netty touches Unsafe (if it may) by the time it listens and has answered a request.
            ServerProcess.await(
                    ServerProcess.START, "the server to listen; output:\n" + server.output(), () -> server.port() > 0);
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
            assertThat(server.output().lines().filter(line -> line.startsWith("WARNING:")))
                    .as("our one line, not the JDK's warning about Netty's use of sun.misc.Unsafe; output:\n"
                            + server.output())
                    .isEmpty();
            assertThat(systemProperties(server.pid())).contains(NETTY_NO_UNSAFE);
        }
    }

    @Test
    void startsWithTheCacheATrainingRunWroteAndTheJvmUsesIt() throws IOException {
        Path cache = trainedCache();
        // AOTMode=on: a cache the JVM cannot use stops it at start instead of being skipped with a warning.
        try (ServerProcess server = ServerProcess.start(
                List.of(LAUNCHER.toString()),
                launcherEnv(Map.of(
                        "SECUREVOX_CALL_AOT_CACHE", cache.toString(), "JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info")))) {
            assertThat(commandLine(server.pid())).contains("-XX:AOTCache=" + cache);
            assertThat(server.output())
                    .contains("Opened AOT cache " + cache)
                    .contains("Using AOT-linked classes: true")
                    .doesNotContain("not using the AOT cache");
            assertThat(Http.get(server.url() + "/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aCacheInstalledWithItsJarElsewhereIsUsedThere(@TempDir Path dir) throws IOException {
        Path cache = trainedCache();
        // As the systemd unit's install steps copy target/ into /opt/securevox-call: new paths, new modification times.
        Path jar = Files.copy(ServerProcess.serverJar(), dir.resolve("securevox-call.jar"));
        Files.copy(cache, dir.resolve("securevox-call.aot"));
        Files.copy(Path.of(cache + ".jar-cksum"), dir.resolve("securevox-call.aot.jar-cksum"));
        Map<String, String> env = new HashMap<>(launcherEnv(Map.of("JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info")));
        env.put("SECUREVOX_CALL_JAR", jar.toString());

        try (ServerProcess server = ServerProcess.start(List.of(LAUNCHER.toString()), env)) {
            assertThat(commandLine(server.pid())).contains("-XX:AOTCache=" + dir.resolve("securevox-call.aot"));
            assertThat(server.output()).contains("Using AOT-linked classes: true");
            assertThat(Http.get(server.url() + "/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void aCacheTrainedWithAnotherBuildOfTheJarIsNotUsed(@TempDir Path dir) throws IOException {
        Path cache = trainedCache();
        // The same jar plus one file: another build, which the JVM itself would run with the cache's stale classes.
        Path rebuilt = dir.resolve("securevox-call.jar");
        Files.copy(ServerProcess.serverJar(), rebuilt);
        try (FileSystem zip = FileSystems.newFileSystem(rebuilt)) {
            Files.writeString(zip.getPath("rebuilt.txt"), "another build", StandardCharsets.UTF_8);
        }
        Map<String, String> env = new HashMap<>(launcherEnv(Map.of("SECUREVOX_CALL_AOT_CACHE", cache.toString())));
        env.put("SECUREVOX_CALL_JAR", rebuilt.toString());

        try (ServerProcess server = ServerProcess.start(List.of(LAUNCHER.toString()), env)) {
            assertThat(commandLine(server.pid())).doesNotContain("-XX:AOTCache").contains("-jar " + rebuilt);
            assertThat(server.output()).contains("not using the AOT cache " + cache);
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void anAotCacheFromAnotherBuildIsIgnoredAndTheServerStarts(@TempDir Path dir) throws Exception {
        // A real cache whose header names another HotSpot build: the trained one with one character of the JDK version
        // in its VM identification changed (25.0.3 -> 25.9.3), as a cache copied from a host with another JDK has.
        Path cache = Files.copy(trainedCache(), dir.resolve("other-build.aot"));
        patchTheJdkVersionInTheHeader(cache);
        // Written for this jar, so the launcher passes the cache on and the JVM is the one that refuses it.
        Files.writeString(dir.resolve("other-build.aot.jar-cksum"), cksum(ServerProcess.serverJar()) + "\n");

        try (ServerProcess server = ServerProcess.start(
                List.of(LAUNCHER.toString()), launcherEnv(Map.of("SECUREVOX_CALL_AOT_CACHE", cache.toString())))) {
            assertThat(commandLine(server.pid())).contains("-XX:AOTCache=" + cache);
            assertThat(server.output())
                    .contains("The AOT cache was created by a different version or build of HotSpot");
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void refusesAJavaOlderThan25AndSaysWhichItFound() throws Exception {
        assumeTrue(Files.isExecutable(JDK_17.resolve("bin/java")), "no JDK 17 at " + JDK_17 + " to try");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", JDK_17.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(78);
        assertThat(output).contains("Java 17").contains("expected: 25 or newer");
    }

    @Test
    void withoutJavaHomeAnOlderJavaOnThePathGivesWayToTheNewestJdk25Installed(@TempDir Path dir) throws Exception {
        Path path = fakeJava(dir.resolve("path/java"), "17.0.9").getParent();
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        fakeJava(jdks.resolve("c-jdk-21/bin/java"), "21.0.2");
        fakeJava(jdks.resolve("d-unknown/bin/java"), null);
        Path real = Files.createSymbolicLink(jdks.resolve("b-jdk-25"), ServerProcess.javaHome());
        // A 25 older than the real one, globbed before it when that is newer than 25 (after it otherwise, where a tie
        // keeps the first): taking it instead of the newest fails the start, as it runs nothing.
        String older = newerThan25(ServerProcess.javaHome()) ? "a-jdk-25-ea" : "z-jdk-25-ea";
        fakeJava(jdks.resolve(older + "/bin/java"), "25-ea");
        Map<String, String> env = new HashMap<>(launcherEnv(Map.of()));
        env.remove("JAVA_HOME");
        env.put("PATH", path + ":/usr/bin:/bin");
        env.put("SECUREVOX_CALL_JDKS", jdks.toString());

        try (ServerProcess server =
                ServerProcess.start(List.of("/usr/bin/env", "-u", "JAVA_HOME", LAUNCHER.toString()), env)) {
            Path java = real.resolve("bin/java");
            assertThat(commandLine(server.pid())).startsWith(java + " ");
            assertThat(server.output()).contains("using " + java + ": " + path.resolve("java") + " is Java 17.0.9");
            assertThat(Http.get(server.url() + "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void withoutJavaHomeAndWithNoJdk25InstalledRefusesWithOneLine(@TempDir Path dir) throws Exception {
        Path path = fakeJava(dir.resolve("path/java"), "17.0.9").getParent();
        Path jdks = Files.createDirectories(dir.resolve("jvm"));
        fakeJava(jdks.resolve("jdk-21/bin/java"), "21.0.2");
        fakeJava(jdks.resolve("unknown/bin/java"), null);
        ProcessBuilder builder =
                new ProcessBuilder("/usr/bin/env", "-u", "JAVA_HOME", LAUNCHER.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", path + ":/usr/bin:/bin");
        builder.environment().put("SECUREVOX_CALL_JDKS", jdks.toString());
        builder.environment()
                .put("SECUREVOX_CALL_JAR", ServerProcess.serverJar().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(78);
        assertThat(output.strip().lines()).as(output).hasSize(1);
        assertThat(output)
                .contains(path.resolve("java") + " is Java 17.0.9")
                .contains(jdks + " has no JDK 25 or newer")
                .contains("set JAVA_HOME");
    }

    @Test
    void namesTheJarItCannotFind(@TempDir Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", ServerProcess.javaHome().toString());
        builder.environment()
                .put("SECUREVOX_CALL_JAR", dir.resolve("missing.jar").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(78);
        assertThat(output).contains(dir.resolve("missing.jar").toString());
    }

    @AfterAll
    static void removeTheTrainedCache() {
        if (trained != null) {
            ServerProcess.delete(trained.getParent());
        }
    }

    /**
     * A cache trained on the jar the suite tests by the trainer {@code make build} runs, with a few calls instead of
     * a few hundred: trained once, for the tests that need one.
     */
    private static synchronized Path trainedCache() {
        if (trained == null) {
            try {
                Path cache = Files.createTempDirectory("securevox-aot-it-").resolve("trained.aot");
                ProcessBuilder builder = new ProcessBuilder(
                                "node",
                                Path.of("bench/aot-train.mjs").toAbsolutePath().toString(),
                                "--jar",
                                ServerProcess.serverJar().toString(),
                                "--cache",
                                cache.toString(),
                                "--cycles",
                                "6",
                                "--parallel",
                                "3")
                        .redirectErrorStream(true);
                builder.environment().put("JAVA_HOME", ServerProcess.javaHome().toString());
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();
                assertThat(process.exitValue()).as(output).isZero();
                assertThat(cache).as(output).isNotEmptyFile();
                assertThat(Files.readString(Path.of(cache + ".jar-cksum")).strip())
                        .isEqualTo(cksum(ServerProcess.serverJar()));
                trained = cache;
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("cannot train an AOT cache", e);
            }
        }
        return trained;
    }

    /**
     * Changes the minor version digit in the cache header's VM identification ("OpenJDK 64-Bit Server VM (25.0.3+9-LTS)
     * for linux-amd64 JRE ..."), which the JVM compares with its own before it maps anything.
     */
    private static void patchTheJdkVersionInTheHeader(Path cache) throws IOException {
        try (FileChannel file = FileChannel.open(cache, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(4096);
            file.read(header, 0);
            String text = new String(header.array(), StandardCharsets.ISO_8859_1);
            int version = text.indexOf(" VM (");
            assertThat(version)
                    .as("a VM identification in the header of " + cache)
                    .isPositive();
            int minor = text.indexOf('.', version) + 1;
            assertThat(Character.isDigit(text.charAt(minor)))
                    .as("a version number after ' VM (' in " + text.substring(version, version + 40))
                    .isTrue();
            byte other = (byte) (text.charAt(minor) == '9' ? '8' : '9');
            file.write(ByteBuffer.wrap(new byte[] {other}), minor);
        }
    }

    /**
     * A {@code java} that answers {@code -version} as a JDK of {@code version} does (or with nothing a version can be
     * read from, when null) and fails anything else: the launcher must never start the server with it.
     */
    private static Path fakeJava(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        String says = version == null ? "no version here" : "openjdk version \"" + version + "\" 2024-01-16";
        Files.writeString(
                file,
                "#!/bin/sh\n"
                        + "if [ \"$1\" = -version ]; then echo '" + says + "' >&2; exit 0; fi\n"
                        + "echo 'a fake java of LauncherIT was started' >&2; exit 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Whether the JDK at {@code home} is newer than plain 25 (25.0.1, 26): its {@code release} file says. */
    private static boolean newerThan25(Path home) throws IOException {
        String version = Files.readAllLines(home.resolve("release")).stream()
                .filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JAVA_VERSION in " + home.resolve("release")));
        return Runtime.Version.parse(version).compareToIgnoreOptional(Runtime.Version.parse("25")) > 0;
    }

    /** What the launcher compares: {@code cksum <jar}, its CRC and size. */
    private static String cksum(Path file) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("cksum").redirectInput(file.toFile()).start();
        String sum = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return sum;
    }

    /** The launcher finds the jar the suite tests and this JDK; the rest as every black-box test has it. */
    private static Map<String, String> launcherEnv(Map<String, String> more) {
        var env = new java.util.HashMap<>(more);
        env.put("JAVA_HOME", ServerProcess.javaHome().toString());
        env.put("SECUREVOX_CALL_JAR", ServerProcess.serverJar().toString());
        return env;
    }

    /** The running JVM's system properties, one {@code name=value} a line, as {@code jcmd} lists them. */
    private static String systemProperties(long pid) {
        try {
            Process process = new ProcessBuilder(
                            ServerProcess.javaHome().resolve("bin/jcmd").toString(),
                            Long.toString(pid),
                            "VM.system_properties")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String commandLine(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    }
}
