// socket.io-client helpers: connect with a recorder attached before the connection opens (so
// no event is missed), wait for events with a deadline, emit with a bounded acknowledgement,
// mint call tokens over HTTP and sign JWTs with node:crypto.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';

export const TRANSPORTS = ['websocket', 'polling'];
// Deadlines for something that must arrive, not speed goals (those live in bench/): generous, because the suite runs
// two files at once on a shared two-core machine, where an authentication through nginx has taken over 5 s under a
// load of 20. Windows in which nothing may arrive (expectNone) are separate and short.
export const DEFAULT_WAIT_MS = 15_000;
export const ACK_TIMEOUT_MS = 15_000;

const REC = Symbol('recorder');
const RESERVED = ['connect', 'connect_error', 'disconnect'];
// every socket opened through connect(), with its server url and whether it is kept across tests
const open = new Map(); // socket -> { url, keep }
let ids = 0;

/** A fresh id usable as userId/sessionId ([A-Za-z0-9_.:@-]). */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${ids}`;
}

/**
 * Opens a socket.io connection (no reconnection, a new Manager per socket). Options:
 * transport ('websocket' | 'polling' | 'upgrade'), token (sent as handshake auth {token}), auth (raw auth
 * object), extraHeaders, ca (certificates to trust for https/wss), name (for messages), keep (true: not closed by a plain closeAll(), for
 * sockets shared by several tests). Every event, including connect, connect_error and
 * disconnect, is recorded from before the connection starts.
 */
export function connect(url, { transport = 'websocket', token, auth, extraHeaders, ca, query, localAddress, name, keep = false, timeout = 5_000 } = {}) {
  const opts = {
    // 'upgrade': long-polling first, then the upgrade to websocket, as browsers connect by default
    transports: transport === 'upgrade' ? ['polling', 'websocket'] : [transport],
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    timeout,
  };
  if (token !== undefined) opts.auth = { token };
  if (auth !== undefined) opts.auth = auth;
  if (extraHeaders) opts.extraHeaders = extraHeaders;
  if (ca) opts.ca = ca; // trust for https:// and wss:// (a test CA)
  if (query) opts.query = query;
  if (localAddress) opts.localAddress = localAddress; // the websocket's source address, e.g. 127.0.0.3
  const socket = io(url, opts);
  const rec = { name: name || `socket#${++ids}`, log: [], waiters: new Set() };
  socket[REC] = rec;
  const push = (event, args) => {
    const entry = { event, args, at: Date.now(), consumed: false };
    rec.log.push(entry);
    for (const w of [...rec.waiters]) w(entry);
  };
  socket.onAny((event, ...args) => push(event, args));
  for (const ev of RESERVED) socket.on(ev, (...args) => push(ev, args));
  open.set(socket, { url, keep });
  socket.connect();
  return socket;
}

function recorder(socket) {
  const rec = socket[REC];
  if (!rec) throw new Error('socket was not created with helpers/client.mjs connect()');
  return rec;
}

function describeLog(rec, max = 25) {
  const skipped = Math.max(0, rec.log.length - max);
  const lines = rec.log
    .slice(skipped)
    .map((e) => {
      let a;
      try {
        a = JSON.stringify(e.args.map((x) => (x instanceof Error ? { message: x.message, data: x.data } : x)));
      } catch {
        a = '[unserializable]';
      }
      if (a.length > 300) a = `${a.slice(0, 300)}…`;
      return `${e.consumed ? '(seen) ' : ''}${e.event} ${a}`;
    });
  if (skipped) lines.unshift(`… ${skipped} earlier events`);
  return lines.join('\n    ');
}

/**
 * Resolves with the first argument of the first not-yet-consumed `event` matching `predicate`
 * (looking at everything received since connect), consuming it. Rejects after timeoutMs.
 */
export function waitFor(socket, event, timeoutMs = DEFAULT_WAIT_MS, predicate = () => true) {
  return waitForEntry(socket, event, timeoutMs, predicate).then((e) => e.args[0]);
}

/**
 * Resolves {event, payload} for the first not-yet-consumed event among `events`, consuming it.
 * Rejects after timeoutMs.
 */
export function waitForAny(socket, events, timeoutMs = DEFAULT_WAIT_MS) {
  const rec = recorder(socket);
  const pick = () => rec.log.find((e) => !e.consumed && events.includes(e.event));
  const done = (e) => {
    e.consumed = true;
    return { event: e.event, payload: e.args[0] };
  };
  const found = pick();
  if (found) return Promise.resolve(done(found));
  return new Promise((resolve, reject) => {
    const waiter = (e) => {
      if (!e.consumed && events.includes(e.event)) {
        clearTimeout(timer);
        rec.waiters.delete(waiter);
        resolve(done(e));
      }
    };
    const timer = setTimeout(() => {
      rec.waiters.delete(waiter);
      reject(
        new Error(
          `${rec.name}: none of [${events.join(', ')}] within ${timeoutMs} ms (${engineState(socket)}); received:\n    ${describeLog(rec) || '(nothing)'}`,
        ),
      );
    }, timeoutMs);
    rec.waiters.add(waiter);
  });
}

