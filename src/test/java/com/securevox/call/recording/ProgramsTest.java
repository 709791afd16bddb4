package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finding the post-processing programs on a PATH, and running them: real processes (small shell scripts standing in
 * for janus-pp-rec, ffmpeg and ffprobe), their output, their failures and their deadline.
 */
class ProgramsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    /** An executable shell script {@code name} in {@code folder} (created if need be). */
    private static Path script(Path folder, String name, String body) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Programs programs(Duration timeout) throws Exception {
        Path bin = dir.resolve("bin");
        script(bin, "janus-pp-rec", "exit 0");
        script(bin, "ffmpeg", "exit 0");
        script(bin, "ffprobe", "exit 0");
        return Programs.find(bin.toString(), timeout);
    }

    // ---- finding them ----

    @Test
    void findsEachProgramInTheFirstFolderOfThePathThatHasIt() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Path ppRec = script(second, "janus-pp-rec", "exit 0");
        Path ffmpeg = script(first, "ffmpeg", "exit 0");
        script(second, "ffmpeg", "exit 0");
        Path ffprobe = script(second, "ffprobe", "exit 0");

        Programs programs = Programs.find(dir.resolve("absent") + "::" + first + ":" + second, MINUTE);

        assertThat(programs).isEqualTo(new Programs(ppRec, ffmpeg, ffprobe, Optional.empty(), MINUTE));
    }

    @Test
    void findsNiceWhenThePathHasIt() throws Exception {
        Path bin = dir.resolve("bin");
        for (String name : List.of("janus-pp-rec", "ffmpeg", "ffprobe", "nice")) {
            script(bin, name, "exit 0");
        }

        assertThat(Programs.find(bin.toString(), MINUTE).nice()).contains(bin.resolve("nice"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            janus-pp-rec                  | recording needs janus-pp-rec (Debian package janus-tools) on the PATH
            ffprobe                       | recording needs ffprobe (Debian package ffmpeg) on the PATH
            janus-pp-rec ffmpeg ffprobe   | recording needs janus-pp-rec (Debian package janus-tools) and ffmpeg (Debian package ffmpeg) and ffprobe (Debian package ffmpeg) on the PATH
            """)
    void namesWhatIsMissingAndItsDebianPackage(String missing, String message) throws Exception {
        Path bin = dir.resolve("bin");
        for (String name : List.of("janus-pp-rec", "ffmpeg", "ffprobe")) {
            if (!List.of(missing.split(" ")).contains(name)) {
                script(bin, name, "exit 0");
            }
        }
        Files.createDirectories(bin);

        assertThatThrownBy(() -> Programs.find(bin.toString(), MINUTE))
                .isInstanceOf(RecordingException.class)
                .hasMessage(message);
    }

    @Test
    void aFileThatIsNotExecutableOrAFolderDoesNotCount() throws Exception {
        Path bin = dir.resolve("bin");
        script(bin, "ffmpeg", "exit 0");
        Files.writeString(bin.resolve("ffprobe"), "#!/bin/sh\n");
        Files.createDirectories(bin.resolve("janus-pp-rec"));

        assertThatThrownBy(() -> Programs.find(bin.toString(), MINUTE))
                .isInstanceOf(RecordingException.class)
                .hasMessage(
                        "recording needs janus-pp-rec (Debian package janus-tools) and ffprobe (Debian package ffmpeg)"
                                + " on the PATH");
    }

    @Test
    void noPathAtAllFindsNothing() {
        assertThatThrownBy(() -> Programs.find(null, MINUTE))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("recording needs janus-pp-rec (Debian package janus-tools) and ffmpeg");
    }

    // ---- running them ----

    @Test
    void runReturnsWhatTheProgramWroteOnItsOutputAndKeepsWhatItSaidInTheLog() throws Exception {
        Path ffprobe = script(dir, "ffprobe", """
                echo "args: $1|$2"
                echo "12.480000"
                echo "Input #0, webm" >&2
                """);
        Path log = dir.resolve("ffprobe.log");

        String out = programs(MINUTE).run(List.of(ffprobe.toString(), "-v error", "alice 1.webm"), log);

        assertThat(out).isEqualTo("args: -v error|alice 1.webm\n12.480000\n");
        assertThat(log).hasContent("Input #0, webm");
    }

    @Test
    void runsTheProgramThroughNiceAtTen() throws Exception {
        Path bin = dir.resolve("bin");
        for (String name : List.of("janus-pp-rec", "ffmpeg", "ffprobe")) {
            script(bin, name, "exit 0");
        }
        script(bin, "nice", "echo \"nice $*\"; shift 2; exec \"$@\"");
        Path ffmpeg = script(dir, "ffmpeg", "echo \"ffmpeg $*\"");

        String out = Programs.find(bin.toString(), MINUTE)
                .run(List.of(ffmpeg.toString(), "-i", "a.mjr"), dir.resolve("log"));

        assertThat(out).isEqualTo("nice -n 10 " + ffmpeg + " -i a.mjr\nffmpeg -i a.mjr\n");
    }

    @Test
    void aFailureGivesTheExitCodeAndTheLastLinesTheProgramSaid() throws Exception {
        Path ffmpeg = script(dir, "ffmpeg", """
                echo "ffmpeg version 7.1" >&2
                echo "Input #0, matroska" >&2
                echo "[vp8 @ 0x1] Discarding interframe without a prior keyframe!" >&2
                echo "[out#0] Error opening output file participant-1.webm." >&2
                echo "Error opening output files: Permission denied" >&2
                exit 3
                """);

        assertThatThrownBy(() -> programs(MINUTE).run(List.of(ffmpeg.toString()), dir.resolve("ffmpeg.log")))
                .isInstanceOf(RecordingException.class)
                .hasMessage("ffmpeg failed (exit 3): [vp8 @ 0x1] Discarding interframe without a prior keyframe! | "
                        + "[out#0] Error opening output file participant-1.webm. | "
                        + "Error opening output files: Permission denied");
    }

    @Test
    void aFailureWithoutOutputOrWithTooMuchOfItStaysShort() throws Exception {
        Path silent = script(dir, "janus-pp-rec", "exit 1");
        Path verbose = script(dir, "ffprobe", "printf 'x%.0s' $(seq 1 1000) >&2; echo ' the end' >&2; exit 2");
        Programs programs = programs(MINUTE);

        assertThatThrownBy(() -> programs.run(List.of(silent.toString()), dir.resolve("silent.log")))
                .hasMessage("janus-pp-rec failed (exit 1): (no output)");
        assertThatThrownBy(() -> programs.run(List.of(verbose.toString()), dir.resolve("verbose.log")))
                .hasMessage("ffprobe failed (exit 2): " + "x".repeat(392) + " the end");
    }

    @Test
    void aProgramThatCannotStartIsReported() throws Exception {
        Programs programs = programs(MINUTE);
        Path gone = dir.resolve("bin").resolve("ffmpeg");
        Files.delete(gone);

        assertThatThrownBy(() -> programs.run(List.of(gone.toString()), dir.resolve("ffmpeg.log")))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("ffmpeg could not run: ");
    }

    @Test
    void aProgramThatOverrunsItsDeadlineIsKilledAndReported() throws Exception {
        Path pid = dir.resolve("pid");
        Path stuck = script(dir, "janus-pp-rec", "echo $$ > '" + pid + "'; exec sleep 60");
        Programs programs = programs(Duration.ofSeconds(1));
        long started = System.nanoTime();

        assertThatThrownBy(() -> programs.run(List.of(stuck.toString()), dir.resolve("stuck.log")))
                .isInstanceOf(RecordingException.class)
                .hasMessage("janus-pp-rec took longer than 1 s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        Optional<ProcessHandle> process =
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
        if (process.isPresent()) {
            // Killed, and gone within moments (it would sleep for a minute).
            process.get().onExit().get(10, TimeUnit.SECONDS);
        }
    }
}
