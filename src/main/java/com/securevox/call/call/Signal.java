package com.securevox.call.call;

/**
 * A message relayed from one participant to another ({@code offer}, {@code answer}, {@code ice_candidate}). The
 * signaling layer builds and serializes it; the domain only routes, orders and buffers it, so it stays opaque here.
 * Implementations must be immutable: a signal may be buffered while its target reconnects and delivered later from
 * another thread.
 */
public interface Signal {}
