package com.securevox.call.httpapi;

/** A JSON response: status and the serialised body. */
public record ApiResponse(int status, byte[] body) {}
