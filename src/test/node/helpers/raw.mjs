// Raw Engine.IO 4 / Socket.IO 5 clients for the protocol tests, written from the specifications
// (https://github.com/socketio/engine.io-protocol, https://github.com/socketio/socket.io-protocol):
// long-polling over node:http with a keep-alive agent per session, websocket over the `ws`
// package. No socket.io code in between, so the tests see exactly what the server sends and can
// send what no official client would.
//
// Nothing here throws on a server that misbehaves at the HTTP level: requests resolve an outcome
// ({status, …} or {error}) that the tests assert on, and every wait has a deadline.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import assert from 'node:assert/strict';
import http from 'node:http';
import { WebSocket } from 'ws';

export const RS = '\x1e'; // the record separator between packets of a polling payload
// deadlines for what must happen (generous: the machine may be busy), never slept through
export const WAIT_MS = 8_000;
const HANDSHAKE_MS = 10_000;
export const MAX_PAYLOAD = 1_000_000;
// engine.io's error codes and messages, as the contract uses them
export const EIO_ERRORS = {
  0: 'Transport unknown',
  1: 'Session ID unknown',
  2: 'Bad handshake method',
  3: 'Bad request',
  5: 'Unsupported protocol version',
};

// sessions, websockets and agents per server url (destroyed by destroyAll() when the suite ends,
// see suite.mjs rawServerForSuite), and per test (a scope, destroyed when the test ends: the tests
// of a suite may run concurrently)
const live = new Map(); // url -> Set<{destroy()}>
function track(url, thing, scope) {
  if (!live.has(url)) live.set(url, new Set());
  live.get(url).add(thing);
  scope?.add(thing);
}

/**
 * The raw clients of one test `t` against `server`, all destroyed when the test ends:
 * {polling(opts), websocket(opts), openWebSocket(query, opts)}.
 */
export function rawScope(t, server) {
  const scope = new Set();
  t.after(() => {
    for (const thing of scope) thing.destroy();
  });
  return {
    polling: (opts = {}) => RawSession.polling(server, { ...opts, scope }),
    websocket: (opts = {}) => RawSession.websocket(server, { ...opts, scope }),
    openWebSocket: (query, opts = {}) => openWebSocket(server, query, { ...opts, scope }),
  };
}

/** Destroys every raw session, websocket and agent opened against `server`. */
export function destroyAll(server) {
  for (const thing of live.get(server.url) ?? []) thing.destroy();
  live.delete(server.url);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A keep-alive agent, destroyed with the server's other raw resources. */
function keepAliveAgent(server, scope) {
  const agent = new http.Agent({ keepAlive: true });
  track(server.url, agent, scope);
  return agent;
}

/**
 * One HTTP request to /socket.io/?<query> (the query is used verbatim, so `sid=%%%` goes out as
 * is). Resolves {status, headers, text, json, ms}, or {status: 0, error, ms} when the server did
 * not answer within timeoutMs or dropped the connection; never rejects.
 */
export function eioRequest(server, method, query, { body, agent, timeoutMs = 5_000, headers = {} } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const h = { ...headers };
    let payload;
    if (body !== undefined) {
      payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      h['Content-Type'] ??= 'text/plain;charset=UTF-8'; // what engine.io-client sends
      h['Content-Length'] = String(payload.length);
    }
    let settled = false;
    const done = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, ms: Date.now() - started });
    };
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method, path: `/socket.io/?${query}`, headers: h, agent: agent ?? false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done({ status: res.statusCode, headers: res.headers, text, json: parseJson(text) });
        });
        res.on('error', (err) => done({ status: 0, error: `response: ${err.message}` }));
      },
    );
    const timer = setTimeout(() => {
      done({ status: 0, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err) => done({ status: 0, error: err.code || err.message }));
    req.end(payload);
  });
}

/** What a request outcome was, for assertion messages. */
export function show(res) {
  if (!res) return String(res);
  if (res.error) return `${res.error} (after ${res.ms} ms)`;
  const text = res.text?.length > 300 ? `${res.text.slice(0, 300)}…` : res.text;
  return `HTTP ${res.status} content-type=${res.headers?.['content-type']} body=${JSON.stringify(text)} (after ${res.ms} ms)`;
}

