/**
 * Server configuration: the one place that reads the environment (and the optional config file named by
 * {@code SECUREVOX_CALL_CONFIG}).
 *
 * <p>{@link com.securevox.call.config.ConfigLoader} turns a map of settings into a validated, immutable
 * {@link com.securevox.call.config.ServerConfig}, or fails with a {@link com.securevox.call.config.ConfigException}
 * that lists every problem at once, so an operator fixes a broken deployment in one round instead of one variable
 * per restart. Everything else in the server receives its settings from a {@code ServerConfig}; no other package
 * calls {@code System.getenv}.
 *
 * <p>Secrets are held in {@link com.securevox.call.config.Secret}, whose {@code toString()} is {@code ***}, so a
 * config that ends up in a log line or an exception message does not leak them.
 */
package com.securevox.call.config;
