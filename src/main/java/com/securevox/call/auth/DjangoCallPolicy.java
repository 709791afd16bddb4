package com.securevox.call.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks the Django backend whether one user may call another: {@code POST <canCallUrl>} with {@code {"from", "to"}}
 * and the server's API key as {@code Authorization: Bearer}. 200 allows, 403 refuses; anything else, or no answer
 * within the request timeout, means Django cannot tell ({@link Answer#UNAVAILABLE}).
 *
 * <p>Never blocks: the JDK client's own threads complete the answer. Allowed and refused answers are cached briefly
 * ({@link DjangoUserVerifier.Options#verifiedTtl()} and {@code refusedTtl()}), so a group ring or a retried invite asks
 * once; no answer is never cached. Thread-safe. Like the rest of {@code auth} it does not log.
 */
public final class DjangoCallPolicy implements AutoCloseable {

    /** What Django said about one pair. */
    public enum Answer {
        ALLOWED,
        REFUSED,
        UNAVAILABLE
    }

    private record Cached(Answer answer, Instant until) {}

    private final URI canCallUrl;
    private final String apiKey;
    private final DjangoUserVerifier.Options options;
    private final Clock clock;
    private final HttpClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param canCallUrl the full policy URL, such as {@code http://django:8001/api/calls/can-call/}
     * @param apiKey sent as {@code Authorization: Bearer}, so Django knows the question comes from this server
     * @param clock drives cache expiry only; network timeouts use real time
     */
    public DjangoCallPolicy(URI canCallUrl, String apiKey, DjangoUserVerifier.Options options, Clock clock) {
        this.canCallUrl = DjangoUserVerifier.httpUrl("canCallUrl", canCallUrl);
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = DjangoUserVerifier.client(options);
    }

    /** {@code host:port} of Django, for messages. */
    public String authority() {
        return canCallUrl.getRawAuthority();
    }

    /** Whether {@code from} may call {@code to}; ids are checked ones (nothing to escape). Never fails. */
    public CompletionStage<Answer> mayCall(String from, String to) {
        String key = from + "\n" + to;
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return CompletableFuture.completedFuture(cached.answer());
        }
        HttpRequest request = HttpRequest.newBuilder(canCallUrl)
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .timeout(options.requestTimeout())
                .build();
        return client.sendAsync(request, BodyHandlers.discarding())
                .orTimeout(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        return Answer.UNAVAILABLE;
                    }
                    Answer answer =
                            switch (response.statusCode()) {
                                case 200 -> Answer.ALLOWED;
                                case 403 -> Answer.REFUSED;
                                default -> Answer.UNAVAILABLE;
                            };
                    remember(key, answer);
                    return answer;
                });
    }

    private void remember(String key, Answer answer) {
        Duration ttl =
                switch (answer) {
                    case ALLOWED -> options.verifiedTtl();
                    case REFUSED -> options.refusedTtl();
                    case UNAVAILABLE -> Duration.ZERO;
                };
        if (ttl.isZero()) {
            return;
        }
        if (cache.size() >= options.maxCacheEntries()) {
            // Bounded without bookkeeping: dropping everything costs Django a few questions, once.
            cache.clear();
        }
        cache.put(key, new Cached(answer, clock.instant().plus(ttl)));
    }

    /** Aborts requests in flight, so stopping the server does not wait for a slow Django. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return "DjangoCallPolicy[" + canCallUrl + "]";
    }
}