/** Asserts an Engine.IO error answer: HTTP 400, JSON, {"code": code, "message": engine.io's message}. */
export function assertEioError(res, code) {
  const want = JSON.stringify({ code, message: EIO_ERRORS[code] });
  assert.equal(res.status, 400, `expected HTTP 400 ${want}, got ${show(res)}`);
  assert.match(String(res.headers['content-type']), /^application\/json/i, `content-type of ${show(res)}`);
  assert.deepEqual(res.json, { code, message: EIO_ERRORS[code] }, `body of ${show(res)}`);
}

/** Asserts that a websocket request was refused before the upgrade with an Engine.IO error (see assertEioError). */
export function assertWsRefused(r, code) {
  const want = JSON.stringify({ code, message: EIO_ERRORS[code] });
  assert.equal(r.outcome, 'refused', `expected the upgrade refused with HTTP 400 ${want}, got ${r.outcome === 'open' ? 'an open websocket' : JSON.stringify(r)}`);
  assertEioError({ ...r, ms: r.ms }, code);
}

/** The packets of a polling payload (an empty body has none). */
export function decodePayload(text) {
  return text === '' ? [] : text.split(RS);
}

/**
 * Opens a websocket to /socket.io/?<query>. Resolves {outcome: 'open', ws, frames} (text frames
 * received so far, kept up to date until adopted by a RawSession), {outcome: 'refused', status,
 * headers, text, json} when the server answered the upgrade with plain HTTP, or {outcome:
 * 'error', error}; never rejects.
 */
