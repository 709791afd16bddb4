/**
 * Managed TURN: writes a coturn configuration from our settings ({@link com.securevox.call.turn.CoturnConfig}, with
 * the shipped relay policy) and runs {@code turnserver} as a child process supervised by
 * {@link com.securevox.call.process.ChildSupervisor}: its output goes to our log, it is restarted with back-off when it
 * dies, and stopped with the server. {@link com.securevox.call.turn.ManagedTurn} puts the two together.
 *
 * <p>Depends on the JDK, SLF4J, {@code process} and {@link com.securevox.call.call.Scheduler} (timers the tests fire by
 * hand) only; credentials are minted in {@code auth}, and nothing here reads our configuration: {@code app} passes it
 * in.
 */
package com.securevox.call.turn;
