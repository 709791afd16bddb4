package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file per participant and source from a recording's pieces, with Debian's real ffmpeg and ffprobe on pieces it
 * encodes here (VP8 + Opus WebM, like the ones made from the SFU's raw files).
 */
class ParticipantFilesTest {
    @TempDir
    Path dir;

    private Programs programs;
    private PostProcessor probing;
    private Path folder;
    private Path work;

    @BeforeEach
    void programs() throws Exception {
        programs = Programs.find("/usr/bin:/usr/local/bin", Duration.ofMinutes(1));
        folder = Files.createDirectories(dir.resolve("rec"));
        work = Files.createDirectories(folder.resolve("work"));
        probing = new PostProcessor(
                programs, dir.resolve("spool"), dir, false, new ObjectMapper(), Clock.systemUTC(), Duration.ZERO);
    }

    @Test
    void presencesWithTheSameStreamsArePlayedBackToBackInOneFileListedAsPieces() throws Exception {
        PieceFile ann = piece("ann", RecordingFile.Source.CAMERA, 0, 6, true, true);
        PieceFile bob1 = piece("bob", RecordingFile.Source.CAMERA, 1, 2, true, true);
        PieceFile bob2 = piece("bob", RecordingFile.Source.CAMERA, 4, 3, true, true);

        List<RecordingFile> files = assemble(List.of(ann, bob1, bob2));

        assertThat(files).extracting(RecordingFile::name).containsExactly("participant-1.webm", "participant-2.webm");
        RecordingFile bob = files.get(1);
        assertThat(bob.userId()).isEqualTo("bob");
        assertThat(bob.source()).isEqualTo(RecordingFile.Source.CAMERA);
        assertThat(bob.startOffset()).isEqualTo(Duration.ofSeconds(1));
        assertThat(bob.pieces()).containsExactly(bob1.piece(), bob2.piece());
        assertThat(bob.duration().toMillis() / 1000.0).isCloseTo(5.0, within(0.2));
        assertThat(bob.audio()).isTrue();
        assertThat(bob.video()).isTrue();
        decodesWhole(folder.resolve("participant-2.webm"));
        assertThat(files.get(0).pieces()).containsExactly(ann.piece());
        assertThat(files.get(0).duration()).isEqualTo(ann.duration());
    }

    @Test
    void presencesThatDoNotCarryTheSameStreamsStaySeparateFilesNothingDropped() throws Exception {
        PieceFile withVideo = piece("bob", RecordingFile.Source.CAMERA, 0, 2, true, true);
        PieceFile audioOnly = piece("bob", RecordingFile.Source.CAMERA, 5, 2, true, false);

        List<RecordingFile> files = assemble(List.of(withVideo, audioOnly));

        assertThat(files)
                .extracting(RecordingFile::name)
                .containsExactly("participant-1-1.webm", "participant-1-2.webm");
        assertThat(files)
                .extracting(RecordingFile::pieces)
                .containsExactly(List.of(withVideo.piece()), List.of(audioOnly.piece()));
        assertThat(files).extracting(RecordingFile::video).containsExactly(true, false);
        for (RecordingFile file : files) {
            decodesWhole(folder.resolve(file.name()));
        }
    }

    @Test
    void aSharedScreenHasAFileOfItsOwnNumberedLikeItsParticipant() throws Exception {
        PieceFile ann = piece("ann", RecordingFile.Source.CAMERA, 0, 3, true, true);
        PieceFile bob = piece("bob", RecordingFile.Source.CAMERA, 0, 3, true, true);
        PieceFile bobScreen = piece("bob", RecordingFile.Source.SCREEN, 1, 2, false, true);

        List<RecordingFile> files = assemble(List.of(ann, bob, bobScreen));

        assertThat(files)
                .extracting(RecordingFile::name, RecordingFile::userId, RecordingFile::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("participant-1.webm", "ann", RecordingFile.Source.CAMERA),
                        org.assertj.core.groups.Tuple.tuple("participant-2.webm", "bob", RecordingFile.Source.CAMERA),
                        org.assertj.core.groups.Tuple.tuple(
                                "participant-2-screen.webm", "bob", RecordingFile.Source.SCREEN));
        assertThat(files.get(2).audio()).isFalse();
        assertThat(files.get(2).startOffset()).isEqualTo(Duration.ofSeconds(1));
    }

    private List<RecordingFile> assemble(List<PieceFile> pieces) throws RecordingException {
        return new ParticipantFiles(programs, f -> probing.probe(f, work)).assemble(pieces, folder, work);
    }

    private int made;

    /** A piece encoded here: a test picture and a tone, as long as asked. */
    private PieceFile piece(
            String userId, RecordingFile.Source source, int offsetSeconds, int seconds, boolean audio, boolean video)
            throws Exception {
        Path file = work.resolve("piece-" + (++made) + ".webm");
        List<String> command = new ArrayList<>(List.of(programs.ffmpeg().toString(), "-nostdin", "-v", "error", "-y"));
        if (video) {
            command.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=" + seconds));
        }
        if (audio) {
            command.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
        }
        if (video) {
            command.addAll(List.of("-c:v", "libvpx", "-deadline", "realtime", "-b:v", "200k"));
        }
        if (audio) {
            command.addAll(List.of("-c:a", "libopus", "-b:a", "32k"));
        }
        command.addAll(List.of("-f", "webm", file.toString()));
        programs.run(command, work.resolve("piece-" + made + ".log"));
        return new PieceFile(
                userId, source, file, Duration.ofSeconds(offsetSeconds), probing.probe(file, work), audio, video);
    }

    private void decodesWhole(Path file) throws RecordingException {
        programs.run(
                List.of(
                        programs.ffmpeg().toString(),
                        "-nostdin",
                        "-v",
                        "error",
                        "-xerror",
                        "-i",
                        file.toString(),
                        "-f",
                        "null",
                        "-"),
                work.resolve(file.getFileName() + ".decode.log"));
    }
}
