package com.securevox.call.testing;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.RejectionReason;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What Pushy's mock APNs accepted (the notifications, with their headers and payload) and refused ("token reason"),
 * for the tests to assert on; the mock itself does not check the VoIP rules, so the tests do.
 */
public final class RecordingApnsListener extends ParsingMockApnsServerListenerAdapter {
    public final List<ApnsPushNotification> accepted = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void handlePushNotificationAccepted(ApnsPushNotification notification) {
        accepted.add(notification);
    }

    @Override
    public void handlePushNotificationRejected(
            ApnsPushNotification notification, RejectionReason reason, Instant deviceTokenExpiration) {
        rejected.add(notification.getToken() + " " + reason);
    }
}
