/**
 * The composition root: plain constructors wire config, domain, signaling, HTTP API and transport;
 * the app owns the lifecycle (serving → draining → stopped) and stops parts in reverse order. No
 * other package wires things together.
 */
package com.securevox.call.app;
