/**
 * Child processes the server runs for itself (coturn, Janus): {@link com.securevox.call.process.ChildSupervisor}
 * starts one, forwards its output lines, restarts it with a {@link com.securevox.call.process.Backoff} when it dies and
 * stops it (SIGTERM, then SIGKILL) for good; {@link com.securevox.call.process.ChildStartException} says in one line
 * which program cannot run and what would fix it.
 *
 * <p>Knows no program in particular, so managed TURN and managed Janus share it. Depends on the JDK, SLF4J and
 * {@link com.securevox.call.call.Scheduler} only: restarts are timers the tests fire by hand, and time comes from an
 * injected {@link java.time.Clock}.
 */
package com.securevox.call.process;
