package com.securevox.call.auth;

import com.securevox.call.auth.UserVerification.Refused;
import com.securevox.call.auth.UserVerification.Unavailable;
import com.securevox.call.auth.UserVerification.Verified;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the Django backend who holds a user token: {@code GET <verifyUrl>} with the caller's {@code Authorization}
 * header forwarded unchanged. 200 with {@code {"user_id": …}} ({@code userId} or {@code id} accepted too, a number
 * as its decimal string) is {@link Verified}; 401 and 403 are {@link Refused}; anything else, including no answer in
 * time, is {@link Unavailable}.
 *
 * <p>Answers are cached briefly (see {@link Options}) so a client minting several call tokens asks Django once.
 * Unavailable is never cached: Django may be back on the next request. Two simultaneous first requests with one
 * token may both ask Django; that costs one extra question and keeps the lock out of the network call.
 *
 * <p>Blocks the calling thread for up to {@link Options#requestTimeout()}: call it from a virtual thread.
 * Thread-safe. Like the rest of {@code auth} it does not log; the header never appears in a reason.
 */
public final class DjangoUserVerifier implements AutoCloseable {

    /** Netty refuses request headers over 8 KiB anyway; a longer one is not worth sending on. */
    static final int MAX_HEADER_LENGTH = 8 * 1024;

    /**
     * @param connectTimeout how long to wait for a TCP (and TLS) connection to Django
     * @param requestTimeout how long the whole exchange may take, connection included
     * @param verifiedTtl how long a {@link Verified} answer is reused; zero caches nothing
     * @param refusedTtl how long a {@link Refused} answer is reused; shorter, so a user who just logged in again is
     *     not locked out for long
     * @param maxCacheEntries bound on cached answers
     */
    public record Options(
            Duration connectTimeout,
            Duration requestTimeout,
            Duration verifiedTtl,
            Duration refusedTtl,
            int maxCacheEntries) {

        public static final Options DEFAULT = new Options(
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(5), 10_000);

        public Options {
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("requestTimeout", requestTimeout);
            requireNotNegative("verifiedTtl", verifiedTtl);
            requireNotNegative("refusedTtl", refusedTtl);
            if (maxCacheEntries < 1) {
                throw new IllegalArgumentException("maxCacheEntries: " + maxCacheEntries + " (expected: at least 1)");
            }
        }

        private static void requirePositive(String name, Duration d) {
            if (Objects.requireNonNull(d, name).isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
        }

        private static void requireNotNegative(String name, Duration d) {
            if (Objects.requireNonNull(d, name).isNegative()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
            }
        }
    }

    private final URI verifyUrl;
    private final Options options;
    private final HttpClient client;
    private final VerificationCache cache;

    /**
     * @param verifyUrl the full verification URL, such as {@code http://django:8001/api/auth/verify/}
     * @param clock drives cache expiry only; network timeouts use real time
     */
    public DjangoUserVerifier(URI verifyUrl, Options options, Clock clock) {
        this.verifyUrl = httpUrl("verifyUrl", verifyUrl);
        this.options = Objects.requireNonNull(options, "options");
        this.cache = new VerificationCache(clock, options.maxCacheEntries());
        this.client = client(options);
    }

    /** The client for talking to Django: its connect timeout, no redirects, HTTP/1.1. */
    static HttpClient client(Options options) {
        return HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                // Following a redirect would hand the user's token to wherever Django points; a 3xx is no answer.
                .followRedirects(HttpClient.Redirect.NEVER)
                // No h2c upgrade dance with a plain-HTTP Django: one request, one well-known protocol.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** {@code url} if it is an http or https URL with a host; else the message names {@code field}. */
    static URI httpUrl(String field, URI url) {
        Objects.requireNonNull(url, field);
        String scheme = url.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException(field + ": '" + url + "' (expected: an http or https URL)");
        }
        return url;
    }

    public URI verifyUrl() {
        return verifyUrl;
    }

    /** {@code host:port} of Django, for messages: the URL holds no credentials (the config refuses them). */
    public String authority() {
        return verifyUrl.getRawAuthority();
    }

    /**
     * Who holds the credential in {@code authorizationHeader} (the whole header value, such as {@code Token 9944b…}),
     * from the cache or by asking Django. Never throws for anything Django or the network does.
     */
    public UserVerification verify(String authorizationHeader) {
        Optional<UserVerification> known = recall(authorizationHeader);
        if (known.isPresent()) {
            return known.get();
        }
        UserVerification answer = ask(authorizationHeader);
        switch (answer) {
            case Verified v -> cache.put(authorizationHeader, v, options.verifiedTtl());
            case Refused r -> cache.put(authorizationHeader, r, options.refusedTtl());
            case Unavailable _ -> {
                // Not cached: it says nothing about the token, and Django may answer the next request.
            }
        }
        return answer;
    }

    /**
     * What is known about the credential without asking Django: a cached answer, or a refusal of a header that could
     * never be sent. Empty when only Django could tell. Never blocks.
     */
    public Optional<UserVerification> recall(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.of(new Refused("Authorization: missing"));
        }
        if (authorizationHeader.length() > MAX_HEADER_LENGTH) {
            return Optional.of(new Refused("Authorization: " + authorizationHeader.length()
                    + " characters (expected: at most " + MAX_HEADER_LENGTH + ")"));
        }
        return cache.get(authorizationHeader);
    }

    VerificationCache cache() {
        return cache;
    }

    private UserVerification ask(String authorizationHeader) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(verifyUrl)
                    .GET()
                    .header("Authorization", authorizationHeader)
                    .header("Accept", "application/json")
                    .timeout(options.requestTimeout())
                    .build();
        } catch (IllegalArgumentException e) {
            // The JDK refuses header values with control characters; the message would quote the value.
            return new Refused("Authorization: not a valid header value");
        }
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, BodyHandlers.limiting(BodyHandlers.ofByteArray(), DjangoAnswers.MAX_BYTES));
        HttpResponse<byte[]> response;
        try {
            // One deadline for the whole exchange, a trickling body included, whatever the request timeout covers.
            response = pending.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return noAnswerWithin(options.requestTimeout());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted while waiting");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
        return DjangoAnswers.read(response.statusCode(), response.body());
    }

    private UserVerification failure(Throwable cause) {
        return switch (cause) {
            case HttpConnectTimeoutException _ ->
                new Unavailable("no connection within " + shown(options.connectTimeout()));
            case HttpTimeoutException _ -> noAnswerWithin(options.requestTimeout());
            case ConnectException _ -> new Unavailable("connection refused");
            case IOException e ->
                new Unavailable(DjangoAnswers.printable(
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            case null -> new Unavailable("request failed");
            default -> new Unavailable("request failed: " + cause.getClass().getSimpleName());
        };
    }

    private static Unavailable noAnswerWithin(Duration timeout) {
        return new Unavailable("no answer within " + shown(timeout));
    }

    private static String shown(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Aborts requests in flight, so stopping the server does not wait for a slow Django. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return "DjangoUserVerifier[" + verifyUrl + "]";
    }
}
