package com.securevox.call.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the pieces of a recording into one file per participant and source: {@code participant-<n>.webm} for the
 * camera and microphone, {@code participant-<n>-screen.webm} for a shared screen, {@code n} counting participants in
 * the order they were first recorded. A participant who left and came back has their presences played back to back
 * in one file (copied, never re-encoded), each listed as a piece with where it happened in the call.
 *
 * <p>Presences that cannot be joined without re-encoding (one sent video and the other did not, or ffmpeg refuses)
 * stay separate files, {@code participant-<n>-<k>.webm}: every second recorded is still there, in more files.
 */
final class ParticipantFiles {
    private static final Logger log = LoggerFactory.getLogger(ParticipantFiles.class);

    private final Programs programs;
    private final Composer.Probe probe;

    ParticipantFiles(Programs programs, Composer.Probe probe) {
        this.programs = programs;
        this.probe = probe;
    }

    /** The playable files of {@code pieces} (in the order they were recorded), moved or joined into {@code folder}. */
    List<RecordingFile> assemble(List<PieceFile> pieces, Path folder, Path work) throws RecordingException {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Map<String, List<PieceFile>> groups = new LinkedHashMap<>();
        for (PieceFile piece : pieces) {
            int n = numbers.computeIfAbsent(piece.userId(), user -> numbers.size() + 1);
            String base = "participant-" + n + (piece.source() == RecordingFile.Source.SCREEN ? "-screen" : "");
            groups.computeIfAbsent(base, b -> new ArrayList<>()).add(piece);
        }
        List<RecordingFile> files = new ArrayList<>();
        for (Map.Entry<String, List<PieceFile>> group : groups.entrySet()) {
            files.addAll(group(group.getKey(), group.getValue(), folder, work));
        }
        return files;
    }

    private List<RecordingFile> group(String base, List<PieceFile> pieces, Path folder, Path work)
            throws RecordingException {
        Path target = folder.resolve(base + ".webm");
        if (pieces.size() == 1) {
            move(pieces.getFirst().file(), target);
            return List.of(file(target, pieces));
        }
        boolean joinable = pieces.stream().allMatch(p -> p.sameStreams(pieces.getFirst()));
        if (joinable) {
            try {
                join(pieces, target, work.resolve(base + "-pieces.txt"), work.resolve(base + "-join.log"));
                return List.of(file(target, pieces));
            } catch (RecordingException e) {
                log.warn("{}: its {} presences stay separate files: {}", base, pieces.size(), e.getMessage());
            }
        } else {
            log.info(
                    "{}: its {} presences stay separate files: they do not carry the same streams",
                    base,
                    pieces.size());
        }
        List<RecordingFile> files = new ArrayList<>();
        for (int k = 0; k < pieces.size(); k++) {
            Path separate = folder.resolve(base + "-" + (k + 1) + ".webm");
            move(pieces.get(k).file(), separate);
            files.add(file(separate, List.of(pieces.get(k))));
        }
        return files;
    }

    /** ffmpeg's concat demuxer: the pieces' packets one after the other, timestamps shifted, nothing re-encoded. */
    private void join(List<PieceFile> pieces, Path target, Path list, Path output) throws RecordingException {
        StringBuilder lines = new StringBuilder();
        for (PieceFile piece : pieces) {
            // Our own names (digits, letters, '-', '.', '/'), so no quote needs escaping.
            lines.append("file '").append(piece.file().toAbsolutePath()).append("'\n");
        }
        try {
            Files.writeString(list, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecordingException("cannot write " + list.getFileName() + ": " + e.getMessage(), e);
        }
        programs.run(
                List.of(
                        programs.ffmpeg().toString(),
                        "-nostdin",
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "concat",
                        "-safe",
                        "0",
                        "-i",
                        list.toString(),
                        "-c",
                        "copy",
                        "-f",
                        "webm",
                        target.toString()),
                output);
    }

    private RecordingFile file(Path target, List<PieceFile> pieces) throws RecordingException {
        PieceFile first = pieces.getFirst();
        Duration duration = pieces.size() == 1 ? first.duration() : probe.duration(target);
        return new RecordingFile(
                target.getFileName().toString(),
                first.userId(),
                first.source(),
                first.startOffset(),
                duration,
                pieces.stream().anyMatch(PieceFile::audio),
                pieces.stream().anyMatch(PieceFile::video),
                PostProcessor.size(target),
                pieces.stream().map(PieceFile::piece).toList());
    }

    private static void move(Path from, Path to) throws RecordingException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RecordingException("cannot move " + from.getFileName() + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