export function openWebSocket(server, query, { timeoutMs = 5_000, scope } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?${query}`, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const frames = [];
    ws.on('message', (data, isBinary) => frames.push(isBinary ? data : data.toString('utf8')));
    track(server.url, { destroy: () => ws.terminate() }, scope);
    let settled = false;
    const done = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      done({ outcome: 'error', error: `no upgrade answer within ${timeoutMs} ms` });
      ws.terminate();
    }, timeoutMs + 500);
    ws.on('open', () => done({ outcome: 'open', ws, frames }));
    ws.on('unexpected-response', (req, res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ outcome: 'refused', status: res.statusCode, headers: res.headers, text, json: parseJson(text) });
        req.destroy();
      });
      res.on('error', (err) => done({ outcome: 'error', error: err.message }));
    });
    ws.on('error', (err) => done({ outcome: 'error', error: err.message }));
    ws.on('close', (code) => done({ outcome: 'error', error: `closed (${code}) before opening` }));
  });
}

/** Parses an open packet `0{…}`; throws with the packet when it is not one. */
export function parseOpen(packet) {
  if (typeof packet !== 'string' || packet[0] !== '0') throw new Error(`not an open packet: ${JSON.stringify(packet)}`);
  return JSON.parse(packet.slice(1));
}

/**
 * Decodes a Socket.IO packet inside an Engine.IO message (`4…`): {type, nsp, id, data}, or
 * undefined for anything else. Only what the server sends is handled (no binary attachments).
 */
export function decodeSio(packet) {
  if (typeof packet !== 'string' || packet[0] !== '4' || packet.length < 2) return undefined;
  const type = Number(packet[1]);
  let i = 2;
  let nsp = '/';
  if (packet[i] === '/') {
    const comma = packet.indexOf(',', i);
    nsp = packet.slice(i, comma < 0 ? packet.length : comma);
    i = comma < 0 ? packet.length : comma + 1;
  }
  let id;
  const m = /^\d+/.exec(packet.slice(i));
  if (m) {
    id = Number(m[0]);
    i += m[0].length;
  }
  const rest = packet.slice(i);
  const data = rest ? parseJson(rest) : undefined;
  if (rest && data === undefined) return undefined;
  return { type, nsp, id, data };
}

/** The Engine.IO frame of a Socket.IO EVENT: `42[id]["name",…args]`. */
export function event(name, args = [], id = undefined) {
  return `42${id ?? ''}${JSON.stringify([name, ...args])}`;
}

const isEvent = (name) => (p) => {
  const d = decodeSio(p);
  return d?.type === 2 && d.nsp === '/' && Array.isArray(d.data) && d.data[0] === name;
};
const isAck = (id) => (p) => {
  const d = decodeSio(p);
  return d?.type === 3 && d.nsp === '/' && d.id === id;
};

/**
 * One Engine.IO session seen from the client: its packets in one inbox whatever the transport,
 * answered pings (unless autoPong is false), and a record of how it ended.
 */
export class RawSession {
  #server;
  #agent;
  #inbox = []; // packets not consumed yet
  #waiters = new Set();
  #posting = Promise.resolve(); // POSTs one at a time, as the spec requires
  #paused = false;
  #getInFlight = null; // the running GET of the read loop
  ws = null;
  transport;
  sid;
  open;
  /** Every packet received, with how and when: {packet, via, at}. */
  log = [];
  /** How the session ended, as seen from here: {how, status?, json?, code?, at}, or null while open. */
  closed = null;
  autoPong = true;

  constructor(server, name, scope) {
    this.#server = server;
    this.name = name;
    this.scope = scope;
    track(server.url, this, scope);
  }

  /**
   * Handshake over polling (asserting only that the server answered an open packet), then,
   * unless manual, a read loop that keeps one GET waiting, as a polling client does.
   */
  static async polling(server, { name = 'polling', manual = false, scope } = {}) {
    const s = new RawSession(server, name, scope);
    s.transport = 'polling';
    s.manual = manual;
    s.#agent = keepAliveAgent(server, scope);
    const res = await eioRequest(server, 'GET', 'EIO=4&transport=polling', { agent: s.#agent, timeoutMs: HANDSHAKE_MS });
    if (res.status !== 200) throw new Error(`${name}: polling handshake refused: ${show(res)}`);
    const [first, ...more] = decodePayload(res.text);
    s.open = parseOpen(first);
    s.sid = s.open.sid;
    for (const p of more) s.#receive(p, 'GET');
    if (!manual) s.#readLoop();
    return s;
  }

  /** Handshake over websocket (no sid): the first frame must be the open packet. */
  static async websocket(server, { name = 'websocket', scope } = {}) {
    const r = await openWebSocket(server, 'EIO=4&transport=websocket', { scope, timeoutMs: HANDSHAKE_MS });
    if (r.outcome !== 'open') throw new Error(`${name}: websocket handshake failed: ${JSON.stringify(r)}`);
    const s = new RawSession(server, name, scope);
    s.transport = 'websocket';
    s.#adopt(r.ws, r.frames);
    const first = await s.next(() => true, { timeoutMs: WAIT_MS, what: 'the open packet' });
    s.open = parseOpen(first);
    s.sid = s.open.sid;
    return s;
  }

  /** Query string of this session's polling requests. */
  get pollQuery() {
    return `EIO=4&transport=polling&sid=${encodeURIComponent(this.sid)}`;
  }

  /** A GET with this session's sid, outside the read loop (manual sessions, or a second GET on purpose). */
  get({ timeoutMs = 5_000 } = {}) {
    return eioRequest(this.#server, 'GET', this.pollQuery, { agent: this.#agent, timeoutMs });
  }

  /** A POST of `body` (a string, sent as is) with this session's sid. */
  post(body, { timeoutMs = 5_000, method = 'POST' } = {}) {
    return eioRequest(this.#server, method, this.pollQuery, { agent: this.#agent, body, timeoutMs });
  }

  /**
   * Sends packets: over polling one POST of the packets joined with the record separator (which
   * must answer 200 `ok`), over websocket one frame each. Resolves the POST outcome, if any.
   */
  async send(...packets) {
    for (const p of packets) this.log.push({ packet: p, via: 'sent', at: Date.now() });
    if (this.transport === 'websocket') {
      for (const p of packets) this.ws.send(p);
      return undefined;
    }
    const run = this.#posting.then(() => this.post(packets.join(RS)));
    this.#posting = run.then(() => undefined);
    const res = await run;
    if (res.status !== 200 || res.text !== 'ok') this.#close({ how: `POST answered ${show(res)}`, status: res.status, json: res.json });
    return res;
  }

  #receive(packet, via) {
    this.log.push({ packet, via, at: Date.now() });
    // a ping is answered at once (like a client would), and kept for tests that look at pings
    if (packet === '2' && this.autoPong) this.send('3').catch(() => {});
    this.#inbox.push(packet);
    for (const w of [...this.#waiters]) w();
  }

  #close(info) {
    if (this.closed) return;
    this.closed = { ...info, at: Date.now() };
    for (const w of [...this.#waiters]) w();
  }

  async #readLoop() {
    const holdMs = (this.open.pingInterval ?? 25_000) + (this.open.pingTimeout ?? 20_000) + 3_000;
    while (!this.closed && !this.#paused && this.transport === 'polling') {
      this.#getInFlight = this.get({ timeoutMs: holdMs });
      const res = await this.#getInFlight;
      this.#getInFlight = null;
      if (this.destroyed) return;
      if (this.transport !== 'polling') return; // upgraded meanwhile: upgrade() looks at this GET
      if (res.status !== 200) {
        this.#close({ how: `GET answered ${show(res)}`, status: res.status, json: res.json });
        return;
      }
      for (const p of decodePayload(res.text)) this.#receive(p, 'GET');
    }
  }

  #adopt(ws, early = []) {
    this.ws = ws;
    ws.removeAllListeners('message');
    for (const f of early) this.#receive(f, 'ws');
    ws.on('message', (data, isBinary) => this.#receive(isBinary ? data : data.toString('utf8'), 'ws'));
    ws.on('close', (code, reason) => this.#close({ how: `websocket closed (${code} ${reason})`, code }));
    ws.on('error', () => {}); // the close that follows is what the tests look at
  }

  /**
   * Upgrades a polling session to websocket as the spec describes: stop polling, open a websocket
   * with the sid, `2probe` → `3probe`, then `5`. Resolves {getAnswer}: how the GET that was
   * waiting during the probe was answered (the server must complete it with a noop `6`).
   * `whileProbing` (async) runs after `3probe` and before `5`, with the upgrade in progress.
   */
  async upgrade({ timeoutMs = WAIT_MS, whileProbing } = {}) {
    this.#paused = true;
    const waiting = this.#getInFlight;
    const r = await openWebSocket(this.#server, `EIO=4&transport=websocket&sid=${encodeURIComponent(this.sid)}`, { scope: this.scope, timeoutMs: HANDSHAKE_MS });
    if (r.outcome !== 'open') throw new Error(`${this.name}: upgrade websocket not opened: ${JSON.stringify(r)}`);
    this.#adopt(r.ws, r.frames);
    this.log.push({ packet: '2probe', via: 'sent', at: Date.now() });
    r.ws.send('2probe');
    await this.next('3probe', { timeoutMs, what: '3probe' });
    // the spec: the server sends a noop to any pending GET, which ends the polling transport
    const getAnswer = waiting
      ? await Promise.race([waiting, sleep(timeoutMs).then(() => ({ status: 0, error: `GET still waiting ${timeoutMs} ms after 3probe` }))])
      : undefined;
    const during = whileProbing ? await whileProbing() : undefined;
    this.transport = 'websocket';
    await this.send('5');
    return { getAnswer, during };
  }

  /**
   * Resolves the first packet not consumed yet that matches (a string: equal; a RegExp; a
   * function), consuming it. Rejects after timeoutMs, or at once when the session has closed.
   */
  next(match, { timeoutMs = WAIT_MS, what } = {}) {
    const test = typeof match === 'function' ? match : match instanceof RegExp ? (p) => typeof p === 'string' && match.test(p) : (p) => p === match;
    const label = what ?? String(match);
    return this.#until(
      () => {
        const i = this.#inbox.findIndex(test);
        if (i >= 0) return { value: this.#inbox.splice(i, 1)[0] };
        if (this.closed) return { error: `closed (${this.closed.how}) before ${label}` };
        return undefined;
      },
      timeoutMs,
      `no ${label} within ${timeoutMs} ms`,
    );
  }

  /** Resolves the value of check() ({value} or {error}) once it gives one, re-checked on every packet and on close. */
  #until(check, timeoutMs, timeoutMessage) {
    return new Promise((resolve, reject) => {
      const run = () => {
        const r = check();
        if (!r) return;
        finish();
        if ('error' in r) reject(new Error(`${this.name}: ${r.error}; ${this.describe()}`));
        else resolve(r.value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${this.name}: ${timeoutMessage}; ${this.describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(run);
      };
      this.#waiters.add(run);
      run();
    });
  }

  /** The args of the next EVENT `name` (`42["name",…args]`). */
  async nextEvent(name, opts = {}) {
    return decodeSio(await this.next(isEvent(name), { what: `event ${name}`, ...opts })).data.slice(1);
  }

  /** The args of the ACK with id `id` (`43id[…]`). */
  async nextAck(id, opts = {}) {
    return decodeSio(await this.next(isAck(id), { what: `ack ${id}`, ...opts })).data;
  }

  /** Emits `name` with an ack id and resolves the ack's args. */
  async emitAck(name, args, id, opts = {}) {
    await this.send(event(name, args, id));
    return this.nextAck(id, opts);
  }

  /**
   * Socket.IO CONNECT to `/` (with {token} when given). Resolves the decoded answer, a CONNECT
   * (`40{"sid":…}`) or a CONNECT_ERROR (`44{…}`).
   */
  async sioConnect(token, opts = {}) {
    await this.send(token === undefined ? '40' : `40${JSON.stringify({ token })}`);
    const p = await this.next((x) => /^4[04]/.test(x) && decodeSio(x)?.nsp === '/', { what: 'CONNECT or CONNECT_ERROR', ...opts });
    return decodeSio(p);
  }

  /** CONNECT with a valid token; resolves the `authenticated` payload. Throws otherwise. */
  async authenticate(token) {
    const answer = await this.sioConnect(token);
    if (answer.type !== 0) throw new Error(`${this.name}: CONNECT refused: ${JSON.stringify(answer)}`);
    const [payload] = await this.nextEvent('authenticated');
    return payload;
  }

  /** Resolves once the session has ended (see `closed`); rejects after timeoutMs. */
  waitClosed(timeoutMs = WAIT_MS) {
    return this.#until(() => (this.closed ? { value: this.closed } : undefined), timeoutMs, `still open after ${timeoutMs} ms`);
  }

  /**
   * Asserts that the server has closed the session within timeoutMs. Over websocket: the server
   * closed the websocket. Over polling (the contract's only observable): a GET with the sid is
   * answered 400 code 1, be it the read loop's next GET or, when that one is still held, a new one.
   */
  async expectGone({ timeoutMs = 3_000 } = {}) {
    if (this.transport === 'websocket') return this.waitClosed(timeoutMs);
    if (!this.manual) await this.waitClosed(timeoutMs).catch(() => {});
    if (this.closed?.status === 400 && this.closed.json?.code === 1) return this.closed;
    const res = await this.get({ timeoutMs: 2_000 });
    if (res.status === 400 && res.json?.code === 1) return { how: 'a GET answered 400 code 1' };
    throw new Error(
      `${this.name}: the session was not closed within ${timeoutMs} ms: a GET with its sid got ${show(res)} (expected 400 {"code":1}); ` +
        `read loop: ${this.closed?.how ?? (this.manual ? 'none' : 'its GET is still held')}; ${this.describe()}`,
    );
  }

  /** What happened so far, for messages. */
  describe(max = 20) {
    const entries = this.log.slice(-max).map((e) => {
      const p = typeof e.packet === 'string' ? e.packet : `<binary ${e.packet.length}>`;
      return `${e.via === 'sent' ? '→' : '←'}${e.via === 'sent' ? '' : ` (${e.via})`} ${JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p)}`;
    });
    return `transport=${this.transport} sid=${this.sid} closed=${this.closed ? this.closed.how : 'no'}; packets:\n    ${entries.join('\n    ') || '(none)'}`;
  }

  destroy() {
    this.destroyed = true;
    this.#paused = true;
    this.ws?.terminate();
    this.#agent?.destroy();
  }
}
