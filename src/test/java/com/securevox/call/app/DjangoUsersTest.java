package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.auth.FakeDjango;
import com.securevox.call.auth.FakeDjango.Answer;
import com.securevox.call.httpapi.HttpApiException;
import com.securevox.call.httpapi.HttpError;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three outcomes of asking Django, as the REST API sees them. */
class DjangoUsersTest {
    private static final String TOKEN = "Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";

    private static DjangoUserVerifier verifier(URI url) {
        return new DjangoUserVerifier(url, DjangoUserVerifier.Options.DEFAULT, Clock.systemUTC());
    }

    @Test
    void aVerifiedTokenIsItsUser() {
        try (FakeDjango django = FakeDjango.answering(Answer.of(200, "{\"user_id\": \"alice\"}"));
                DjangoUserVerifier verifier = verifier(django.verifyUrl())) {
            assertThat(new DjangoUsers(verifier).verify(TOKEN)).isEqualTo("alice");
        }
    }

    @Test
    void aRefusedTokenIsUnauthenticated() {
        try (FakeDjango django = FakeDjango.answering(Answer.of(401, "{\"detail\": \"Invalid token.\"}"));
                DjangoUserVerifier verifier = verifier(django.verifyUrl())) {
            HttpApiException e =
                    catchThrowableOfType(HttpApiException.class, () -> new DjangoUsers(verifier).verify(TOKEN));
            assertThat(e.error()).isEqualTo(HttpError.UNAUTHENTICATED);
            assertThat(e).hasMessage("Authorization: Django refused the token");
        }
    }

    /** For addresses over the failure limit: only what Django said recently counts, and Django is never asked. */
    @ParameterizedTest(name = "Django answered {0} {1} before → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | {"user_id": "alice"}         | alice
            401 | {"detail": "Invalid token."} | UNAUTHENTICATED
            -1  | not asked                    | unknown
            """)
    void knownAnswersOnlyFromWhatDjangoSaidRecently(int status, String body, String expected) {
        try (FakeDjango django = FakeDjango.answering(Answer.of(Math.max(status, 200), body));
                DjangoUserVerifier verifier = verifier(django.verifyUrl())) {
            DjangoUsers users = new DjangoUsers(verifier);
            if (status > 0) {
                catchThrowable(() -> users.verify(TOKEN));
            }
            int asked = django.requests();

            Throwable thrown = catchThrowable(() -> assertThat(users.known(TOKEN))
                    .isEqualTo(expected.equals("unknown") ? Optional.empty() : Optional.of(expected)));

            if (expected.equals("UNAUTHENTICATED")) {
                assertThat(thrown).isInstanceOfSatisfying(HttpApiException.class, e -> assertThat(e.error())
                        .isEqualTo(HttpError.UNAUTHENTICATED));
            } else {
                assertThat(thrown).isNull();
            }
            assertThat(catchThrowable(() -> users.known("Token " + "x".repeat(9000))))
                    .as("a header that could never be sent is known to be refused")
                    .isInstanceOf(HttpApiException.class);
            assertThat(django.requests()).as("known() never asks Django").isEqualTo(asked);
        }
    }

    @Test
    void djangoDownIsUnavailableNamingTheHostButNotTheToken() {
        URI base = FakeDjango.closedPortUrl();
        try (DjangoUserVerifier verifier = verifier(URI.create(base + FakeDjango.VERIFY_PATH))) {
            HttpApiException e =
                    catchThrowableOfType(HttpApiException.class, () -> new DjangoUsers(verifier).verify(TOKEN));
            assertThat(e.error()).isEqualTo(HttpError.UNAVAILABLE);
            assertThat(e.error().status()).isEqualTo(503);
            assertThat(e)
                    .hasMessage("Django at " + base.getRawAuthority() + " did not answer: connection refused")
                    .message()
                    .doesNotContain("9944b");
        }
    }
}
