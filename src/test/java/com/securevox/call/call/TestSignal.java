package com.securevox.call.call;

/** A relayed message the tests can recognise. */
record TestSignal(String text) implements Signal {}
