package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.auth.FakeDjango;
import com.securevox.call.auth.FakeDjango.Answer;
import com.securevox.call.httpapi.HttpApiException;
import com.securevox.call.httpapi.HttpError;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;

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
