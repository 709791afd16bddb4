package com.securevox.call.httpapi;

import com.securevox.call.store.CallHistory;
import com.securevox.call.store.CallPage;
import com.securevox.call.store.CallQuery;
import com.securevox.call.store.CallRecord;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.WebhookDelivery;
import java.util.List;
import java.util.Optional;

/** The history of a server that has recorded nothing, for tests of the HTTP layer that are not about it. */
public final class NoHistory implements CallHistory {
    @Override
    public CallPage calls(CallQuery query) {
        return new CallPage(List.of(), Optional.empty());
    }

    @Override
    public Optional<CallRecord> call(String sessionId) {
        return Optional.empty();
    }

    /** No history, no metrics, no metrics token, requests not counted. */
    public static HttpApi.Observability observability() {
        return new HttpApi.Observability(
                new NoHistory(),
                () -> "",
                Optional.empty(),
                (route, status) -> {},
                new NoWebhooks(),
                CallQualitySource.NONE);
    }

    /** An empty webhook outbox. */
    static final class NoWebhooks implements WebhookDeliveries {
        @Override
        public List<WebhookDelivery> list(Optional<DeliveryStatus> status, int limit) {
            return List.of();
        }

        @Override
        public boolean retry(String id) {
            return false;
        }
    }
}
