package com.securevox.call.httpapi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file served as is, read once at start-up.
 *
 * @param etag a strong validator derived from the content, quoted as HTTP wants it
 */
record StaticAsset(String contentType, byte[] body, String etag) {

    static StaticAsset of(String contentType, byte[] body) {
        return new StaticAsset(contentType, body, "\"" + digest(body) + "\"");
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether an {@code If-None-Match} header names this version (a list, or {@code *}). */
    boolean matches(String ifNoneMatch) {
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.strip();
            if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "StaticAsset[" + contentType + ", " + body.length + " bytes, etag=" + etag + "]";
    }
}
