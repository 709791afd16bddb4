package com.securevox.call.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a recording's files from what the SFU wrote: each presence's camera and microphone in one WebM (Opus + VP8),
 * its audio and video aligned from the times in the raw files' headers, and each shared screen in another; then one
 * file per participant and source from those pieces ({@link ParticipantFiles}), and a composed file of the whole call
 * when asked. Runs off the media path, one program at a time.
 *
 * <p>The raw files move out of the SFU's folder into the recording's own ({@code raw/}) before anything is made, so a
 * recording's files live in one folder that retention deletes whole; they are removed once the playable files are
 * there, and kept when nothing could be made, for the operator to look at.
 */
final class PostProcessor {
    private static final Logger log = LoggerFactory.getLogger(PostProcessor.class);
    /** {@code <fileBase>-<audio|video|data>-<mindex>.mjr}, with Janus's temporary extension while it writes. */
    private static final Pattern RAW = Pattern.compile("(.+)-(audio|video|data)-(\\d{1,3})\\.mjr(\\.tmp)?");

    private static final Duration POLL = Duration.ofMillis(100);

    private final Programs programs;
    private final Path spool;
    private final Path recordings;
    private final Optional<Composer> composer;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration closeWait;

    PostProcessor(
            Programs programs,
            Path spool,
            Path recordings,
            boolean compose,
            ObjectMapper json,
            Clock clock,
            Duration closeWait) {
        this.programs = programs;
        this.spool = spool;
        this.recordings = recordings;
        this.composer = compose ? Optional.of(new Composer(programs)) : Optional.empty();
        this.json = json;
        this.clock = clock;
        this.closeWait = closeWait;
    }

    /** The playable files and what was lost; fails when nothing playable could be made. */
    Made process(RawTake take) throws RecordingException {
        List<String> lost = new ArrayList<>(take.lost());
        Path folder = recordings.resolve(take.id().value());
        Path raw = folder.resolve("raw");
        Path work = folder.resolve("work");
        try {
            awaitClosed(take.id());
            Files.createDirectories(raw);
            Files.createDirectories(work);
            moveRawFiles(take.id(), raw);
        } catch (IOException e) {
            throw new RecordingException("cannot move the raw files into " + folder + ": " + e.getMessage(), e);
        }
        List<PieceFile> pieces = new ArrayList<>();
        long begun = System.nanoTime();
        int n = 0;
        for (RawTake.Segment segment : take.segments()) {
            n++;
            try {
                pieces.addAll(pieces(take, segment, n, raw, work, lost));
            } catch (RecordingException e) {
                log.warn("recording {} {}: {}", take.id(), segment.userId(), e.getMessage());
                lost.add(segment.userId() + "'s media: " + e.getMessage());
            }
        }
        if (pieces.isEmpty()) {
            throw new RecordingException(
                    "nothing playable was recorded" + (lost.isEmpty() ? "" : ": " + String.join("; ", lost)));
        }
        long piecesMs = (System.nanoTime() - begun) / 1_000_000;
        // Composed from the pieces, each at its place in the call, before they are joined into the participants' files.
        Optional<RecordingFile> composed = Optional.empty();
        long composedMs = -1;
        if (composer.isPresent()) {
            long composing = System.nanoTime();
            try {
                Duration length = Duration.between(take.startedAt(), take.endedAt());
                composed = Optional.of(composer.get().compose(pieces, folder, work, length, f -> probe(f, work)));
            } catch (RecordingException e) {
                log.warn("recording {} composed file: {}", take.id(), e.getMessage());
                lost.add("the composed file: " + e.getMessage());
            }
            composedMs = (System.nanoTime() - composing) / 1_000_000;
        }
        long assembling = System.nanoTime();
        List<RecordingFile> files =
                new ArrayList<>(new ParticipantFiles(programs, f -> probe(f, work)).assemble(pieces, folder, work));
        long participantsMs = piecesMs + (System.nanoTime() - assembling) / 1_000_000;
        int participantFiles = files.size();
        composed.ifPresent(files::add);
        // The benchmark (bench/recording.mjs) reads this line: keep its shape.
        log.info(
                "recording {} made: {} participant files in {} ms, composed in {} ms, {} ms of call",
                take.id(),
                participantFiles,
                participantsMs,
                composedMs,
                Duration.between(take.startedAt(), take.endedAt()).toMillis());
        try {
            Manifest.write(folder, take, files, lost, json);
            deleteTree(work);
            deleteTree(raw);
        } catch (IOException e) {
            throw new RecordingException("cannot write the manifest into " + folder + ": " + e.getMessage(), e);
        }
        return new Made(List.copyOf(files), List.copyOf(lost));
    }

