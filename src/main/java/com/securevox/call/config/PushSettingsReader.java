package com.securevox.call.config;

import com.securevox.call.push.ApnsSettings;
import com.securevox.call.push.FcmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code SECUREVOX_CALL_FCM_*} and {@code SECUREVOX_CALL_APNS_*} settings, recording problems like the loader. */
final class PushSettingsReader {
    static final String DEFAULT_FCM_URL = "https://fcm.googleapis.com";
    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern HOST_PORT =
            Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9a-fA-F:]{2,39}\\]):([0-9]{1,5})");

    private PushSettingsReader() {}

    static PushConfig read(Settings s) {
        return new PushConfig(fcm(s), apns(s));
    }

    private static Optional<FcmSettings> fcm(Settings s) {
        Optional<String> credentials = s.text(ConfigKeys.FCM_CREDENTIALS);
        Optional<String> url = s.text(ConfigKeys.FCM_URL);
        Optional<String> ca = s.text(ConfigKeys.FCM_CA);
        if (credentials.isEmpty()) {
            for (String extra : List.of(ConfigKeys.FCM_URL, ConfigKeys.FCM_CA)) {
                s.text(extra)
                        .ifPresent(v -> s.warn(
                                extra + ": set without " + ConfigKeys.FCM_CREDENTIALS + ", ignored (FCM is off)"));
            }
            return Optional.empty();
        }
        Optional<Path> file = TlsSettings.readable(s, ConfigKeys.FCM_CREDENTIALS, credentials.get());
        Optional<URI> base = HttpUrls.read(s, ConfigKeys.FCM_URL, url.orElse(DEFAULT_FCM_URL), DEFAULT_FCM_URL, false)
                .filter(uri -> {
                    // Every request carries an access token and a device token: never in the clear.
                    if (uri.getScheme().equalsIgnoreCase("https")) {
                        return true;
                    }
                    s.problem(ConfigKeys.FCM_URL + ": " + Settings.shown(uri.toString())
                            + " (expected: an https URL such as " + DEFAULT_FCM_URL
                            + "; for a local stand-in, trust its CA with " + ConfigKeys.FCM_CA + ")");
                    return false;
                });
        Optional<Path> trusted = ca.flatMap(c -> TlsSettings.readable(s, ConfigKeys.FCM_CA, c));
        if (file.isEmpty() || base.isEmpty() || (ca.isPresent() && trusted.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new FcmSettings(file.get(), base.get(), trusted));
    }

    private static Optional<ApnsSettings> apns(Settings s) {
        Optional<String> key = s.text(ConfigKeys.APNS_KEY);
        Optional<String> keyId = s.text(ConfigKeys.APNS_KEY_ID);
        Optional<String> teamId = s.text(ConfigKeys.APNS_TEAM_ID);
        Optional<String> topic = s.text(ConfigKeys.APNS_TOPIC);
        Optional<String> host = s.text(ConfigKeys.APNS_HOST);
        Optional<String> ca = s.text(ConfigKeys.APNS_CA);
        if (key.isEmpty() && keyId.isEmpty() && teamId.isEmpty() && topic.isEmpty()) {
            for (String extra : List.of(ConfigKeys.APNS_HOST, ConfigKeys.APNS_CA)) {
                s.text(extra)
                        .ifPresent(v -> s.warn(
                                extra + ": set without " + ConfigKeys.APNS_KEY + ", ignored" + " (APNs is off)"));
            }
            return Optional.empty();
        }
        boolean complete = true;
        for (var setting : List.of(
                new String[] {ConfigKeys.APNS_KEY, "the .p8 signing key file"},
                new String[] {ConfigKeys.APNS_KEY_ID, "the key's 10-character id"},
                new String[] {ConfigKeys.APNS_TEAM_ID, "the 10-character team id"},
                new String[] {ConfigKeys.APNS_TOPIC, "the app's bundle id"})) {
            if (s.text(setting[0]).isEmpty()) {
                s.problem(setting[0] + ": missing (required with the other " + ConfigKeys.PREFIX + "APNS_* settings:"
                        + " " + setting[1] + ")");
                complete = false;
            }
        }
        if (!complete) {
            return Optional.empty();
        }
        Optional<Path> keyFile = TlsSettings.readable(s, ConfigKeys.APNS_KEY, key.get());
        boolean valid = keyFile.isPresent();
        valid &= appleId(s, ConfigKeys.APNS_KEY_ID, keyId.get());
        valid &= appleId(s, ConfigKeys.APNS_TEAM_ID, teamId.get());
        if (!BUNDLE_ID.matcher(topic.get()).matches() || topic.get().length() > 255) {
            s.problem(ConfigKeys.APNS_TOPIC + ": " + Settings.shown(topic.get())
                    + " (expected: the app's bundle id, such as com.example.app)");
            valid = false;
        }
        Optional<ApnsSettings.Server> server = Optional.empty();
        if (host.isPresent()) {
            Matcher m = HOST_PORT.matcher(host.get());
            if (m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65_535) {
                server = Optional.of(new ApnsSettings.Server(m.group(1), Integer.parseInt(m.group(2))));
            } else {
                s.problem(ConfigKeys.APNS_HOST + ": " + Settings.shown(host.get())
                        + " (expected: host:port of an APNs stand-in, such as localhost:2197)");
                valid = false;
            }
        }
        Optional<Path> trusted = Optional.empty();
        if (ca.isPresent()) {
            trusted = TlsSettings.readable(s, ConfigKeys.APNS_CA, ca.get());
            valid &= trusted.isPresent();
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new ApnsSettings(keyFile.get(), keyId.get(), teamId.get(), topic.get(), server, trusted));
    }

    private static boolean appleId(Settings s, String key, String value) {
        if (APPLE_ID.matcher(value).matches()) {
            return true;
        }
        s.problem(key + ": " + Settings.shown(value) + " (expected: 10 characters of [A-Z0-9], as Apple shows it)");
        return false;
    }
}
