package com.securevox.call.webhook;

import com.securevox.call.store.HistoryStoreException;
import com.securevox.call.store.WebhookDelivery;
import com.securevox.call.store.WebhookOutbox;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, on a thread of its own: takes the due head of each call's queue (so a call's next event waits
 * until the one before is delivered or dead-lettered), POSTs it signed, and records the outcome. A 2xx answer is
 * delivery; anything else, or no answer, is a failure retried with {@link Backoff} until the retry window, counted
 * from the event's creation, has passed; then the event is dead-lettered. At least once: an event whose outcome could
 * not be recorded is sent again. Only the node that {@linkplain WebhookOutbox#leads() leads} the outbox delivers;
 * the others poll it idle, ready to take over.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 64;

    private final WebhookOutbox outbox;
    private final WebhookSettings settings;
    private final WebhookSignature signature;
    private final Clock clock;
    private final WebhookMetrics metrics;
    private final Backoff backoff;
    private final HttpClient http;
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;
    /** The outbox's answer at the last look, for metrics, which must not wait on the database. */
    private volatile boolean leading;

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSettings settings, Clock clock, WebhookMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outbox = outbox;
        this.settings = settings;
        this.signature = new WebhookSignature(settings.secret());
        this.clock = clock;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetry(), () -> ThreadLocalRandom.current()
                .nextDouble());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.thread =
                Thread.ofPlatform().name("securevox-webhook-dispatch").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
        log.info("webhooks to {} (retry window {})", settings.url(), settings.retryWindow());
    }

    /** New events are in the outbox: look now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        wake.release();
        try {
            if (!thread.join(settings.requestTimeout().plusSeconds(1))) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leading = false;
        http.close();
    }

    private void run() {
        while (!closing) {
            if (!leads()) {
                // Not woken by new events: they are the leader's to deliver, and each look costs a query.
                try {
                    if (closed.await(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            List<WebhookDelivery> due = due();
            for (WebhookDelivery delivery : due) {
                // A node that lost the lead mid-batch stops there: the new leader may be sending the same call's
                // events.
                if (closing || !leads()) {
                    break;
                }
                attempt(delivery);
            }
            if (due.isEmpty()) {
                try {
                    wake.tryAcquire(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Whether this node delivered the outbox at its last look (another node sharing it may), without asking. */
    public boolean leading() {
        return leading;
    }

    /** Whether this node delivers now; another node sharing the outbox may. */
    private boolean leads() {
        try {
            leading = outbox.leads();
        } catch (RuntimeException e) {
            log.warn("cannot tell whether this node delivers the webhooks: {}", e.getMessage());
            leading = false;
        }
        return leading;
    }

    private List<WebhookDelivery> due() {
        try {
            return outbox.due(clock.instant(), BATCH);
        } catch (HistoryStoreException e) {
            log.warn("cannot read the webhook outbox: {}", e.getMessage());
            return List.of();
        }
    }

    private void attempt(WebhookDelivery delivery) {
        String id = delivery.event().id();
        String body = delivery.event().body();
        String failure = send(id, body);
        Instant now = clock.instant();
        try {
            if (failure == null) {
                outbox.delivered(id, now);
                metrics.attempted(WebhookMetrics.Outcome.DELIVERED);
            } else if (!now.isBefore(delivery.windowStart().plus(settings.retryWindow()))) {
                log.warn(
                        "webhook {} {} dead-lettered after {} attempts: {}",
                        delivery.event().type(),
                        id,
                        delivery.attempts() + 1,
                        failure);
                outbox.deadLettered(id, now, failure);
                metrics.attempted(WebhookMetrics.Outcome.DEAD_LETTERED);
            } else {
                Duration pause = backoff.after(delivery.attempts() + 1);
                if (delivery.attempts() == 0) {
                    log.info("webhook {} not delivered, retrying: {}", id, failure);
                }
                outbox.failed(id, now, now.plus(pause), failure);
                metrics.attempted(WebhookMetrics.Outcome.RETRIED);
            }
        } catch (HistoryStoreException e) {
            // The outcome is not recorded: the event stays due and goes again (at least once).
            log.warn("cannot record the delivery of webhook {}: {}", id, e.getMessage());
        }
    }

    /** POSTs the event; null when the receiver took it, else what went wrong. */
    private String send(String id, String body) {
        long t = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.EVENT_ID_HEADER, id)
                .header(WebhookSignature.HEADER, signature.header(t, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
