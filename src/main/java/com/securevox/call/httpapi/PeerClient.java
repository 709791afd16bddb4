package com.securevox.call.httpapi;

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
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private final String self;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    PeerClient(String self) {
        this.self = Objects.requireNonNull(self, "self");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(threads)
                .build();
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
    }
}
