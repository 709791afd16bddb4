package com.securevox.call.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code manifest.json} in a recording's folder: what the files are, whose, where each starts and how long it plays —
 * the same facts as the catalog, kept next to the files so a folder copied elsewhere still explains itself.
 */
final class Manifest {
    static final String NAME = "manifest.json";

    private Manifest() {}

    static void write(Path folder, RawTake take, List<RecordingFile> files, List<String> lost, ObjectMapper json)
            throws IOException {
        ObjectNode root = json.createObjectNode()
                .put("recordingId", take.id().value())
                .put("sessionId", take.sessionId())
                .put("startedAt", take.startedAt().toString())
                .put("endedAt", take.endedAt().toString())
                .put(
                        "durationMs",
                        java.time.Duration.between(take.startedAt(), take.endedAt())
                                .toMillis())
                .put("partial", !lost.isEmpty());
        ArrayNode lostNode = root.putArray("lost");
        lost.forEach(lostNode::add);
        ArrayNode list = root.putArray("files");
        for (RecordingFile file : files) {
            ObjectNode node = list.addObject().put("name", file.name());
            if (file.userId() == null) {
                node.putNull("userId");
            } else {
                node.put("userId", file.userId());
            }
            node.put("source", file.source().wireName())
                    .put("startOffsetMs", file.startOffset().toMillis())
                    .put("durationMs", file.duration().toMillis())
                    .put("audio", file.audio())
                    .put("video", file.video())
                    .put("bytes", file.bytes());
            ArrayNode pieces = node.putArray("pieces");
            for (RecordingFile.Piece piece : file.pieces()) {
                pieces.addObject()
                        .put("startOffsetMs", piece.startOffset().toMillis())
                        .put("durationMs", piece.duration().toMillis());
            }
        }
        Path temporary = folder.resolve(NAME + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
        Files.move(
                temporary, folder.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
