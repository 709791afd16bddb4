package com.securevox.call.call;

/** The one rule for user and session ids: 1 to 128 characters of {@code [A-Za-z0-9_.:@-]}. */
public final class Ids {
    public static final int MAX_LENGTH = 128;

    private Ids() {}

    public static boolean isValid(String id) {
        // A loop rather than a regular expression: every token mint, handshake and join checks two ids.
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '@'
                    || c == '-';
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    /** What is wrong with this id, phrased for an error message about {@code field}. */
    public static String problem(String field, String id) {
        if (id == null) {
            return field + ": missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])";
        }
        String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
        return field + ": '" + shown + "' (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])";
    }
}
