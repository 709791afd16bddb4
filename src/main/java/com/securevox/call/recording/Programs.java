package com.securevox.call.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The programs that make recordings playable: Debian's {@code janus-pp-rec} (janus-tools) and {@code ffmpeg} with its
 * {@code ffprobe}. Each runs at a lower priority ({@code nice}) than the server, whose media and signaling come first,
 * and with a deadline.
 */
public record Programs(Path janusPpRec, Path ffmpeg, Path ffprobe, Optional<Path> nice, Duration timeout) {
    public Programs {
        Objects.requireNonNull(janusPpRec, "janusPpRec");
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        Objects.requireNonNull(ffprobe, "ffprobe");
        Objects.requireNonNull(nice, "nice");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The programs as found on {@code path} (the PATH variable's folders).
     *
     * @return why not, naming what is missing and where it comes from, when one is missing
     */
    public static Programs find(String path, Duration timeout) throws RecordingException {
        List<String> missing = new ArrayList<>();
        Path ppRec = lookUp(path, "janus-pp-rec", "janus-tools", missing);
        Path ffmpeg = lookUp(path, "ffmpeg", "ffmpeg", missing);
        Path ffprobe = lookUp(path, "ffprobe", "ffmpeg", missing);
        if (!missing.isEmpty()) {
            throw new RecordingException("recording needs " + String.join(" and ", missing) + " on the PATH");
        }
        Optional<Path> nice = Optional.ofNullable(lookUp(path, "nice", "coreutils", new ArrayList<>()));
        return new Programs(ppRec, ffmpeg, ffprobe, nice, timeout);
    }

    private static Path lookUp(String path, String program, String debianPackage, List<String> missing) {
        for (String folder : (path == null ? "" : path).split(":")) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing.add(program + " (Debian package " + debianPackage + ")");
        return null;
    }

    /**
     * Runs a program to its end, its output into {@code log}.
     *
     * @return what it wrote on its standard output
     * @throws RecordingException when it fails or overruns, with the end of what it said
     */
    String run(List<String> command, Path log) throws RecordingException {
        List<String> full = new ArrayList<>();
        nice.ifPresent(n -> {
            full.add(n.toString());
            full.add("-n");
            full.add("10");
        });
        full.addAll(command);
        Path out = log.resolveSibling(log.getFileName() + ".out");
        String name = Path.of(command.getFirst()).getFileName().toString();
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(false)
                    .redirectOutput(out.toFile())
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RecordingException(name + " took longer than " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new RecordingException(name + " failed (exit " + process.exitValue() + "): " + tail(log));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecordingException(name + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordingException(name + " interrupted: the server is stopping");
        }
    }

    /** The last lines a program said: enough for the operator to see why, short enough for a webhook. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()))
                    .strip();
            return text.length() > 400 ? text.substring(text.length() - 400) : text.isEmpty() ? "(no output)" : text;
        } catch (IOException e) {
            return "(its output could not be read: " + e.getMessage() + ")";
        }
    }
}
