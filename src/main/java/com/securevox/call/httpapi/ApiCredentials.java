package com.securevox.call.httpapi;

import com.securevox.call.auth.ApiKeyVerifier;
import com.securevox.call.auth.AuthorizationHeader;
import java.util.Optional;

/**
 * Who a REST request comes from: the trusted backend (the API key) or a user (a Django token), and why a header that
 * is neither is refused. Apart from the router, which only says which routes take which.
 */
final class ApiCredentials {
    private final ApiKeyVerifier apiKey;
    private final Optional<UserVerifier> users;
    private final FailedAuthLimiter failures;

    ApiCredentials(ApiKeyVerifier apiKey, Optional<UserVerifier> users, FailedAuthLimiter failures) {
        this.apiKey = apiKey;
        this.users = users;
        this.failures = failures;
    }

    /**
     * Empty for the trusted backend (API key); the userId for a verified user token.
     *
     * <p>An API key is checked here in constant time and costs nothing, so it is always checked. A Django token costs
     * Django a request, which an address over its failure limit must not be able to cause: from such an address a
     * token is answered only from what the verifier remembers (vouched for within a minute: accepted; refused within
     * seconds: another failure), and any other token gets 429 without Django being asked.
     */
    Optional<String> credentials(ApiRequest request) {
        String authorization = request.header("authorization")
                .orElseThrow(() -> new HttpApiException(
                        HttpError.UNAUTHENTICATED,
                        "Authorization: missing (expected: Bearer <API key> or Token <user token>)"));
        String remoteAddress = request.remoteAddress();
        Optional<String> bearer = AuthorizationHeader.bearer(authorization);
        if (bearer.isPresent()) {
            if (!apiKey.matches(bearer.get())) {
                throw new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: wrong API key");
            }
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Token ", 0, 6)) {
            UserVerifier verifier = users.orElseThrow(() -> new HttpApiException(
                    HttpError.UNAUTHENTICATED,
                    "Authorization: Token credentials are not enabled here (expected: Bearer <API key>)"));
            if (failures.blocked(remoteAddress)) {
                return Optional.of(verifier.known(authorization)
                        .orElseThrow(() -> new HttpApiException(HttpError.RATE_LIMITED, rateLimited(remoteAddress))));
            }
            return Optional.of(verifier.verify(authorization));
        }
        throw new HttpApiException(HttpError.UNAUTHENTICATED, unusable(authorization));
    }

    /**
     * Why a header that is neither a Bearer nor a Token credential was refused. "Bearer " with nothing after it is what
     * {@code -H "Authorization: Bearer $API_KEY"} sends when the variable is unset: say that, not "unknown scheme".
     */
    static String unusable(String authorization) {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (scheme.equalsIgnoreCase("bearer") || scheme.equalsIgnoreCase("token")) {
            String credential = space < 0 ? "" : header.substring(space + 1).strip();
            return credential.isEmpty()
                    ? "Authorization: " + scheme + " with no credential after it (expected: " + scheme
                            + " <" + (scheme.equalsIgnoreCase("bearer") ? "API key" : "user token")
                            + ">; is the variable you send it from set?)"
                    : "Authorization: the " + scheme + " credential contains whitespace (expected: one token)";
        }
        return "Authorization: unknown scheme (expected: Bearer <API key> or Token <user token>)";
    }

    static String rateLimited(String remoteAddress) {
        return "too many failed authentications from " + remoteAddress + " (expected: at most "
                + HttpApi.FAILED_AUTH_PER_MINUTE + " a minute)";
    }

    /**
     * The request carries the API key, or is refused 401 saying why: missing, another scheme, or a Bearer with no
     * credential after it (an unset {@code $API_KEY}), as {@code POST /api/call/token} says it.
     */
    void requireApiKey(ApiRequest request) {
        String authorization = request.header("authorization")
                .orElseThrow(() -> new HttpApiException(
                        HttpError.UNAUTHENTICATED, "Authorization: missing (expected: Bearer <API key>)"));
        String key = AuthorizationHeader.bearer(authorization)
                .orElseThrow(() -> new HttpApiException(HttpError.UNAUTHENTICATED, notAnApiKey(authorization)));
        if (!apiKey.matches(key)) {
            throw new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: wrong API key");
        }
    }

    /**
     * Why a header that holds no Bearer credential was refused by a route that takes only the API key: an empty or
     * split Bearer credential as {@link #unusable} says it; any other scheme, Token included, is not one this route
     * takes.
     */
    static String notAnApiKey(String authorization) {
        return notABearer(authorization, "API key");
    }

    /**
     * Why a header that holds no Bearer credential was refused by a route that takes only a Bearer {@code credential}
     * (the API key, a user token): an empty Bearer (an unset variable) or a split one, or another scheme.
     */
    static String notABearer(String authorization, String credential) {
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (scheme.equalsIgnoreCase("bearer")) {
            String value = space < 0 ? "" : header.substring(space + 1).strip();
            return value.isEmpty()
                    ? "Authorization: " + scheme + " with no credential after it (expected: " + scheme + " <"
                            + credential + ">; is the variable you send it from set?)"
                    : "Authorization: the " + scheme + " credential contains whitespace (expected: one token)";
        }
        return "Authorization: " + (scheme.equalsIgnoreCase("token") ? "Token is not taken here" : "unknown scheme")
                + " (expected: Bearer <" + credential + ">)";
    }
}
