package com.securevox.call.httpapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Sends a request that reached this node on to another node: the same method, path, query, body, {@code Authorization}
 * and {@code Content-Type}, plus {@value #FORWARDED} naming this node, which the other node reads as "answer this
 * yourself" so that a request is never forwarded twice (a loop while two nodes disagree on a call's owner). The header
 * grants nothing: the other node authenticates the request as any other, so a client that sends it only gets the
 * answer of the node it reached.
 */
final class PeerClient implements AutoCloseable {
    static final String FORWARDED = "x-securevox-forwarded-by";
    /** Connecting to a live node on the same network takes milliseconds; longer means it is not there. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** The headers of the other node's answer that say what its body is; framing headers are the transport's. */
    private static final List<String> ANSWER_HEADERS = List.of("content-type", "cache-control");

    /** What a request for a file asks besides the credentials: which part, if the file is still the one it knows. */
    private static final List<String> FILE_REQUEST_HEADERS = List.of("range", "if-range");

    /** The headers of the other node's answer for a file: what it is, which part of it, and its validators. */
    private static final List<String> FILE_ANSWER_HEADERS =
            List.of("content-type", "cache-control", "content-range", "accept-ranges", "etag", "last-modified");

    /** The API's error bodies are a few hundred bytes; a longer answer that is not a file is not one of ours. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final String self;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Watches relayed bodies for a node gone quiet ({@link IdleBody}): one thread, its tasks only close a stream. */
    private final ScheduledExecutorService idleTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("peer-idle-timer").factory());

    private final HttpClient client;

    PeerClient(String self) {
        this(self, Optional.empty());
    }

    /**
     * @param tls the context that decides which {@code https://} nodes are trusted ({@link PeerNodes#tls}); empty:
     *     the JDK's trust store
     */
    PeerClient(String self, Optional<SSLContext> tls) {
        this.self = Objects.requireNonNull(self, "self");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(threads);
        tls.ifPresent(builder::sslContext);
        this.client = builder.build();
    }

    /**
     * The other node's answer as it is, or a failure: a {@link PeerException} naming the node and what went wrong
     * (not reachable, or no answer within {@code timeout}).
     */
    CompletableFuture<ApiResponse> send(PeerNodes.Peer peer, ApiRequest request, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(peer.url(), request))
                .timeout(timeout)
                .method(
                        request.method(),
                        request.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .header(FORWARDED, self);
        request.header("authorization").ifPresent(v -> builder.header("Authorization", v));
        request.header("content-type").ifPresent(v -> builder.header("Content-Type", v));
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(failed(peer, timeout, failure));
                    }
                    Map<String, String> headers = new HashMap<>();
                    for (String name : ANSWER_HEADERS) {
                        response.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
                    }
                    return new ApiResponse(response.statusCode(), response.body(), headers);
                });
    }

    /**
     * The other node's answer to a request for a file ({@code GET} or {@code HEAD}, with its {@code Range} and {@code
     * If-Range}): a 200 or 206 has its body relayed as it arrives ({@link StreamBody}, which the caller must see
     * closed), anything else (a refusal, 416) is read whole. Blocks until the answer's head arrives, at most {@code
     * timeout}; the caller's thread is the API's, never an event loop. A relayed body whose node sends nothing for
     * {@code idle} while it is read is closed, and its read fails ({@link IdleBody}).
     *
     * @throws PeerException naming the node and what went wrong: not reachable, no answer in time, or an answer that is
     *     not one of ours
     */
    ApiResponse relayFile(PeerNodes.Peer peer, ApiRequest request, Duration timeout, Duration idle)
            throws PeerException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(peer.url(), request))
                .timeout(timeout)
                .method(request.method(), HttpRequest.BodyPublishers.noBody())
                .header(FORWARDED, self);
        request.header("authorization").ifPresent(v -> builder.header("Authorization", v));
        for (String name : FILE_REQUEST_HEADERS) {
            request.header(name).ifPresent(v -> builder.header(name, v));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failed(peer, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("node '" + peer.id() + "': interrupted while waiting for its answer", e);
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : FILE_ANSWER_HEADERS) {
            response.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
        }
        int status = response.statusCode();
        OptionalLong length = response.headers().firstValueAsLong("content-length");
        if (status == 200 || status == 206) {
            if (length.isEmpty() || length.getAsLong() < 0) {
                close(response.body());
                throw new PeerException("node '" + peer.id() + "' at " + peer.url() + " answered " + status
                        + " without a Content-Length (expected: the length of the file it sends)");
            }
            IdleBody body = new IdleBody(response.body(), idle, idleTimer, "node '" + peer.id() + "' at " + peer.url());
            return ApiResponse.stream(status, headers, new StreamBody(body, length.getAsLong()));
        }
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_ERROR_BODY);
            if (in.read() != -1) {
                throw new PeerException("node '" + peer.id() + "' at " + peer.url() + " answered " + status
                        + " with a body over " + MAX_ERROR_BODY + " bytes (expected: an API error)");
            }
            return new ApiResponse(status, body, headers);
        } catch (IOException e) {
            throw failed(peer, timeout, e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Only lets go of the exchange.
        }
    }

    private static PeerException failed(PeerNodes.Peer peer, Duration timeout, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String what = cause instanceof TimeoutException || cause instanceof HttpTimeoutException
                ? "did not answer within " + timeout.toMillis() + " ms"
                : "could not be reached: "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        return new PeerException("node '" + peer.id() + "' at " + peer.url() + " " + what, cause);
    }

    /** The node's URL (its path prefix kept) with the request's path and query, each percent-encoded again. */
    static URI target(URI base, ApiRequest request) {
        String prefix = base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        StringBuilder uri = new StringBuilder(prefix).append(encodePath(request.path()));
        StringJoiner query = new StringJoiner("&");
        request.query().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> e.getValue()
                .forEach(v -> query.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        if (query.length() > 0) {
            uri.append('?').append(query);
        }
        return URI.create(uri.toString());
    }

    /** A decoded path as a URI path: every byte outside the unreserved characters, {@code /}, {@code :} and {@code @} escaped. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '/'
                    || c == ':'
                    || c == '@';
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
        threads.close();
        idleTimer.shutdownNow();
    }
}
