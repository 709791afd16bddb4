package com.securevox.call.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.Ids;

/** Any body Django might send is read into one of the three outcomes, never an exception or an invalid id. */
class DjangoAnswersFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void readsEveryBody(byte[] body) {
        UserVerification answer = DjangoAnswers.read(200, body);
        switch (answer) {
            case UserVerification.Verified v -> {
                if (!Ids.isValid(v.userId())) {
                    throw new AssertionError("verified an invalid id: " + v);
                }
            }
            case UserVerification.Unavailable u -> {
                if (u.reason().isBlank() || u.reason().chars().anyMatch(Character::isISOControl)) {
                    throw new AssertionError("unusable reason: " + u);
                }
            }
            case UserVerification.Refused r -> throw new AssertionError("a 200 refused: " + r);
        }
    }
}
