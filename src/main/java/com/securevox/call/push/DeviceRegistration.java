package com.securevox.call.push;

import com.securevox.call.call.Ids;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What registering a device says, checked: the one set of rules for the REST route and the socket event. APNs tokens
 * are hex and kept in lower case (Apple hands them out as bytes; apps print them either way), so the same token
 * registered twice is one device.
 */
public record DeviceRegistration(
        String userId, Platform platform, String token, Optional<String> appId, Optional<ApnsEnvironment> environment) {

    public static final int MAX_TOKEN = 1024;
    public static final int MAX_APP_ID = 255;
    private static final Pattern APNS_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");
    private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:.+/=-]{1," + MAX_TOKEN + "}");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_APP_ID + "}");
    static final String PLATFORMS = "\"fcm\", \"apns\" or \"apns_voip\"";
    static final String ENVIRONMENTS = "\"sandbox\" or \"production\"";

    public DeviceRegistration {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(environment, "environment");
        if (!Ids.isValid(userId)) {
            throw new InvalidDeviceException(Ids.problem("userId", userId));
        }
        if (token == null) {
            throw new InvalidDeviceException("token: missing (expected: " + tokenRule(platform) + ")");
        }
        boolean validToken = platform.apple()
                ? APNS_TOKEN.matcher(token).matches()
                : FCM_TOKEN.matcher(token).matches();
        if (!validToken) {
            throw new InvalidDeviceException("token: " + shown(token, 12) + " of " + token.length()
                    + " characters (expected: " + tokenRule(platform) + ")");
        }
        if (platform.apple()) {
            token = token.toLowerCase(Locale.ROOT);
        }
        appId.ifPresent(id -> {
            if (!APP_ID.matcher(id).matches()) {
                throw new InvalidDeviceException("appId: " + shown(id, 40) + " (expected: 1 to " + MAX_APP_ID
                        + " characters of [A-Za-z0-9._-], such as com.example.app)");
            }
        });
        if (platform.apple() && environment.isEmpty()) {
            throw new InvalidDeviceException("environment: missing (expected: " + ENVIRONMENTS + " for platform "
                    + platform.wireName() + ": an APNs token belongs to one of them)");
        }
        if (!platform.apple() && environment.isPresent()) {
            throw new InvalidDeviceException("environment: \""
                    + environment.get().wireName() + "\" (expected: none for platform fcm, which has no environments)");
        }
    }

    /**
     * A registration from wire values, any of which may be null (absent).
     *
     * @throws InvalidDeviceException naming the first problem
     */
    public static DeviceRegistration of(
            String userId, String platform, String token, String appId, String environment) {
        if (platform == null) {
            throw new InvalidDeviceException("platform: missing (expected: " + PLATFORMS + ")");
        }
        Platform p = Platform.fromWire(platform)
                .orElseThrow(() -> new InvalidDeviceException(
                        "platform: " + shown(platform, 40) + " (expected: " + PLATFORMS + ")"));
        Optional<ApnsEnvironment> env = Optional.empty();
        if (environment != null) {
            env = Optional.of(ApnsEnvironment.fromWire(environment)
                    .orElseThrow(() -> new InvalidDeviceException(
                            "environment: " + shown(environment, 40) + " (expected: " + ENVIRONMENTS + ")")));
        }
        return new DeviceRegistration(userId, p, token, Optional.ofNullable(appId), env);
    }

    private static String tokenRule(Platform platform) {
        return platform.apple()
                ? "an APNs device token: 64 to 200 hex digits"
                : "an FCM registration token: 1 to " + MAX_TOKEN + " characters of [A-Za-z0-9_:.+/=-]";
    }

    /** A value quoted in a message: cut short, and control characters escaped, since clients choose it. */
    static String shown(String value, int max) {
        String cut = value.length() > max ? value.substring(0, max) + "…" : value;
        StringBuilder out = new StringBuilder("\"");
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