/** Engine.IO state of a socket, for diagnostics. */
function engineState(socket) {
  const e = socket.io?.engine;
  if (!e) return `manager ${socket.io?._readyState}, no engine`;
  const t = e.transport;
  // polling: a GET in flight (the server holds it until it has something to send), and whether a
  // POST is in flight (writable false: the server has not answered the last POST yet)
  const poll = t?.name === 'polling' ? ` get-in-flight=${Boolean(t._polling)} post-in-flight=${t.writable === false}` : '';
  return `manager ${socket.io._readyState}, engine ${e.readyState} id=${e.id ?? '-'} transport=${t?.name ?? '-'}${poll} writeBuffer=${e.writeBuffer?.length ?? 0}`;
}

/**
 * Waits for the connection outcome: resolves on `connect`, throws with the server's message on
 * `connect_error` (so a refused connection fails fast, not by timeout).
 */
export async function expectConnected(socket, timeoutMs = DEFAULT_WAIT_MS) {
  const { event, payload } = await waitForAny(socket, ['connect', 'connect_error'], timeoutMs);
  if (event === 'connect_error') {
    throw new Error(
      `${recorder(socket).name}: connection refused: connect_error ${JSON.stringify({ message: payload?.message, data: payload?.data, description: payload?.description?.message ?? payload?.description })}`,
    );
  }
}

/**
 * The HTTP status with which the server refused a transport, from a transport-level
 * connect_error of socket.io-client in Node: polling gives the status as `description`,
 * websocket an Error "Unexpected server response: <status>". undefined when not found.
 */
export function refusalStatus(err) {
  const d = err?.description;
  if (typeof d === 'number') return d;
  const m = /Unexpected server response: (\d{3})/.exec(String(d?.message ?? d ?? ''));
  return m ? Number(m[1]) : undefined;
}

/** Like waitFor but resolves with all the arguments of the event. */
export function waitForArgs(socket, event, timeoutMs = DEFAULT_WAIT_MS, predicate = () => true) {
  return waitForEntry(socket, event, timeoutMs, predicate).then((e) => e.args);
}

const LIFECYCLE = ['connect', 'connect_error', 'disconnect'];

/** True when the socket's last lifecycle event is `disconnect` (no reconnection: nothing more can arrive). */
function isGone(rec) {
  for (let i = rec.log.length - 1; i >= 0; i--) {
    if (LIFECYCLE.includes(rec.log[i].event)) return rec.log[i].event === 'disconnect';
  }
  return false;
}

function waitForEntry(socket, event, timeoutMs, predicate) {
  const rec = recorder(socket);
  const matches = (e) => !e.consumed && e.event === event && predicate(...e.args);
  const found = rec.log.find(matches);
  if (found) {
    found.consumed = true;
    return Promise.resolve(found);
  }
  // an event other than a lifecycle one can no longer arrive once the socket is disconnected:
  // fail at once instead of by timeout
  const failFast = !LIFECYCLE.includes(event);
  const gone = () =>
    new Error(`${rec.name}: no '${event}' before the socket was disconnected; received:\n    ${describeLog(rec)}`);
  if (failFast && isGone(rec)) return Promise.reject(gone());
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      rec.waiters.delete(waiter);
    };
    const waiter = (e) => {
      if (matches(e)) {
        e.consumed = true;
        finish();
        resolve(e);
      } else if (failFast && e.event === 'disconnect') {
        finish();
        reject(gone());
      }
    };
    const timer = setTimeout(() => {
      rec.waiters.delete(waiter);
      reject(
        new Error(
          `${rec.name}: no '${event}' within ${timeoutMs} ms (${engineState(socket)}); received:\n    ${describeLog(rec) || '(nothing)'}`,
        ),
      );
    }, timeoutMs);
    rec.waiters.add(waiter);
  });
}

/** Waits for `count` occurrences of `event`, in arrival order. */
export async function waitForMany(socket, event, count, timeoutMs = DEFAULT_WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  const out = [];
  for (let i = 0; i < count; i++) {
    const left = Math.max(1, deadline - Date.now());
    try {
      out.push(await waitFor(socket, event, left));
    } catch (err) {
      err.message = `got ${i} of ${count} '${event}': ${err.message}`;
      throw err;
    }
  }
  return out;
}

