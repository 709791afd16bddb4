package com.securevox.call.push;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any file given as FCM credentials either reads as a complete service account or is refused with a message. */
class ServiceAccountFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] json) {
        try {
            ServiceAccount account = ServiceAccount.parse(json);
            if (account.projectId().isEmpty()
                    || account.clientEmail().isEmpty()
                    || !(account.tokenUri().getScheme().equals("https")
                            || account.tokenUri().getScheme().equals("http"))) {
                throw new AssertionError("accepted an incomplete service account: " + account);
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null
                    || e.getMessage().isBlank()
                    || e.getMessage().contains("PRIVATE KEY-----\n")) {
                throw new AssertionError("refused without a message, or quoting the key: " + e.getMessage(), e);
            }
        }
    }
}
