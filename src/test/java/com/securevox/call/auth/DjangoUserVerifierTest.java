package com.securevox.call.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.auth.FakeDjango.Answer;
import com.securevox.call.auth.UserVerification.Refused;
import com.securevox.call.auth.UserVerification.Unavailable;
import com.securevox.call.auth.UserVerification.Verified;
import com.securevox.call.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a real HTTP server standing in for Django: what is sent, what each answer means, caching, failures. */
class DjangoUserVerifierTest {
    private static final String GOOD = "Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
    /** Production timeouts (2 s), so a good answer from the local fake is never a timeout. */
    private static final DjangoUserVerifier.Options NORMAL = DjangoUserVerifier.Options.DEFAULT;
    /** For the one test that waits for a timeout, kept short so the test is fast. */
    private static final DjangoUserVerifier.Options IMPATIENT = new DjangoUserVerifier.Options(
            Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(10), 100);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private FakeDjango django(Answer answer) {
        return keep(FakeDjango.answering(answer));
    }

    private DjangoUserVerifier verifier(URI url) {
        return keep(new DjangoUserVerifier(url, NORMAL, clock));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            user_id            | {"user_id": "alice"}                        | alice
            userId             | {"userId": "alice"}                         | alice
            id                 | {"id": "alice"}                             | alice
            numeric id         | {"id": 42}                                  | 42
            numeric user_id    | {"user_id": 12345678901234567890}           | 12345678901234567890
            user_id wins       | {"id": 7, "user_id": "alice", "userId": "b"} | alice
            userId before id   | {"id": 7, "userId": "bob"}                  | bob
            null is skipped    | {"user_id": null, "id": 7}                  | 7
            extra fields       | {"user_id": "a@b.example", "username": "A"} | a@b.example
            """)
    void verifiesWithEachIdField(String description, String body, String userId) {
        FakeDjango django = django(Answer.of(200, body));
        assertThat(verifier(django.verifyUrl()).verify(GOOD)).isEqualTo(new Verified(userId));
    }

    @Test
    void forwardsTheAuthorizationHeaderUnchangedWithAGet() {
        FakeDjango django = django(Answer.of(200, "{\"user_id\": \"alice\"}"));
        String odd = "token   MiXeD.case-42";
        verifier(django.verifyUrl()).verify(odd);
        assertThat(django.last())
                .isEqualTo(new FakeDjango.Seen("GET", FakeDjango.VERIFY_PATH, odd, "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {401, 403})
    void refusedWhenDjangoRefuses(int status) {
        FakeDjango django = django(Answer.of(status, "{\"detail\": \"Invalid token.\"}"));
        assertThat(verifier(django.verifyUrl()).verify(GOOD)).isEqualTo(new Refused("Django answered " + status));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            500 | {"user_id": "alice"} | status 500 (expected: 200, 401 or 403)
            502 | ''                   | status 502 (expected: 200, 401 or 403)
            404 | {"detail": "nope"}   | status 404 (expected: 200, 401 or 403)
            302 | ''                   | status 302 (expected: 200, 401 or 403)
            204 | ''                   | status 204 (expected: 200, 401 or 403)
            200 | <html>login</html>   | answer is not JSON (expected: {"user_id": "..."})
            200 | ''                   | answer is not a JSON object (expected: {"user_id": "..."})
            200 | ["alice"]            | answer is not a JSON object (expected: {"user_id": "..."})
            200 | {"username": "alice"} | answer has no user_id, userId or id (expected: {"user_id": "..."})
            200 | {"user_id": "bad id"} | user_id: 'bad id' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])
            200 | {"id": 4.5}          | id: number (expected: a string or an integer)
            """)
    void unavailableForAnyOtherAnswer(int status, String body, String reason) {
        FakeDjango django = django(Answer.of(status, body));
        DjangoUserVerifier verifier = verifier(django.verifyUrl());
        assertThat(verifier.verify(GOOD)).isEqualTo(new Unavailable(reason));
        assertThat(verifier.verify(GOOD)).as("not cached").isEqualTo(new Unavailable(reason));
        assertThat(django.requests()).isEqualTo(2);
    }

    @Test
    void unavailableWhenDjangoIsTooSlow() {
        FakeDjango django = django(Answer.of(200, "{\"user_id\": \"alice\"}").after(Duration.ofSeconds(5)));
        long start = System.nanoTime();
        UserVerification answer = keep(new DjangoUserVerifier(django.verifyUrl(), IMPATIENT, clock))
                .verify(GOOD);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(answer).isEqualTo(new Unavailable("no answer within 300ms"));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unavailableWhenNobodyListens() {
        URI url = URI.create(FakeDjango.closedPortUrl() + FakeDjango.VERIFY_PATH);
        assertThat(verifier(url).verify(GOOD)).isEqualTo(new Unavailable("connection refused"));
    }

    @Test
    void unavailableWhenTheAnswerIsTooBig() {
        String huge = "{\"user_id\": \"alice\", \"pad\": \"" + "x".repeat(DjangoAnswers.MAX_BYTES) + "\"}";
        FakeDjango django = django(Answer.of(200, huge));
        assertThat(verifier(django.verifyUrl()).verify(GOOD))
                .isEqualTo(new Unavailable("IOException: body exceeds capacity: " + DjangoAnswers.MAX_BYTES));
    }

    @Test
    void theDefaultsAreTwoSecondsToAnswerAMinuteForAUserAndFiveSecondsForARefusal() {
        assertThat(DjangoUserVerifier.Options.DEFAULT)
                .isEqualTo(new DjangoUserVerifier.Options(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        10_000));
    }

    @Test
    void cachesVerifiedAnswersUntilTheyExpire() {
        FakeDjango django = django(Answer.of(200, "{\"user_id\": \"alice\"}"));
        DjangoUserVerifier verifier = verifier(django.verifyUrl());
        assertThat(verifier.verify(GOOD)).isEqualTo(new Verified("alice"));
        clock.advance(Duration.ofSeconds(59));
        assertThat(verifier.verify(GOOD)).isEqualTo(new Verified("alice"));
        assertThat(django.requests()).as("second answer from the cache").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(GOOD)).isEqualTo(new Verified("alice"));
        assertThat(django.requests()).as("expired after 60s").isEqualTo(2);
    }

