package com.securevox.call.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a recording in progress has recorded so far, kept next to its raw files ({@code <spool>/<id>.take.json}) and
 * rewritten at each change: whose each raw file is lives nowhere else, so a server that stops while recording can
 * still make the files at its next start. Deleted once the recording is processed.
 */
final class TakeJournal {
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ENTRIES = 10_000;

    private final Path spool;
    private final ObjectMapper json;

    TakeJournal(Path spool, ObjectMapper json) {
        this.spool = spool;
        this.json = json;
    }

    Path file(RecordingId id) {
        return spool.resolve(id.value() + ".take.json");
    }

    /** Writes the recording's state so far, whole, replacing the previous one atomically. */
    void write(RecordingId id, String sessionId, Instant startedAt, List<RawTake.Segment> segments, List<String> lost)
            throws IOException {
        ObjectNode root = json.createObjectNode().put("sessionId", sessionId).put("startedAt", startedAt.toString());
        ArrayNode list = root.putArray("segments");
        for (RawTake.Segment s : segments) {
            list.addObject()
                    .put("userId", s.userId())
                    .put("fileBase", s.fileBase())
                    .put("at", s.at().toString());
        }
        ArrayNode lostNode = root.putArray("lost");
        lost.forEach(lostNode::add);
        Files.createDirectories(spool);
        Path temporary = spool.resolve(id.value() + ".take.json.tmp");
        Files.write(temporary, json.writeValueAsBytes(root));
        Files.move(temporary, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The recording as its journal has it, ended at {@code endedAt}; empty when it has none.
     *
     * @throws RecordingException naming what is wrong when the journal cannot be read
     */
    Optional<RawTake> read(RecordingId id, Instant endedAt) throws RecordingException {
        byte[] bytes;
        try {
            if (Files.size(file(id)) > MAX_BYTES) {
                throw new RecordingException(file(id).getFileName() + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file(id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RecordingException(file(id).getFileName() + " cannot be read: " + e.getMessage(), e);
        }
        return Optional.of(parse(id, bytes, endedAt, json));
    }

    /** Decodes a journal's bytes (outside input: the file may be damaged). */
    static RawTake parse(RecordingId id, byte[] bytes, Instant endedAt, ObjectMapper json) throws RecordingException {
        JsonNode root;
        try {
            root = json.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new RecordingException("journal: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new RecordingException("journal: not a JSON object");
        }
        String sessionId = text(root, "sessionId");
        Instant startedAt = instant(root, "startedAt");
        List<RawTake.Segment> segments = new ArrayList<>();
        for (JsonNode s : array(root, "segments")) {
            if (!s.isObject()) {
                throw new RecordingException("journal segments: an entry is not an object");
            }
            String fileBase = text(s, "fileBase");
            if (!fileBase.startsWith(id.value() + "-")) {
                throw new RecordingException(
                        "journal fileBase: \"" + fileBase + "\" (expected: one of " + id.value() + "'s files)");
            }
            segments.add(new RawTake.Segment(text(s, "userId"), fileBase, instant(s, "at")));
        }
        List<String> lost = new ArrayList<>();
        for (JsonNode what : array(root, "lost")) {
            if (!what.isTextual()) {
                throw new RecordingException("journal lost: an entry is not a string");
            }
            lost.add(what.textValue());
        }
        Instant end = endedAt.isBefore(startedAt) ? startedAt : endedAt;
        return new RawTake(id, sessionId, startedAt, end, segments, lost);
    }

    void delete(RecordingId id) throws IOException {
        Files.deleteIfExists(file(id));
    }

    private static String text(JsonNode node, String field) throws RecordingException {
        JsonNode value = node.get(field);
        if (value == null
                || !value.isTextual()
                || value.textValue().isEmpty()
                || value.textValue().length() > 256) {
            throw new RecordingException("journal " + field + ": " + abbreviated(value) + " (expected: a string)");
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node, String field) throws RecordingException {
        String text = text(node, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new RecordingException("journal " + field + ": \"" + text + "\" (expected: an ISO-8601 instant)");
        }
    }

    private static JsonNode array(JsonNode node, String field) throws RecordingException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.size() > MAX_ENTRIES) {
            throw new RecordingException("journal " + field + ": " + abbreviated(value)
                    + " (expected: an array of at most " + MAX_ENTRIES + ")");
        }
        return value;
    }

    private static String abbreviated(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
