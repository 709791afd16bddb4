package com.securevox.call.httpapi;

import com.securevox.call.call.Ids;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.recording.RecordingFile;
import com.securevox.call.recording.RecordingId;
import com.securevox.call.recording.RecordingInfo;
import com.securevox.call.recording.RecordingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/recordings}, {@code GET /api/recordings/{id}}, {@code GET /api/recordings/{id}/files/{name}} and
 * {@code POST}/{@code DELETE /api/calls/{sessionId}/recording}. Times in epoch milliseconds, like the history. Reads
 * block on the database and actions wait for the SFU; {@link HttpApi} runs off the I/O threads.
 *
 * <p>A file is served only if the catalog lists it for a ready recording: its path is made from the catalog's id and
 * file name (both of a form that cannot leave a folder), never from the URL, and must be a regular file, not a link.
 * With several nodes, a file that is not on this node's disk is asked of the node that made the recording (see {@link
 * RecordingForwarding}); one that is here (shared storage, or this node's id changed) is served here.
 */
final class RecordingRoutes {
    private static final Logger log = LoggerFactory.getLogger(RecordingRoutes.class);
    static final String LIST = "/api/recordings";
    private static final String PREFIX = LIST + "/";
    private static final String FILES = "/files/";
    private static final String CALLS = "/api/calls/";
    private static final String CALL_SUFFIX = "/recording";
    /** How long a start or stop waits for the SFU before it is answered 503. */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(15);
    /** How long a start or stop forwarded to the node serving the call waits for that node: its wait, and a margin. */
    static final Duration FORWARD_TIMEOUT = ACTION_TIMEOUT.plusSeconds(5);

    private final RecordingCatalog catalog;
    private final Path directory;
    private final RecordingActions actions;
    private final BiFunction<HttpError, String, ApiResponse> errors;
    /** Asks the node that made a recording for its files; empty for a single node. */
    private final Optional<RecordingForwarding> forwarding;

    /**
     * @param errors the API's error response, for the 416 that carries a header of its own
     * @param forwarding the other nodes, for files on their disks; empty for a single node
     */
    RecordingRoutes(
            HttpApi.Recordings recordings,
            BiFunction<HttpError, String, ApiResponse> errors,
            Optional<RecordingForwarding> forwarding) {
        this.catalog = recordings.catalog();
        this.directory = recordings.directory().toAbsolutePath().normalize();
        this.actions = recordings.actions();
        this.errors = errors;
        this.forwarding = Objects.requireNonNull(forwarding, "forwarding");
    }

    Object list(ApiRequest request) {
        RecordingsQuery query = RecordingsQuery.parse(request.query());
        return new Recordings(read(() -> catalog.list(query.sessionId(), query.limit())).stream()
                .map(RecordingView::of)
                .toList());
    }

    Object manifest(ApiRequest request) {
        return RecordingView.of(find(idOf(request.path()).orElseThrow()));
    }

    ApiResponse download(ApiRequest request) {
        String[] idAndName = fileOf(request.path()).orElseThrow();
        RecordingInfo recording = find(idAndName[0]);
        if (recording.status() != RecordingStatus.READY) {
            throw notFound("recording id: '" + recording.id() + "' is "
                    + recording.status().wireName() + " (expected: a ready recording)");
        }
        RecordingFile file = recording.files().stream()
                .filter(f -> f.name().equals(idAndName[1]))
                .findFirst()
                .orElseThrow(() ->
                        notFound("file: " + shown(idAndName[1]) + " is not a file of recording " + recording.id()));
        Path path =
                directory.resolve(recording.id().value()).resolve(file.name()).normalize();
        OptionalLong here = sizeOf(path);
        if (here.isEmpty()) {
            Optional<ApiResponse> there = forwarding.flatMap(f -> f.answer(request, recording));
            if (there.isPresent()) {
                return there.get();
            }
            log.warn("recording {}: listed file {} is missing or not a regular file", recording.id(), path);
            throw notFound("file: '" + file.name() + "' of recording " + recording.id() + " is missing on the server");
        }
        long size = here.getAsLong();
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", contentType(file.name()));
        headers.put("accept-ranges", "bytes");
        headers.put("cache-control", "private, no-cache");
        // HEAD ignores Range (RFC 9110 §14.2); so does a conditional range, since we send no validator to match.
        String range =
                request.method().equals("GET") && request.header("if-range").isEmpty()
                        ? request.header("range").orElse(null)
                        : null;
        return switch (ByteRange.of(range, size)) {
            case ByteRange.Answer.Whole whole -> ApiResponse.file(200, headers, new FileBody(path, 0, size));
            case ByteRange.Answer.Part part -> {
                ByteRange r = part.range();
                headers.put("content-range", "bytes " + r.first() + "-" + r.last() + "/" + size);
                yield ApiResponse.file(206, headers, new FileBody(path, r.first(), r.length()));
            }
            case ByteRange.Answer.Unsatisfiable unsatisfiable -> {
                ApiResponse error = errors.apply(
                        HttpError.RANGE_NOT_SATISFIABLE,
                        "Range: " + shown(range) + " (expected: a range within the " + size + " bytes of " + file.name()
                                + ")");
                Map<String, String> with = new HashMap<>(error.headers());
                with.put("content-range", "bytes */" + size);
                with.put("accept-ranges", "bytes");
                yield new ApiResponse(error.status(), error.body(), with);
            }
        };
    }

    Object start(ApiRequest request) {
        String sessionId = sessionIdOf(request.path());
        RecordingId id = await(() -> actions.start(sessionId));
        return new Started(id.value(), sessionId);
    }

    Object stop(ApiRequest request) {
        String sessionId = sessionIdOf(request.path());
        return new Stopped(await(() -> actions.stop(sessionId)).value());
    }

    private String sessionIdOf(String path) {
        String sessionId = callOf(path).orElseThrow();
        if (!Ids.isValid(sessionId)) {
            throw new HttpApiException(HttpError.INVALID_QUERY, Ids.problem("sessionId", sessionId));
        }
        return sessionId;
    }

    /** The action's answer; its failure mapped to the API's error once, here. */
    private static RecordingId await(Supplier<CompletionStage<RecordingId>> action) {
        try {
            return action.get().toCompletableFuture().get(ACTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RecordingActionException e) {
            throw new HttpApiException(e.code().error(), e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordingActionException refused) {
                throw new HttpApiException(refused.code().error(), refused.getMessage());
            }
            throw new IllegalStateException("recording action failed", e.getCause());
        } catch (TimeoutException e) {
            throw new HttpApiException(
                    HttpError.SFU_UNAVAILABLE,
                    "recording: the SFU did not answer within " + ACTION_TIMEOUT.toSeconds() + "s; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpApiException(HttpError.UNAVAILABLE, "recording: interrupted while waiting for the SFU");
        }
    }

    private RecordingInfo find(String idText) {
        RecordingId id;
        try {
            id = new RecordingId(idText);
        } catch (IllegalArgumentException e) {
            throw new HttpApiException(HttpError.INVALID_QUERY, e.getMessage());
        }
        return read(() -> catalog.find(id)).orElseThrow(() -> notFound("recording id: '" + id + "' has no recording"));
    }

    /** The file's size on disk (it is what is sent), if it is a regular file and not a link; empty if not here. */
    private static OptionalLong sizeOf(Path path) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile()) {
                return OptionalLong.of(attributes.size());
            }
        } catch (IOException e) {
            // Listed but not on this disk: another node's, or lost; the caller tells which.
        }
        return OptionalLong.empty();
    }

    private static <T> T read(Supplier<T> query) {
        return DatabaseReads.read("the recordings", query);
    }

    private static String contentType(String name) {
        if (name.endsWith(".webm")) {
            return "video/webm";
        }
        if (name.endsWith(".json")) {
            return ApiResponse.JSON;
        }
        return "application/octet-stream";
    }

    private static HttpApiException notFound(String message) {
        return new HttpApiException(HttpError.NOT_FOUND, message);
    }

    private static String shown(String value) {
        return "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
    }

    /** The id in {@code /api/recordings/{id}}. */
    static Optional<String> idOf(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = path.substring(PREFIX.length());
        return id.isEmpty() || id.contains("/") ? Optional.empty() : Optional.of(id);
    }

    /** The id and file name in {@code /api/recordings/{id}/files/{name}}. */
    static Optional<String[]> fileOf(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PREFIX.length());
        int files = rest.indexOf(FILES);
        if (files <= 0) {
            return Optional.empty();
        }
        String name = rest.substring(files + FILES.length());
        return name.isEmpty() || rest.substring(0, files).contains("/")
                ? Optional.empty()
                : Optional.of(new String[] {rest.substring(0, files), name});
    }

    /** The session id in {@code /api/calls/{sessionId}/recording}. */
    static Optional<String> callOf(String path) {
        if (path.startsWith(CALLS) && path.endsWith(CALL_SUFFIX)) {
            String sessionId = path.substring(CALLS.length(), path.length() - CALL_SUFFIX.length());
            return sessionId.isEmpty() || sessionId.contains("/") ? Optional.empty() : Optional.of(sessionId);
        }
        return Optional.empty();
    }

    record Recordings(List<RecordingView> recordings) {}

    record Started(String recordingId, String sessionId) {}

    record Stopped(String recordingId) {}

    record FileView(
            String name,
            String userId,
            String source,
            long startOffsetMs,
            long durationMs,
            boolean audio,
            boolean video,
            long bytes,
            List<PieceView> pieces) {
        static FileView of(RecordingFile f) {
            return new FileView(
                    f.name(),
                    f.userId(),
                    f.source().wireName(),
                    f.startOffset().toMillis(),
                    f.duration().toMillis(),
                    f.audio(),
                    f.video(),
                    f.bytes(),
                    f.pieces().stream()
                            .map(p -> new PieceView(
                                    p.startOffset().toMillis(), p.duration().toMillis()))
                            .toList());
        }
    }

    record PieceView(long startOffsetMs, long durationMs) {}

    record RecordingView(
            String id,
            String sessionId,
            String startedBy,
            long startedAt,
            Long endedAt,
            String status,
            boolean partial,
            String failure,
            List<FileView> files) {
        static RecordingView of(RecordingInfo r) {
            return new RecordingView(
                    r.id().value(),
                    r.sessionId(),
                    r.startedBy(),
                    r.startedAt().toEpochMilli(),
                    Optional.ofNullable(r.endedAt()).map(Instant::toEpochMilli).orElse(null),
                    r.status().wireName(),
                    r.partial(),
                    r.failure(),
                    r.files().stream().map(FileView::of).toList());
        }
    }
}