    /** Playable files, and what was not recorded (empty: nothing). */
    record Made(List<RecordingFile> files, List<String> lost) {}

    /**
     * A presence's pieces: its camera and microphone (the lowest m-line index of each kind, which the SDK gives the
     * camera and microphone), and each further video stream as a shared screen.
     */
    private List<PieceFile> pieces(RawTake take, RawTake.Segment segment, int n, Path raw, Path work, List<String> lost)
            throws RecordingException {
        List<Path> audios = streams(raw, segment.fileBase(), "audio");
        List<Path> videos = streams(raw, segment.fileBase(), "video");
        if (audios.isEmpty() && videos.isEmpty()) {
            lost.add(segment.userId() + "'s media from " + segment.at() + ": nothing reached the SFU");
            return List.of();
        }
        Optional<Path> audio = audios.stream().findFirst();
        Optional<Path> video = videos.stream().findFirst();
        for (Path file : audios.size() > 1 ? audios.subList(1, audios.size()) : List.<Path>of()) {
            lost.add(segment.userId() + "'s " + file.getFileName() + ": a second audio stream is not kept");
        }
        for (Path file : Stream.concat(audio.stream(), videos.stream()).toList()) {
            if (file.getFileName().toString().endsWith(".tmp")) {
                lost.add(segment.userId() + "'s " + file.getFileName() + " was cut short (the SFU stopped)");
            }
        }
        List<PieceFile> pieces = new ArrayList<>();
        pieces.add(camera(take, segment, n, audio, video, work));
        for (int s = 1; s < videos.size(); s++) {
            Path webm = work.resolve(n + "-screen-" + s + ".webm");
            convert(videos.get(s), webm, work);
            Instant first = header(Optional.of(videos.get(s))).orElseThrow().firstFrame();
            pieces.add(new PieceFile(
                    segment.userId(),
                    RecordingFile.Source.SCREEN,
                    webm,
                    offset(take, first),
                    probe(webm, work),
                    false,
                    true));
        }
        return pieces;
    }

