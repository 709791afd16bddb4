package com.securevox.call.config;

import com.securevox.call.push.ApnsSettings;
import com.securevox.call.push.FcmSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * The push providers, each present when configured; with neither, devices can still be registered but nobody is
 * pushed. The files are checked to exist here; whether they hold a usable key is the push package's to say at start.
 * The settings are push's own records, as the media setting is the media side's.
 */
public record PushConfig(Optional<FcmSettings> fcm, Optional<ApnsSettings> apns) {
    public static final PushConfig OFF = new PushConfig(Optional.empty(), Optional.empty());

    public PushConfig {
        Objects.requireNonNull(fcm, "fcm");
        Objects.requireNonNull(apns, "apns");
    }

    /** For the start-up summary: which providers, never a key. */
    public String describe() {
        if (fcm.isEmpty() && apns.isEmpty()) {
            return "off (devices can register; nobody is pushed)";
        }
        StringBuilder out = new StringBuilder();
        fcm.ifPresent(f -> {
            out.append("fcm (").append(f.credentials()).append(", ").append(f.base());
            f.extraCertificates().ifPresent(ca -> out.append(", also trusting ").append(ca));
            out.append(')');
        });
        apns.ifPresent(a -> {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append("apns (topic ").append(a.topic()).append(", key id ").append(a.keyId());
            a.server()
                    .ifPresent(h ->
                            out.append(", server ").append(h.host()).append(':').append(h.port()));
            out.append(')');
        });
        return out.toString();
    }
}
