package com.securevox.call.signaling;

import com.securevox.call.call.Broadcasts;
import com.securevox.call.call.CallRegistry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * In-call messages ({@code data}): relayed through the registry like offers and candidates, so one sender's messages
 * keep their order and take their place in the call's. They have a per-socket budget of their own, of the same size as
 * the event limit's, instead of a share of it: a chatty app cannot starve the offers and candidates that keep its
 * media up.
 */
final class DataMessages {
    private final CallRegistry calls;
    private final Broadcasts broadcasts;
    private final Bandwidth limit;
    private final TimeMeter time;
    private final SignalingMetrics metrics;

    DataMessages(CallRegistry calls, Bandwidth limit, TimeMeter time, SignalingMetrics metrics) {
        this.calls = calls;
        this.broadcasts = new Broadcasts(calls);
        this.limit = limit;
        this.time = time;
        this.metrics = metrics;
    }

    Object send(Session session, ClientEvent.Data event) {
        Bucket budget = session.dataBudget(() ->
                Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build());
        if (!budget.tryConsume(1)) {
            throw new SignalingException(
                    ErrorCode.RATE_LIMITED,
                    "data: more than " + limit.getRefillTokens() + " messages per second (burst " + limit.getCapacity()
                            + ")");
        }
        if (event.to().isPresent()) {
            calls.relay(session.id, event.to().get(), event.signal());
        } else {
            broadcasts.toAll(session.id, event.signal());
        }
        metrics.relayed(ClientEventType.DATA.wireName());
        return Wire.Ok.OK;
    }
}
