package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.ApiKeyVerifier;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may sign in to the dashboard: the API key always, the admin password when one is set, nothing else. */
class AdminSignInTest {
    private static final String KEY = "admin-sign-in-test-api-key";
    private static final String PASSWORD = "correct horse battery staple";

    @ParameterizedTest(name = "password configured={0}, secret ''{1}'' -> {2}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "true, admin-sign-in-test-api-key, API_KEY",
                "false, admin-sign-in-test-api-key, API_KEY",
                "true, correct horse battery staple, PASSWORD",
                "false, correct horse battery staple, NONE",
                "true, admin-sign-in-test-api-ke, NONE",
                "true, 'admin-sign-in-test-api-key ', NONE",
                "true, ADMIN-SIGN-IN-TEST-API-KEY, NONE",
                "true, correct horse battery stapl, NONE",
                "true, '', NONE",
                "false, '', NONE",
                "true, NONE, NONE",
                "true, Bearer admin-sign-in-test-api-key, NONE",
            })
    void signInRules(boolean passwordConfigured, String secret, AdminSignIn.Credential expected) {
        AdminSignIn signIn =
                new AdminSignIn(new ApiKeyVerifier(KEY), passwordConfigured ? Optional.of(PASSWORD) : Optional.empty());
        assertThat(signIn.check(secret)).isEqualTo(Optional.ofNullable(expected));
    }
}
