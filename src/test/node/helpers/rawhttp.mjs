// Raw HTTP/1.1 over node:net, for tests that must control the bytes exactly (malformed escapes,
// Expect: 100-continue, headers sent without their body, oversized heads, idle connections):
// node:http would refuse to send them, or fix them up. Every read has a deadline and reports
// what did arrive, so a server that never answers fails with the bytes it sent instead of a hang.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import net from 'node:net';

import { HOST } from './server.mjs';

export const READ_TIMEOUT_MS = 5_000;
const CRLF = '\r\n';

/**
 * The bytes of one request. `headers` is a list of [name, value] pairs (order and repeats kept) or
 * an object; Host is added unless given. `body` (string or Buffer) is appended as is: the caller
 * sets Content-Length when it wants one (see `withLength`), so it can also lie about it.
 */
export function requestBytes(method, target, headers = [], body) {
  const list = Array.isArray(headers) ? [...headers] : Object.entries(headers);
  if (!list.some(([k]) => k.toLowerCase() === 'host')) list.unshift(['Host', HOST]);
  const head = `${method} ${target} HTTP/1.1${CRLF}${list.map(([k, v]) => `${k}: ${v}${CRLF}`).join('')}${CRLF}`;
  const bytes = Buffer.from(head, 'latin1');
  return body === undefined ? bytes : Buffer.concat([bytes, Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

/** `headers` (pairs) plus the Content-Length of `body`. */
export function withLength(headers, body) {
  const n = Buffer.isBuffer(body) ? body.length : Buffer.byteLength(body);
  return [...headers, ['Content-Length', String(n)]];
}

/**
 * Opens a connection to `port` and resolves a RawConnection once connected (rejects after
 * timeoutMs). The connection collects everything the server sends and notes when it closes.
 */
export function openRaw(port, { timeoutMs = READ_TIMEOUT_MS } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TCP connection to ${HOST}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(new RawConnection(socket));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** One client connection: raw writes, responses parsed off the received bytes, close detection. */
export class RawConnection {
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0); // received and not yet parsed into a response
    this.received = 0; // bytes received in all
    this.closed = false; // the server closed (FIN or RST) or we destroyed it
    this.closedAt = undefined;
    this.error = undefined; // e.g. ECONNRESET, or EPIPE when writing after the server closed
    this.listeners = new Set();
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.received += chunk.length;
      this.notify();
    });
    // a half-close from the server: answer it, as a browser does, so the socket fully closes
    socket.on('end', () => socket.end());
    socket.on('error', (err) => {
      this.error = err;
    });
    socket.on('close', () => {
      this.closed = true;
      this.closedAt = Date.now();
      this.notify();
    });
  }

  notify() {
    for (const l of [...this.listeners]) l();
  }

  /** Writes bytes; resolves once handed to the OS, or with the error if the server has gone. */
  write(bytes) {
    if (this.closed || this.socket.destroyed) return Promise.resolve(new Error('connection already closed'));
    return new Promise((resolve) => this.socket.write(bytes, (err) => resolve(err ?? undefined)));
  }

  /** What was received and not yet parsed, for messages (control characters escaped, shortened). */
  describe(max = 400) {
    const s = JSON.stringify(this.buffer.subarray(0, max).toString('latin1'));
    return `${this.buffer.length > max ? `${s}…` : s} (${this.closed ? `closed${this.error ? ` ${this.error.code}` : ''}` : 'open'})`;
  }

  /**
   * Resolves with the next complete response ({status, reason, headers, body, text, json});
   * a 1xx interim response counts as a response of its own. Rejects when the connection closes
   * first or nothing complete arrives within timeoutMs, saying what did arrive.
   */
  readResponse(timeoutMs = READ_TIMEOUT_MS) {
    return this.waitFor(() => this.takeResponse(), timeoutMs, 'a complete response');
  }

  /**
   * Resolves {closed: true, afterMs} once the server has closed the connection, or
   * {closed: false} when it is still open after timeoutMs (never rejects: callers assert).
   */
  waitClosed(timeoutMs = READ_TIMEOUT_MS) {
    const start = Date.now();
    return this.waitFor(() => (this.closed ? { closed: true, afterMs: Date.now() - start } : undefined), timeoutMs, 'close').catch(
      () => ({ closed: false }),
    );
  }

  /** Resolves true when a response starts arriving within windowMs, false when nothing came (bounded). */
  async anythingWithin(windowMs) {
    return this.waitFor(() => (this.buffer.length ? true : undefined), windowMs, 'data').catch(() => false);
  }

  waitFor(take, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      let timer;
      const check = () => {
        let got;
        try {
          got = take();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (got !== undefined) {
          finish();
          resolve(got);
        } else if (this.closed && what !== 'close') {
          finish();
          reject(new Error(`connection closed before ${what}; received: ${this.describe()}`));
        }
      };
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`${what}: not within ${timeoutMs} ms; received: ${this.describe()}`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Parses and removes one response from the buffer; undefined while incomplete. */
  takeResponse() {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const [statusLine, ...lines] = head.split(CRLF);
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine)}; received: ${this.describe()}`);
    const headers = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(m[1]);
    let bodyEnd; // index in buffer where this response ends
    let body;
    const start = end + 4;
    if (status < 200 || status === 204 || status === 304) {
      bodyEnd = start;
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const chunks = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buffer.indexOf(CRLF, at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) throw new Error(`bad chunk size; received: ${this.describe()}`);
        if (size === 0) {
          const trailerEnd = this.buffer.indexOf('\r\n\r\n', lineEnd); // after any trailers
          if (trailerEnd < 0) return undefined;
          bodyEnd = trailerEnd + 4;
          break;
        }
        if (this.buffer.length < lineEnd + 2 + size + 2) return undefined;
        chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      if (this.buffer.length < start + n) return undefined;
      bodyEnd = start + n;
      body = this.buffer.subarray(start, bodyEnd);
    } else {
      // no length: the body runs to the close
      if (!this.closed) return undefined;
      bodyEnd = this.buffer.length;
      body = this.buffer.subarray(start);
    }
    body = Buffer.from(body);
    this.buffer = this.buffer.subarray(bodyEnd);
    const text = body.toString('utf8');
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, reason: m[2] ?? '', headers, body, text, json };
  }

  /** Closes our side at once (RST-free: FIN, then the socket is destroyed). */
  close() {
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

/**
 * Opens a connection, writes `bytes`, and resolves {res, conn} with the first response
 * (the connection stays open for the caller, who closes it). Rejects like readResponse.
 */
export async function exchange(port, bytes, { timeoutMs = READ_TIMEOUT_MS } = {}) {
  const conn = await openRaw(port, { timeoutMs });
  await conn.write(bytes);
  try {
    return { res: await conn.readResponse(timeoutMs), conn };
  } catch (err) {
    conn.close();
    throw err;
  }
}

/** Tracks RawConnections so a suite can close whatever a failed test left open. */
export function connectionPool() {
  const all = new Set();
  return {
    async open(port, opts) {
      const conn = await openRaw(port, opts);
      all.add(conn);
      return conn;
    },
    async exchange(port, bytes, opts) {
      const out = await exchange(port, bytes, opts);
      all.add(out.conn);
      return out;
    },
    closeAll() {
      for (const c of all) c.close();
      all.clear();
    },
  };
}

/** The Engine.IO polling URL, with `sid` when given. */
export function pollingPath(sid) {
  return `/socket.io/?EIO=4&transport=polling${sid ? `&sid=${encodeURIComponent(sid)}` : ''}`;
}

/**
 * A polling request on a connection of its own (a polling client may use one per request);
 * resolves the response. `body`, when given, is sent as text/plain with its Content-Length.
 */
export async function polling(port, method, sid, body, { timeoutMs = READ_TIMEOUT_MS } = {}) {
  const headers = body === undefined ? [] : withLength([['Content-Type', 'text/plain;charset=UTF-8']], body);
  const { res, conn } = await exchange(port, requestBytes(method, pollingPath(sid), headers, body), { timeoutMs });
  conn.close();
  return res;
}

/** Opens an Engine.IO polling session (the handshake GET); resolves {sid, open} (the open packet). */
export async function pollingHandshake(port) {
  const res = await polling(port, 'GET');
  if (res.status !== 200 || !res.text.startsWith('0{')) {
    throw new Error(`handshake: ${res.status} ${JSON.stringify(res.text)}`);
  }
  const open = JSON.parse(res.text.slice(1));
  return { sid: open.sid, open };
}
