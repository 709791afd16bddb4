package com.securevox.call.webhook;

import static com.securevox.call.webhook.WebhookDeliveryTest.SECRET;
import static com.securevox.call.webhook.WebhookDeliveryTest.assertSignedInOrderWithoutGaps;
import static com.securevox.call.webhook.WebhookDeliveryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.CallFact;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.LeaveReason;
import com.securevox.call.store.DeliveryStatus;
import com.securevox.call.store.HistoryStore;
import com.securevox.call.store.HistoryStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL outbox (the machine's real one, a schema of this test's own), each with its dispatcher
 * and its own receiver, so that who delivered what shows: only the leader delivers, and the other takes over.
 */
class WebhookLeadTest {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = System.getProperty("securevox.pg.user", "postgres");
    private static final ObjectMapper JSON = new ObjectMapper();

    private String schema;
    private final Node a = new Node();
    private final Node b = new Node();

    @BeforeEach
    void open() {
        schema = "lead_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dispose() {
        a.close();
        b.close();
        admin("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void onlyTheLeaderDeliversEveryEventOnceInOrderAndTheOtherTakesOverWhenItStops() throws Exception {
        a.start();
        // Node a leads: it asked first.
        assertThat(a.store.webhooks().leads()).isTrue();
        b.start();

        // Events queued on the follower are delivered by the leader.
        b.record(call("s1", Instant.now()));
        a.record(call("s2", Instant.now()));

        await(() -> a.receiver.deliveries().size() == 8);
        await(() -> b.store
                .webhooks()
                .deliveries(Optional.of(DeliveryStatus.PENDING), 100)
                .isEmpty());
        assertSignedInOrderWithoutGaps(a.receiver.deliveries(), Map.of("s1", 4, "s2", 4));
        assertThat(b.receiver.deliveries()).isEmpty();
        assertThat(a.dispatcher.leading()).isTrue();
        assertThat(b.dispatcher.leading()).isFalse();

        a.close();
        b.record(call("s3", Instant.now()));

        await(() -> b.receiver.deliveries().size() == 4);
        assertSignedInOrderWithoutGaps(b.receiver.deliveries(), Map.of("s3", 4));
        assertThat(a.receiver.deliveries()).hasSize(8);
        assertThat(b.dispatcher.leading()).isTrue();
    }

    private static List<CallFact> call(String session, Instant t0) {
        ClientInfo client = new ClientInfo("websocket", "agent");
        return List.of(
                new CallFact.CallStarted(session, t0),
                new CallFact.ParticipantJoined(session, WebhookEventsTest.participant("alice", false), client, 1, t0),
                new CallFact.ParticipantLeft(session, "alice", LeaveReason.LEFT, t0.plusSeconds(1)),
                new CallFact.CallEnded(session, t0, t0.plusSeconds(1), 1, LeaveReason.LEFT));
    }

    /** One server's webhook side: its history store, recorder, dispatcher, and the receiver it posts to. */
    private final class Node {
        final Receiver receiver = new Receiver();
        HistoryStore store;
        WebhookRecorder recorder;
        WebhookDispatcher dispatcher;

        void start() {
            receiver.up();
            store = HistoryStores.postgres(ADMIN_URL + "?currentSchema=" + schema, USER, "", "postgres test " + schema);
            WebhookSettings settings = new WebhookSettings(
                    receiver.url(),
                    SECRET,
                    Duration.ofHours(1),
                    Duration.ofMillis(20),
                    Duration.ofMillis(200),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(20));
            dispatcher = new WebhookDispatcher(store.webhooks(), settings, Clock.systemUTC(), outcome -> {});
            recorder = new WebhookRecorder(store.webhooks(), JSON, 1000, dispatcher::wake);
            dispatcher.start();
            recorder.start();
        }

        void record(List<CallFact> facts) {
            facts.forEach(recorder::record);
        }

        void close() {
            if (store != null) {
                recorder.close();
                dispatcher.close();
                store.close();
                store = null;
            }
            receiver.close();
        }
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
