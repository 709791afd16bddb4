package com.securevox.call.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them: {@code 0}, {@code 512B}, {@code 500KB}, {@code 500MB}, {@code 2GB}, {@code 1TB}: a
 * whole number and a unit (any case), no space, no fraction. Units are powers of 1024, as {@code df -h} counts.
 */
final class Sizes {
    /** Larger settings are typos, and the cap keeps arithmetic far from overflow. */
    static final long MAX = 1L << 50;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,16})(B|KB|MB|GB|TB)", Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Sizes() {}

    /** The number of bytes {@code text} denotes, at most {@link #MAX}; empty if it is not a size or is larger. */
    static Optional<Long> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (value.equals("0")) {
            return Optional.of(0L);
        }
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        int power = unitPower(m.group(2).toUpperCase(Locale.ROOT));
        if (amount > MAX >> (10 * power)) {
            return Optional.empty();
        }
        return Optional.of(amount << (10 * power));
    }

    /** The largest unit that denotes {@code bytes} exactly ({@code 1536MB} stays {@code 1536MB}). */
    static String format(long bytes) {
        int power = 0;
        long amount = bytes;
        while (amount != 0 && amount % 1024 == 0 && power < UNITS.length - 1) {
            amount /= 1024;
            power++;
        }
        return amount == 0 ? "0" : amount + UNITS[power];
    }

    private static int unitPower(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalArgumentException(unit);
    }
}
