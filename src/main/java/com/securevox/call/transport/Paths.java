package com.securevox.call.transport;

import io.netty.handler.codec.http.QueryStringDecoder;

/** Which requests belong to Socket.IO; everything else is the REST API. */
final class Paths {
    static final String SOCKET_IO = "/socket.io";

    private Paths() {}

    static boolean isSocketIo(String uri) {
        String path = new QueryStringDecoder(uri).path();
        return path.equals(SOCKET_IO) || path.startsWith(SOCKET_IO + "/");
    }

    /** A request that opens a new Engine.IO session (no {@code sid} yet). */
    static boolean opensSession(String uri) {
        return !new QueryStringDecoder(uri).parameters().containsKey("sid");
    }
}
