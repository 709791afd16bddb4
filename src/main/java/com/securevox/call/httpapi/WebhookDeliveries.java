package com.securevox.call.httpapi;

import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.WebhookDelivery;
import java.util.List;
import java.util.Optional;

/** The webhook outbox as the API sees it. Methods may block on the database and throw its exception. */
public interface WebhookDeliveries {
    /** The newest deliveries first, of one status or all. */
    List<WebhookDelivery> list(Optional<DeliveryStatus> status, int limit);

    /**
     * Sends a dead-lettered event again, with a new retry window.
     *
     * @return false if there is no dead-lettered event with this id
     */
    boolean retry(String id);
}
