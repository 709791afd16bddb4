package com.securevox.call.call;

import java.util.regex.Pattern;

/** The one rule for user and session ids: 1 to 128 characters of {@code [A-Za-z0-9_.:@-]}. */
public final class Ids {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
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
