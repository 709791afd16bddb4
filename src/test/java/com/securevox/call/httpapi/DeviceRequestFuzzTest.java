package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.push.DeviceRegistration;

/** Any body of a device registration either reads as a valid registration or is refused with a 400 and a message. */
class DeviceRequestFuzzTest {
    private static final JsonBody JSON = new JsonBody(new ObjectMapper(), DeviceRequest.EXAMPLE);

    @FuzzTest(maxDuration = "2m")
    void parsesOrRefuses(byte[] body) {
        try {
            DeviceRegistration registration = DeviceRequest.parse(JSON, body, "alice");
            if (registration.platform().apple() != registration.environment().isPresent()
                    || registration.token().isEmpty()
                    || registration.token().length() > DeviceRegistration.MAX_TOKEN) {
                throw new AssertionError("accepted an invalid registration: " + registration);
            }
        } catch (HttpApiException e) {
            if (e.error() != HttpError.INVALID_PAYLOAD
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.error() + ": " + e.getMessage(), e);
            }
        }
    }
}
