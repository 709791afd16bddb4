/**
 * The REST API of the client contract ({@code /health}, {@code /ready}, {@code /api/call/token},
 * {@code /api/call/stats}) as plain request → response functions, independent of the HTTP server;
 * errors are mapped to the contract's JSON error body in one place. Also the development token
 * route and the static files (browser SDK, demo page) read from the jar at start-up.
 */
package com.securevox.call.httpapi;