/**
 * Waits until `count` not-yet-consumed events named in `events` have arrived; resolves them as
 * [{event, payload}] in arrival order (interleaved across the names), consuming them.
 */
export function waitForCount(socket, events, count, timeoutMs = DEFAULT_WAIT_MS) {
  const rec = recorder(socket);
  const take = () => {
    const list = rec.log.filter((e) => !e.consumed && events.includes(e.event));
    if (list.length < count) return null;
    const out = list.slice(0, count);
    for (const e of out) e.consumed = true;
    return out.map((e) => ({ event: e.event, payload: e.args[0] }));
  };
  const now = take();
  if (now) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const waiter = () => {
      const got = take();
      if (got) {
        clearTimeout(timer);
        rec.waiters.delete(waiter);
        resolve(got);
      }
    };
    const timer = setTimeout(() => {
      rec.waiters.delete(waiter);
      const n = rec.log.filter((e) => !e.consumed && events.includes(e.event)).length;
      reject(new Error(`${rec.name}: got ${n} of ${count} [${events.join(', ')}] within ${timeoutMs} ms`));
    }, timeoutMs);
    rec.waiters.add(waiter);
  });
}

/**
 * Collects up to `count` not-yet-consumed events named in `events`, in arrival order, consuming
 * them; resolves (never rejects) when `count` have arrived, when nothing new arrived for
 * `idleMs`, or after `timeoutMs`, with [{event, payload}] — the caller asserts on what it got.
 * The idle wait is long: a server just started on a loaded machine (the whole suite) can take
 * seconds to handle its first burst, and what it is late with is not lost.
 */
export function collect(socket, events, count, { idleMs = 10_000, timeoutMs = 20_000 } = {}) {
  const rec = recorder(socket);
  const list = () => rec.log.filter((e) => !e.consumed && events.includes(e.event));
  return new Promise((resolve) => {
    let idle;
    const finish = () => {
      clearTimeout(idle);
      clearTimeout(overall);
      rec.waiters.delete(waiter);
      const out = list().slice(0, count);
      for (const e of out) e.consumed = true;
      resolve(out.map((e) => ({ event: e.event, payload: e.args[0] })));
    };
    const waiter = () => {
      if (list().length >= count) return finish();
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
      return undefined;
    };
    const overall = setTimeout(finish, timeoutMs);
    rec.waiters.add(waiter);
    waiter();
  });
}

/** The not-yet-consumed events named in `events` received so far (all of them when omitted). */
export function pending(socket, events) {
  const rec = recorder(socket);
  return rec.log.filter((e) => !e.consumed && (!events || events.includes(e.event)));
}

/** Everything received so far (consumed or not) named in `events` (all when omitted), in arrival order. */
export function received(socket, events) {
  return recorder(socket).log.filter((e) => !events || events.includes(e.event));
}

/** Marks everything received so far as consumed. */
export function consumeAll(socket) {
  for (const e of recorder(socket).log) e.consumed = true;
}

/**
 * Negative assertion: waits windowMs (a bounded window), then throws if any not-yet-consumed
 * event named in `events` has arrived.
 */
export async function expectNone(socket, events, windowMs = 500) {
  await new Promise((r) => setTimeout(r, windowMs));
  const got = pending(socket, events);
  if (got.length) {
    const rec = recorder(socket);
    throw new Error(
      `${rec.name}: expected none of [${events.join(', ')}] within ${windowMs} ms, got:\n    ${got
        .map((e) => `${e.event} ${JSON.stringify(e.args)}`)
        .join('\n    ')}`,
    );
  }
}

/** Emits with an acknowledgement; resolves with the ack payload, rejects after timeoutMs. */
export async function emitAck(socket, event, payload, timeoutMs = ACK_TIMEOUT_MS) {
  try {
    return await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch (err) {
    throw new Error(`${recorder(socket).name}: no ack for '${event}' within ${timeoutMs} ms (${err.message})`);
  }
}

/**
 * Emits `event` once per payload, each with an acknowledgement, all at once. Resolves the acks in
 * send order (undefined for one that never came) when all have arrived, when none arrived for
 * `idleMs`, or after `timeoutMs` — so that lost acks fail a test quickly instead of by a long
 * per-ack timeout.
 */
export function emitManyWithAck(socket, event, payloads, { idleMs = 10_000, timeoutMs = 20_000 } = {}) {
  const acks = new Array(payloads.length);
  let count = 0;
  return new Promise((resolve) => {
    let idle;
    const finish = () => {
      clearTimeout(idle);
      clearTimeout(overall);
      resolve(acks);
    };
    const progress = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
    };
    const overall = setTimeout(finish, timeoutMs);
    payloads.forEach((payload, i) => {
      socket.emit(event, payload, (ack) => {
        acks[i] = ack;
        count += 1;
        if (count === payloads.length) finish();
        else progress();
      });
    });
    progress();
  });
}

