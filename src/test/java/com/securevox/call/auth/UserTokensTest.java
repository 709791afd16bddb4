package com.securevox.call.auth;

import static com.securevox.call.auth.CallTokensTest.claims;
import static com.securevox.call.auth.CallTokensTest.pyjwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.call.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User tokens: minted and verified like call tokens, and never taken for one (or the other way round). */
class UserTokensTest {
    private final CallTokens tokens =
            new CallTokens(CallTokensTest.SECRET, Duration.ofHours(1), Clock.fixed(CallTokensTest.NOW, ZoneOffset.UTC));

    @Test
    void aMintedUserTokenVerifiesAsTheUsersWithScopeUserAndNoCall() throws TokenException {
        MintedToken minted = tokens.mintUser("alice");

        assertThat(minted.expiresAt()).isEqualTo(CallTokensTest.NOW.plus(Duration.ofHours(1)));
        assertThat(tokens.verifyUser(minted.token())).isEqualTo(new UserClaims("alice", minted.expiresAt()));
        assertThat(tokens.verifyAny(minted.token())).isInstanceOf(UserClaims.class);
        String payload =
                new String(Base64.getUrlDecoder().decode(minted.token().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload)
                .startsWith("{\"sub\":\"alice\",\"scope\":\"user\",\"iat\":")
                .doesNotContain("sid", "role");
    }

    @Test
    void aUserTokenIsNeverACallToken() {
        String user = tokens.mintUser("alice").token();

        assertThatThrownBy(() -> tokens.verify(user))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID))
                .hasMessage("a user token (scope user) (expected: a call token, with sid)");
    }

    @Test
    void aCallTokenIsNeverAUserToken() throws TokenException {
        String call = tokens.mint("alice", "call_1", Role.HOST).token();

        assertThat(tokens.verifyAny(call)).isEqualTo(tokens.verify(call));
        assertThatThrownBy(() -> tokens.verifyUser(call))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.INVALID))
                .hasMessage("a call token (expected: a user token, scope user)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"sub\":\"alice\",\"scope\":\"admin\",\"exp\":EXP}"
                        + " | claim scope: 'admin' (expected: user, or absent for a call token)",
                "{\"sub\":\"alice\",\"scope\":1,\"exp\":EXP} | claim scope: a number (expected: user, or absent for a"
                        + " call token)",
                "{\"sub\":\"alice\",\"scope\":\"user\",\"sid\":\"call_1\",\"exp\":EXP}"
                        + " | claim sid: present in a user token (expected: absent with scope user)",
                "{\"scope\":\"user\",\"exp\":EXP} | claim sub: missing",
                "{\"sub\":\"a b\",\"scope\":\"user\",\"exp\":EXP}"
                        + " | claim sub: 'a b' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])",
            })
    void userTokensWithBadClaimsAreRefused(String claims, String message) {
        assertThatThrownBy(() -> tokens.verifyAny(pyjwt(claims(claims))))
                .isInstanceOf(TokenException.class)
                .hasMessage(message);
    }

    @Test
    void anExpiredUserTokenIsExpired() {
        CallTokens later = new CallTokens(
                CallTokensTest.SECRET,
                Duration.ofHours(1),
                Clock.fixed(CallTokensTest.NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        String user = tokens.mintUser("alice").token();

        assertThatThrownBy(() -> later.verifyUser(user))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.kind()).isEqualTo(TokenException.Kind.EXPIRED));
    }

    @Test
    void aUserTokenForABadIdIsNotMinted() {
        assertThatThrownBy(() -> tokens.mintUser("no spaces"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
    }
}
