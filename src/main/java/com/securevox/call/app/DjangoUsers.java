package com.securevox.call.app;

import com.securevox.call.auth.DjangoUserVerifier;
import com.securevox.call.auth.UserVerification;
import com.securevox.call.httpapi.HttpApiException;
import com.securevox.call.httpapi.HttpError;
import com.securevox.call.httpapi.UserVerifier;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts {@link DjangoUserVerifier} (which knows Django) to {@link UserVerifier} (what the REST API needs): a
 * verified user is its id, a refused token 401, Django unreachable 503. Lives in {@code app} because it is the one
 * place that may know both sides; {@code auth} stays free of HTTP API types.
 */
final class DjangoUsers implements UserVerifier {
    private static final Logger log = LoggerFactory.getLogger(DjangoUsers.class);

    private final DjangoUserVerifier django;

    DjangoUsers(DjangoUserVerifier django) {
        this.django = Objects.requireNonNull(django, "django");
    }

    @Override
    public String verify(String authorizationHeader) {
        // The header is a credential: it is forwarded to Django and never logged or put in a message.
        return userOf(django.verify(authorizationHeader));
    }

    @Override
    public Optional<String> known(String authorizationHeader) {
        return django.recall(authorizationHeader).map(this::userOf);
    }

    private String userOf(UserVerification answer) {
        return switch (answer) {
            case UserVerification.Verified verified -> verified.userId();
            case UserVerification.Refused refused -> {
                log.info("user token refused by django reason={}", refused.reason());
                throw new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: Django refused the token");
            }
            case UserVerification.Unavailable unavailable -> {
                log.warn("django unavailable url={} reason={}", django.verifyUrl(), unavailable.reason());
                throw new HttpApiException(
                        HttpError.UNAVAILABLE,
                        "Django at " + django.authority() + " did not answer: " + unavailable.reason());
            }
        };
    }
}