/**
 * Sends an EVENT packet without going through socket.emit, for event names socket.io-client
 * reserves (e.g. 'disconnecting', which the Dart client emits when it closes). No ack.
 */
export function emitRaw(socket, event, ...args) {
  socket.packet({ type: 2 /* EVENT */, data: [event, ...args] });
}

/**
 * HTTP long-polling only: stops the client from issuing its next poll, as a slow network or a
 * busy phone does between two polls, so that the server has to queue what it sends meanwhile.
 * Resolves once the poll in flight has completed (the server must send something to complete
 * it). Uses engine.io-client's Polling#pause, the same call its upgrade uses.
 */
export function pausePolling(socket) {
  const t = socket.io.engine?.transport;
  if (t?.name !== 'polling') throw new Error('pausePolling: the socket is not on the polling transport');
  return new Promise((resolve) => t.pause(resolve));
}

/** Undoes pausePolling: the client polls again at once. */
export function resumePolling(socket) {
  const t = socket.io.engine.transport;
  t.readyState = 'open';
  t._poll();
}

/** Connects with a handshake token and waits for `connect` and `authenticated`. */
export async function connectAuthed(url, token, { transport = 'websocket', name, keep, timeoutMs = DEFAULT_WAIT_MS } = {}) {
  const socket = connect(url, { transport, token, name, keep });
  await expectConnected(socket, timeoutMs);
  await waitFor(socket, 'authenticated', timeoutMs);
  return socket;
}

/** Mints a token for userId/sessionId and connects with it (authenticated). */
export async function connectUser(server, userId, sessionId, { transport = 'websocket', role, name, keep } = {}) {
  const { token } = await mintToken(server, userId, sessionId, role);
  return connectAuthed(server.url, token, { transport, name: name || userId, keep });
}

/** Mints, connects and joins `sessionId`; resolves {socket, ack, token}. */
export async function joinUser(server, userId, sessionId, { transport = 'websocket', role, metadata, name, keep } = {}) {
  const { token } = await mintToken(server, userId, sessionId, role);
  const socket = await connectAuthed(server.url, token, { transport, name: name || userId, keep });
  const payload = { sessionId };
  if (metadata !== undefined) payload.metadata = metadata;
  const ack = await emitAck(socket, 'join_call', payload);
  if (!ack || ack.ok !== true) throw new Error(`${userId}: join_call ${sessionId} failed: ${JSON.stringify(ack)}`);
  await waitFor(socket, 'call_joined');
  return { socket, ack, token };
}

/** Disconnects one socket (if still open) and forgets it. */
export function close(socket) {
  open.delete(socket);
  try {
    socket.disconnect();
  } catch {
    // ignore
  }
  try {
    socket.io.engine?.close();
  } catch {
    // ignore
  }
}

/**
 * Disconnects the sockets opened through connect(): those of `server` only when given (so that
 * suites with servers of their own can run concurrently), all otherwise; sockets opened with
 * keep: true only with { persistent: true }.
 */
export function closeAll({ server, persistent = false } = {}) {
  for (const [s, { url, keep }] of [...open]) {
    if (server && url !== server.url) continue;
    if (keep && !persistent) continue;
    close(s);
  }
}

/** POST /api/call/token with the server's API key; resolves the 200 body or throws. */
export async function mintToken(server, userId, sessionId, role) {
  const body = { userId, sessionId };
  if (role) body.role = role;
  const res = await server.http('POST', '/api/call/token', {
    headers: { Authorization: `Bearer ${server.apiKey}` },
    body,
  });
  if (res.status !== 200) throw new Error(`minting a token failed: ${res.status} ${res.text}`);
  return res.json;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * Signs a JWT with HMAC (HS256 by default) over the given claims. `header` overrides/extends
 * the header; alg 'none' yields an unsigned token.
 */
export function signJwt(secret, claims, { alg = 'HS256', header = {} } = {}) {
  const h = { alg, typ: 'JWT', ...header };
  const signingInput = `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${signingInput}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  if (!hash) throw new Error(`signJwt: unsupported alg ${alg}`);
  return `${signingInput}.${b64url(createHmac(hash, secret).update(signingInput).digest())}`;
}

/** Standard claims for a call token: valid for an hour from now unless overridden. */
export function claims(userId, sessionId, overrides = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub: userId, sid: sessionId, role: 'participant', iat: now, exp: now + 3600, ...overrides };
}
