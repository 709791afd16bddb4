package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.DjangoCallPolicy.Answer;
import com.securevox.call.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The call policy against a real HTTP server standing in for Django. */
class DjangoCallPolicyTest {
    private static final DjangoUserVerifier.Options FAST = new DjangoUserVerifier.Options(
            Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(5), 100);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeCallPolicy django = FakeCallPolicy.answering((from, to) -> switch (to) {
        case "friend" -> 200;
        case "stranger" -> 403;
        case "broken" -> 500;
        case "slow" -> 0;
        default -> 404;
    });
    private final DjangoCallPolicy policy = new DjangoCallPolicy(django.url(), "the-api-key", FAST, clock);

    @AfterEach
    void close() {
        policy.close();
        django.close();
    }

    private Answer ask(String from, String to) throws Exception {
        return policy.mayCall(from, to).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"friend, ALLOWED", "stranger, REFUSED", "broken, UNAVAILABLE", "other, UNAVAILABLE", "slow, UNAVAILABLE"
    })
    void twoHundredAllowsFourOhThreeRefusesAnythingElseIsNoAnswer(String to, Answer expected) throws Exception {
        assertThat(ask("alice", to)).isEqualTo(expected);
    }

    @Test
    void asksWithAJsonPostCarryingTheApiKey() throws Exception {
        ask("alice", "friend");

        assertThat(django.seen())
                .containsExactly(new FakeCallPolicy.Seen(
                        "POST",
                        FakeCallPolicy.PATH,
                        "application/json",
                        "Bearer the-api-key",
                        "{\"from\":\"alice\",\"to\":\"friend\"}"));
    }

    @Test
    void answersAreCachedBrieflyAndNoAnswerIsNot() throws Exception {
        ask("alice", "friend");
        ask("alice", "friend");
        ask("alice", "stranger");
        ask("alice", "stranger");
        ask("alice", "broken");
        ask("alice", "broken");
        assertThat(django.seen()).hasSize(4);

        clock.advance(Duration.ofSeconds(6)); // past the refusal's 5 s, within the allowance's 60 s
        ask("alice", "friend");
        ask("alice", "stranger");
        assertThat(django.seen()).hasSize(5);
    }

    @Test
    void aDjangoThatIsNotThereIsNoAnswer() throws Exception {
        DjangoCallPolicy nowhere = new DjangoCallPolicy(
                java.net.URI.create(FakeDjango.closedPortUrl() + FakeCallPolicy.PATH), "k", FAST, clock);
        try {
            assertThat(nowhere.mayCall("alice", "bob").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo(Answer.UNAVAILABLE);
        } finally {
            nowhere.close();
        }
    }
}