    @Test
    void cachesRefusalsForAShorterTime() {
        FakeDjango django = django(Answer.of(401, ""));
        DjangoUserVerifier verifier = verifier(django.verifyUrl());
        verifier.verify(GOOD);
        clock.advance(Duration.ofSeconds(4));
        assertThat(verifier.verify(GOOD)).isInstanceOf(Refused.class);
        assertThat(django.requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        verifier.verify(GOOD);
        assertThat(django.requests()).as("expired after 5s").isEqualTo(2);
    }

    @Test
    void cachesPerHeaderAndKeepsNoRawToken() {
        FakeDjango django = FakeDjango.answering(
                authorization -> Answer.of(200, "{\"user_id\": \"" + authorization.substring(6) + "\"}"));
        keep(django);
        DjangoUserVerifier verifier = verifier(django.verifyUrl());
        assertThat(verifier.verify("Token alice")).isEqualTo(new Verified("alice"));
        assertThat(verifier.verify("Token bob")).isEqualTo(new Verified("bob"));
        assertThat(verifier.verify("Token alice")).isEqualTo(new Verified("alice"));
        assertThat(django.requests()).isEqualTo(2);
        assertThat(verifier.cache().size()).isEqualTo(2);
        assertThat(verifier.cache().holdsKey("Token alice")).isFalse();
        assertThat(verifier.cache().holdsKey(VerificationCache.key("Token alice")))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Token a\u0001b", "Token a\nX-Injected: 1", "Token a\rb"})
    void refusesHeadersThatCannotBeForwardedWithoutAskingDjango(String header) {
        FakeDjango django = django(Answer.of(200, "{\"user_id\": \"alice\"}"));
        UserVerification answer = verifier(django.verifyUrl()).verify(header);
        assertThat(answer).isInstanceOf(Refused.class);
        assertThat(((Refused) answer).reason()).doesNotContain("Token a");
        assertThat(django.requests()).isZero();
    }

    @Test
    void refusesAnOverlongHeaderWithoutAskingDjango() {
        FakeDjango django = django(Answer.of(200, "{\"user_id\": \"alice\"}"));
        String header = "Token " + "a".repeat(DjangoUserVerifier.MAX_HEADER_LENGTH);
        assertThat(verifier(django.verifyUrl()).verify(header))
                .isEqualTo(new Refused("Authorization: 8198 characters (expected: at most 8192)"));
        assertThat(django.requests()).isZero();
    }

    @Test
    void concurrentCallersAllGetTheAnswer() throws Exception {
        FakeDjango django = FakeDjango.answering(
                authorization -> Answer.of(200, "{\"user_id\": \"" + authorization.substring(6) + "\"}"));
        keep(django);
        DjangoUserVerifier verifier = verifier(django.verifyUrl());
        List<Callable<UserVerification>> tasks = new ArrayList<>();
        List<UserVerification> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String user = "user" + (i % 20);
            tasks.add(() -> verifier.verify("Token " + user));
            expected.add(new Verified(user));
        }
        List<UserVerification> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<UserVerification> result : threads.invokeAll(tasks)) {
                answers.add(result.get());
            }
        }
        assertThat(answers).isEqualTo(expected);
        // Simultaneous first requests may each ask; after that, the cache answers.
        assertThat(django.requests()).isBetween(20, 200);
        int before = django.requests();
        verifier.verify("Token user3");
        assertThat(django.requests()).isEqualTo(before);
        assertThat(verifier.cache().size()).isEqualTo(20);
    }

    @Test
    void describesItselfWithoutSecretsAndChecksItsArguments() {
        URI url = URI.create("http://django.internal:8001/api/auth/verify/");
        DjangoUserVerifier verifier = verifier(url);
        assertThat(verifier.authority()).isEqualTo("django.internal:8001");
        assertThat(verifier.toString()).isEqualTo("DjangoUserVerifier[" + url + "]");
        assertThatThrownBy(() -> new DjangoUserVerifier(URI.create("ftp://x/"), NORMAL, clock))
                .hasMessage("verifyUrl: 'ftp://x/' (expected: an http or https URL)");
        assertThatThrownBy(() -> new DjangoUserVerifier.Options(
                        Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 1))
                .hasMessage("connectTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new DjangoUserVerifier.Options(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ZERO, 1))
                .hasMessage("verifiedTtl: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> new DjangoUserVerifier.Options(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 0))
                .hasMessage("maxCacheEntries: 0 (expected: at least 1)");
    }
}
