package com.securevox.call.signaling;

import com.securevox.call.auth.CallClaims;
import com.securevox.call.call.CallRegistry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;

/**
 * {@code quality_report}: taken only from a socket that is in a call here, at most {@link #BURST} at once and one per
 * {@link #REFILL} after that (the SDK sends one every 5 s), on a cap of its own so that reports never take the budget
 * of the events that keep the media up. What is reported is handed on as it is: it is only ever displayed.
 */
final class QualityIntake {
    static final int BURST = 3;
    static final Duration REFILL = Duration.ofSeconds(2);

    private final CallRegistry calls;
    private final QualityReports reports;
    private final TimeMeter time;
    private final Bandwidth limit =
            Bandwidth.builder().capacity(BURST).refillGreedy(1, REFILL).build();

    QualityIntake(CallRegistry calls, QualityReports reports, TimeMeter time) {
        this.calls = calls;
        this.reports = reports;
        this.time = time;
    }

    Object take(Session session, ClientEvent.QualityReport event) {
        CallClaims claims = session.claims()
                .filter(c ->
                        calls.callOf(session.id).filter(c.sessionId()::equals).isPresent())
                .orElseThrow(() -> new SignalingException(
                        ErrorCode.NOT_IN_CALL, "quality_report: not in a call (expected: join the call first)"));
        Bucket budget = session.qualityBudget(() ->
                Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build());
        if (!budget.tryConsume(1)) {
            throw new SignalingException(
                    ErrorCode.RATE_LIMITED,
                    "quality_report: more than " + BURST + " at once or one per " + REFILL.toSeconds()
                            + " s (expected: one every 5 s)");
        }
        reports.report(claims.sessionId(), claims.userId(), event.report());
        return Wire.Ok.OK;
    }
}
