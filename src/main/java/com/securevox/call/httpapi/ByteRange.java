package com.securevox.call.httpapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code Range} header asks of a representation of {@code size} bytes (RFC 9110 §14.2), for one range only:
 * a malformed header, another unit or several ranges are ignored (the whole is sent, 200, as the RFC allows), a
 * range wholly past the end is unsatisfiable (416).
 *
 * @param first the first byte sent, from 0
 * @param last the last byte sent, included
 */
record ByteRange(long first, long last) {
    /** Longer numbers than this many digits are read as "very large": past any file's end. */
    private static final int MAX_DIGITS = 18;

    ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("range: " + first + "-" + last + " (expected: 0 <= first <= last)");
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The answer to a request's {@code Range}. */
    sealed interface Answer {
        /** 200 with the whole: no header, or one to ignore. */
        record Whole() implements Answer {}

        /** 206 with this part. */
        record Part(ByteRange range) implements Answer {}

        /** 416: no byte of the representation is in the range. */
        record Unsatisfiable() implements Answer {}
    }

    /** @param header the {@code Range} value, null when there is none */
    static Answer of(String header, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        if (header == null) {
            return new Answer.Whole();
        }
        int equals = header.indexOf('=');
        if (equals < 0
                || !header.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Answer.Whole();
        }
        List<String> specs = new ArrayList<>();
        for (String element : header.substring(equals + 1).split(",", -1)) {
            String spec = element.strip();
            if (!spec.isEmpty()) {
                specs.add(spec);
            }
        }
        if (specs.size() != 1) {
            return new Answer.Whole(); // none is malformed; several would need multipart/byteranges, which we skip
        }
        return single(specs.getFirst(), size);
    }

    private static Answer single(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Answer.Whole();
        }
        String from = spec.substring(0, dash);
        String to = spec.substring(dash + 1);
        if (from.isEmpty()) {
            if (!digits(to)) {
                return new Answer.Whole();
            }
            long suffix = number(to);
            if (suffix == 0 || size == 0) {
                return new Answer.Unsatisfiable();
            }
            return new Answer.Part(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        if (!digits(from) || (!to.isEmpty() && !digits(to))) {
            return new Answer.Whole();
        }
        long first = number(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
        if (last < first) {
            return new Answer.Whole(); // an invalid range-spec makes the header one to ignore
        }
        if (first >= size) {
            return new Answer.Unsatisfiable();
        }
        return new Answer.Part(new ByteRange(first, Math.min(last, size - 1)));
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static long number(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
