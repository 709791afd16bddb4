package com.securevox.call.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FCM HTTP v1: {@code POST {base}/v1/projects/{project_id}/messages:send}, one request per device (v1 has no
 * multicast; HTTP/2 makes that cheap), each on a virtual thread of its own.
 */
final class FcmClient implements PushProvider {
    private static final Logger log = LoggerFactory.getLogger(FcmClient.class);
    static final String DEFAULT_BASE = "https://fcm.googleapis.com";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI send;
    private final FcmAccessTokens tokens;
    private final HttpClient http;
    private final Clock clock;
    private final ExecutorService executor;

    /** @param base FCM's base URL, without a trailing slash ({@link #DEFAULT_BASE}, or a local stand-in) */
    FcmClient(ServiceAccount account, URI base, HttpClient http, Clock clock, ExecutorService executor) {
        String root = base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        this.send = URI.create(root + "/v1/projects/" + account.projectId() + "/messages:send");
        this.tokens = new FcmAccessTokens(account, http, clock);
        this.http = http;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "fcm";
    }

    @Override
    public boolean serves(Platform platform) {
        return platform == Platform.FCM;
    }

    @Override
    public CompletionStage<Delivery> send(Device device, PushMessage message) {
        try {
            return CompletableFuture.supplyAsync(() -> sendNow(device, message), executor);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Delivery.Failed("closed"));
        }
    }

    private Delivery sendNow(Device device, PushMessage message) {
        Optional<byte[]> body = FcmMessages.message(device.token(), message, clock.instant());
        if (body.isEmpty()) {
            return new Delivery.Failed("RING_OVER");
        }
        String accessToken;
        try {
            accessToken = tokens.token();
        } catch (FcmAccessTokens.TokenException e) {
            return switch (e.failure) {
                case PASSING -> {
                    log.warn("fcm: no access token: {}", e.getMessage());
                    yield new Delivery.Retry("OAUTH_UNAVAILABLE", Optional.empty());
                }
                case REFUSED -> {
                    log.error(
                            "fcm: the service account cannot get an access token (check"
                                    + " SECUREVOX_CALL_FCM_CREDENTIALS): {}",
                            e.getMessage());
                    yield new Delivery.Failed("OAUTH_REFUSED");
                }
                case UNTRUSTED -> untrusted(e.getMessage());
            };
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(send)
                            .timeout(TIMEOUT)
                            .header("Authorization", "Bearer " + accessToken)
                            .header("Content-Type", "application/json; charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (FcmTrust.untrusted(e)) {
                return untrusted(send + ": " + e);
            }
            return new Delivery.Retry("IO_ERROR", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed("INTERRUPTED");
        }
        int status = response.statusCode();
        if (status == 200) {
            return new Delivery.Accepted();
        }
        if (status == 401) {
            // The token was revoked or expired early: fetch another and try again.
            tokens.invalidate(accessToken);
            return new Delivery.Retry("UNAUTHENTICATED", Optional.empty());
        }
        Delivery delivery = FcmErrors.classify(
                status, response.body(), response.headers().firstValue("retry-after"), device.registeredAt(), clock);
        if (delivery instanceof Delivery.Failed) {
            log.warn("fcm: {} answered {}: {}", send, status, FcmErrors.clip(response.body()));
        }
        return delivery;
    }

    /** Not retried: a certificate does not become trusted by asking again. */
    private static Delivery untrusted(String detail) {
        log.error(
                "fcm: the endpoint's TLS certificate is not trusted (check SECUREVOX_CALL_FCM_URL, the service"
                        + " account's token_uri and {}): {}",
                FcmTrust.SETTING,
                detail);
        return new Delivery.Failed("TLS_UNTRUSTED");
    }

    /** Abandons requests in flight rather than waiting for them: the server is stopping. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