    /** The camera and microphone of a presence in one WebM, each stream at its own start. */
    private PieceFile camera(
            RawTake take, RawTake.Segment segment, int n, Optional<Path> audio, Optional<Path> video, Path work)
            throws RecordingException {
        Optional<MjrHeader> audioHeader = header(audio);
        Optional<MjrHeader> videoHeader = header(video);
        Instant start = Stream.of(audioHeader, videoHeader)
                .flatMap(Optional::stream)
                .map(MjrHeader::firstFrame)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        List<String> command = new ArrayList<>(
                List.of(programs.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        int inputs = 0;
        if (video.isPresent()) {
            Path webm = work.resolve(n + "-video.webm");
            convert(video.get(), webm, work);
            addInput(command, webm, Duration.between(start, videoHeader.get().firstFrame()));
            inputs++;
        }
        if (audio.isPresent()) {
            Path opus = work.resolve(n + "-audio.opus");
            convert(audio.get(), opus, work);
            addInput(command, opus, Duration.between(start, audioHeader.get().firstFrame()));
            inputs++;
        }
        for (int i = 0; i < inputs; i++) {
            command.addAll(List.of("-map", i + ":0"));
        }
        Path target = work.resolve(n + "-camera.webm");
        command.addAll(List.of("-c", "copy", "-f", "webm", target.toString()));
        programs.run(command, work.resolve(n + "-mux.log"));
        return new PieceFile(
                segment.userId(),
                RecordingFile.Source.CAMERA,
                target,
                offset(take, start),
                probe(target, work),
                audio.isPresent(),
                video.isPresent());
    }

    private static Duration offset(RawTake take, Instant first) {
        Duration offset = Duration.between(take.startedAt(), first);
        return offset.isNegative() ? Duration.ZERO : offset;
    }

    private static void addInput(List<String> command, Path input, Duration offset) {
        command.addAll(List.of("-itsoffset", seconds(offset), "-i", input.toString()));
    }

    private void convert(Path mjr, Path target, Path work) throws RecordingException {
        programs.run(
                List.of(programs.janusPpRec().toString(), "-d", "2", "-o", mjr.toString(), target.toString()),
                work.resolve(target.getFileName() + ".log"));
        if (size(target) == 0) {
            throw new RecordingException(mjr.getFileName() + " holds no media");
        }
    }

    /** How long a made file plays, as ffprobe reads it; ffprobe's output goes into {@code work}. */
    Duration probe(Path file, Path work) throws RecordingException {
        String out = programs.run(
                        List.of(
                                programs.ffprobe().toString(),
                                "-v",
                                "error",
                                "-show_entries",
                                "format=duration",
                                "-of",
                                "default=noprint_wrappers=1:nokey=1",
                                file.toString()),
                        work.resolve(file.getFileName() + ".probe.log"))
                .strip();
        try {
            double seconds = Double.parseDouble(out);
            if (!(seconds >= 0 && seconds < 1e7)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new RecordingException("ffprobe read no duration from " + file.getFileName() + ": \""
                    + (out.length() > 60 ? out.substring(0, 60) : out) + "\"");
        }
    }

    private Optional<MjrHeader> header(Optional<Path> file) throws RecordingException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return Optional.of(MjrHeader.read(in, json));
        } catch (RecordingException e) {
            throw new RecordingException(file.get().getFileName() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new RecordingException(file.get().getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The streams of that kind, by m-line index. */
    private static List<Path> streams(Path raw, String fileBase, String kind) throws RecordingException {
        try (Stream<Path> files = Files.list(raw)) {
            return files.filter(p -> {
                        Matcher m = RAW.matcher(p.getFileName().toString());
                        return m.matches()
                                && m.group(1).equals(fileBase)
                                && m.group(2).equals(kind);
                    })
                    .sorted(Comparator.comparingInt(p -> {
                        Matcher m = RAW.matcher(p.getFileName().toString());
                        return m.matches() ? Integer.parseInt(m.group(3)) : Integer.MAX_VALUE;
                    }))
                    .toList();
        } catch (IOException e) {
            throw new RecordingException("cannot list " + raw + ": " + e.getMessage(), e);
        }
    }

    /** Janus renames each file when it closes it; wait (bounded) for the ones still being written. */
    private void awaitClosed(RecordingId id) throws IOException {
        Instant deadline = clock.instant().plus(closeWait);
        while (hasOpenFiles(id) && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean hasOpenFiles(RecordingId id) throws IOException {
        if (!Files.isDirectory(spool)) {
            return false;
        }
        try (DirectoryStream<Path> open = Files.newDirectoryStream(spool, id.value() + "-*.mjr.tmp")) {
            return open.iterator().hasNext();
        }
    }

    private void moveRawFiles(RecordingId id, Path raw) throws IOException {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, id.value() + "-*")) {
            for (Path file : files) {
                Files.move(file, raw.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static long size(Path file) throws RecordingException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new RecordingException(file.getFileName() + " was not made: " + e.getMessage(), e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
