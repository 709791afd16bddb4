package com.securevox.call.transport;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Which requests belong to Socket.IO; everything else is the REST API. Judged on the raw request target, so that a
 * malformed escape elsewhere in it is answered by the endpoint it was sent to (Engine.IO's 400 or the API's).
 */
final class Paths {
    static final String SOCKET_IO = "/socket.io";

    private Paths() {}

    static boolean isSocketIo(String uri) {
        String path = rawPath(uri);
        return path.equals(SOCKET_IO) || path.startsWith(SOCKET_IO + "/");
    }

    /** A request that opens a new Engine.IO session (no {@code sid} yet). */
    static boolean opensSession(String uri) {
        return rawParameter(uri, "sid") == null;
    }

    /** The raw {@code sid} of a request of an open session; empty for one that opens a session. */
    static String sid(String uri) {
        String sid = rawParameter(uri, "sid");
        return sid == null ? "" : sid;
    }

    /** Whether the named query parameter is there but its value is not a valid escape of UTF-8 text. */
    static boolean undecodable(String uri, String name) {
        String raw = rawParameter(uri, name);
        if (raw == null) {
            return false;
        }
        try {
            QueryStringDecoder.decodeComponent(raw);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String rawPath(String uri) {
        int end = uri.length();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return uri.substring(0, end);
    }

    /** The first raw (still escaped) value of a query parameter, or null. */
    private static String rawParameter(String uri, String name) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        int hash = uri.indexOf('#', query);
        String rest = uri.substring(query + 1, hash < 0 ? uri.length() : hash);
        for (String pair : rest.split("[&;]")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }
}
