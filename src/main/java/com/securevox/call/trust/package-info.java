/**
 * Whom a TLS client trusts: {@link com.securevox.call.trust.TrustAnchors} reads a PEM file of CA certificates once,
 * at start, and makes trust managers, SSL contexts and socket factories of it, alone or on top of the JDK's own trust
 * store; the sockets always verify the server's host name. {@link com.securevox.call.trust.ConnectionFailure} says
 * in one line why a connection failed (untrusted certificate, host name mismatch, refused, timed out), so that start-up
 * errors and logs name the reason rather than an exception chain.
 *
 * <p>JDK only, and it reads no configuration: {@code config} checks a file at start, {@code app} and the adapters
 * ({@code push} for FCM, {@code cluster} for Redis) build their clients with it. One place for this code because every
 * copy of it is one more place to forget the host name check.
 */
package com.securevox.call.trust;
