package com.securevox.call.httpapi;

/** The HTTP API's error codes with their status. */
public enum HttpError {
    INVALID_PAYLOAD(400),
    INVALID_QUERY(400),
    /** A request the HTTP decoder could not read (a bad request line, header or chunk). */
    MALFORMED_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    /** No ring for that call of which the token's user is a party. */
    RING_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** The call is recorded already, or is not being recorded. */
    CONFLICT(409),
    /** An end-to-end encrypted call: the server cannot record what it cannot read. */
    E2EE_CALL(409),
    PAYLOAD_TOO_LARGE(413),
    /** A {@code Range} wholly past the end of the file asked for. */
    RANGE_NOT_SATISFIABLE(416),
    URI_TOO_LONG(414),
    HEADERS_TOO_LARGE(431),
    RATE_LIMITED(429),
    INTERNAL(500),
    SERVER_DRAINING(503),
    UNAVAILABLE(503),
    /** Recording needs the SFU, which is not there or not answering. */
    SFU_UNAVAILABLE(503),
    /** With several nodes: a recording's files are on a node that is not live or cannot be reached. */
    RECORDING_NODE_UNAVAILABLE(503),
    /** The recordings' disk has less free space than the server keeps for them. */
    INSUFFICIENT_STORAGE(507);

    private final int status;

    HttpError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
