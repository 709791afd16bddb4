package com.securevox.call.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ringing a person: how long a ring rings before it is missed, and how many invites one user may send a minute.
 *
 * @param timeout {@code SECUREVOX_CALL_RING_TIMEOUT}, 1 s to 2 min
 * @param invitesPerMinute {@code SECUREVOX_CALL_RING_INVITE_RATE}, per user over all its devices
 * @param canCallUrl who may call whom: Django's URL ({@code DJANGO_BACKEND_URL} +
 *     {@code SECUREVOX_CALL_DJANGO_CAN_CALL_PATH}); empty: everybody may call everybody
 */
public record RingSettings(Duration timeout, int invitesPerMinute, Optional<URI> canCallUrl) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(45);
    /**
     * 1 s rather than the 10 s a person needs to answer: the black-box tests ring out in a second or two instead of
     * waiting ten for every "missed"; below {@link #ADVISED_MIN_TIMEOUT} the loader warns.
     */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

    public static final Duration ADVISED_MIN_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_INVITES_PER_MINUTE = 30;
    public static final int MAX_INVITES_PER_MINUTE = 1000;

    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

    /** Without a call policy. */
    public RingSettings(Duration timeout, int invitesPerMinute) {
        this(timeout, invitesPerMinute, Optional.empty());
    }

    public RingSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(canCallUrl, "canCallUrl");
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("ring timeout: " + Durations.format(timeout) + " (expected: "
                    + Durations.format(MIN_TIMEOUT) + " to " + Durations.format(MAX_TIMEOUT) + ")");
        }
        if (invitesPerMinute < 1 || invitesPerMinute > MAX_INVITES_PER_MINUTE) {
            throw new IllegalArgumentException("ring invite rate: " + invitesPerMinute + " (expected: 1 to "
                    + MAX_INVITES_PER_MINUTE + " a minute)");
        }
    }

    static RingSettings read(Settings s, Optional<URI> django) {
        Duration timeout = s.duration(ConfigKeys.RING_TIMEOUT, DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        if (timeout.compareTo(ADVISED_MIN_TIMEOUT) < 0) {
            s.warn(ConfigKeys.RING_TIMEOUT + ": " + Durations.format(timeout)
                    + " is shorter than a person needs to answer (advised: at least "
                    + Durations.format(ADVISED_MIN_TIMEOUT) + ")");
        }
        int rate = s.integer(ConfigKeys.RING_INVITE_RATE, DEFAULT_INVITES_PER_MINUTE, 1, MAX_INVITES_PER_MINUTE);
        Optional<URI> canCall = Optional.empty();
        Optional<String> path = s.text(ConfigKeys.DJANGO_CAN_CALL_PATH);
        if (path.isPresent()) {
            if (!URL_PATH.matcher(path.get()).matches()) {
                s.problem(ConfigKeys.DJANGO_CAN_CALL_PATH + ": " + Settings.shown(path.get())
                        + " (expected: a URL path starting with /, such as /api/calls/can-call/)");
            } else if (django.isEmpty() && s.text(ConfigKeys.DJANGO_BACKEND_URL).isEmpty()) {
                s.problem(ConfigKeys.DJANGO_CAN_CALL_PATH + ": set without " + ConfigKeys.DJANGO_BACKEND_URL
                        + " (expected: both, or neither)");
            } else {
                canCall = django.map(base -> URI.create(base + path.get()));
            }
        }
        return new RingSettings(timeout, rate, canCall);
    }

    String describe() {
        return "timeout " + Durations.format(timeout) + ", " + invitesPerMinute
                + " invites a minute per user, call policy "
                + canCallUrl.map(URI::toString).orElse("off");
    }
}
