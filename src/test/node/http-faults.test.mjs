// Issue 11: HTTP faults anyone can cause without credentials, written byte by byte over node:net
// (node:http would refuse to send most of them). Each case says what the server must answer; a
// request left unanswered fails with the bytes that did arrive (helpers/rawhttp.mjs).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';

import { scrape } from './helpers/metrics.mjs';
import {
  connectionPool,
  polling,
  pollingHandshake,
  pollingPath,
  requestBytes,
  withLength,
} from './helpers/rawhttp.mjs';
import { HOST, newDataDir, runUntilExit, startServer } from './helpers/server.mjs';

const API_LIMIT = 64 * 1024; // TransportSettings.API_BODY_LIMIT
const SOCKET_IO_LIMIT = 1_000_000; // maxPayload
const IDLE_MS = 1_000; // SECUREVOX_CALL_HTTP_IDLE_TIMEOUT below
const MiB = 1024 * 1024;

/** The API's error shape: {"error": {"code", "message"}} as application/json. */
function assertApiError(res, status, code) {
  assert.equal(res.status, status, `status; body: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, `content-type; body: ${res.text}`);
  assert.ok(res.json && typeof res.json === 'object', `a JSON body expected, got: ${res.text}`);
  assert.deepEqual(Object.keys(res.json), ['error'], `only {error} expected: ${res.text}`);
  assert.equal(res.json.error.code, code, `code; body: ${res.text}`);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0, 'message must not be empty');
}

const closes = (res) => /\bclose\b/i.test(res.headers.connection ?? '');

describe('raw HTTP faults (issue 11)', { timeout: 180_000 }, () => {
  let server;
  const pool = connectionPool();
  const auth = () => ['Authorization', `Bearer ${server.apiKey}`];
  const json = ['Content-Type', 'application/json'];
  const tokenBody = JSON.stringify({ userId: 'raw_user', sessionId: 'raw_call' });

  before(async () => {
    // a short idle timeout for the idle cases; an auth timeout longer than it, which is what
    // answers the long-poll that must outlive the idle timeout
    server = await startServer({ SECUREVOX_CALL_HTTP_IDLE_TIMEOUT: '1s', SECUREVOX_CALL_AUTH_TIMEOUT: '3s' });
  });
  afterEach(() => pool.closeAll());
  after(async () => {
    pool.closeAll();
    await server?.stop();
  });

  // one byte over each limit: [what, () => [target, headers], Content-Length]
  const OVER_LIMIT = [
    ['POST /api/call/token', () => ['/api/call/token', [auth(), json]], API_LIMIT + 1],
    [
      'a Socket.IO polling POST',
      async () => [pollingPath((await pollingHandshake(server.port)).sid), [['Content-Type', 'text/plain;charset=UTF-8']]],
      SOCKET_IO_LIMIT + 1,
    ],
  ];

  /**
   * After an error response the connection is either closed cleanly (announced with
   * `Connection: close`, then closed) or still serves the next request.
   */
  async function assertUsableOrClosed(conn, res) {
    if (closes(res)) {
      const { closed } = await conn.waitClosed(2_000);
      assert.ok(closed, `'Connection: close' announced but the connection stayed open`);
      return;
    }
    await conn.write(requestBytes('GET', '/health'));
    const next = await conn.readResponse();
    assert.equal(next.status, 200, `the connection kept open must serve GET /health; got ${next.status} ${next.text}`);
  }

  describe('malformed percent-escapes', () => {
    const MALFORMED = ['/health?x=%', '/api/call/stats?%zz', '/%'];
    for (const target of MALFORMED) {
      it(`GET ${target} → 400 INVALID_QUERY, then the connection works or is closed cleanly`, async () => {
        const { res, conn } = await pool.exchange(server.port, requestBytes('GET', target));
        assertApiError(res, 400, 'INVALID_QUERY');
        await assertUsableOrClosed(conn, res);
      });
    }

    // Engine.IO answers its own requests in its own shape (code 3 "Bad request"; an undecodable sid is code 1).
    for (const [target, code] of [[`${pollingPath()}&x=%`, 3], [`${pollingPath()}&sid=%zz`, 1]]) {
      it(`GET ${target} → Engine.IO 400 {"code":${code}}, then the connection works or is closed cleanly`, async () => {
        const { res, conn } = await pool.exchange(server.port, requestBytes('GET', target));
        assert.equal(res.status, 400, res.text);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.equal(res.json?.code, code, res.text);
        await assertUsableOrClosed(conn, res);
      });
    }

    it('2,000 of them with 60 KB bodies leave direct memory bounded, and /health answers', async () => {
      // allowed method and a body under the API limit: the escape is the only fault. A request
      // that kept its body (an unreleased buffer) would add 60 KB each, 117 MiB in all.
      const targets = ['/api/call/token?x=%', '/api/call/token?%zz', '/%'];
      const body = Buffer.alloc(60 * 1024, 'x');
      const before = directMemory(await scrape(server));
      let sent = 0;
      let failed = false; // the first failure stops every worker
      const worker = async () => {
        let conn;
        try {
          while (sent < 2_000 && !failed) {
            const i = sent++;
            if (!conn || conn.closed) conn = await pool.open(server.port);
            const target = targets[i % targets.length];
            await conn.write(requestBytes('POST', target, withLength([json], body), body));
            const res = await conn.readResponse(10_000).catch((err) => {
              throw new Error(`request ${i} (POST ${target}): ${err.message}`);
            });
            assert.equal(res.status, 400, `request ${i} (POST ${target}): ${res.text}`);
            if (closes(res)) conn.close();
          }
        } catch (err) {
          failed = true;
          throw err;
        } finally {
          conn?.close();
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const later = directMemory(await scrape(server));
      for (const [name, value] of Object.entries(later)) {
        const grew = value - (before[name] ?? 0);
        assert.ok(grew <= 16 * MiB, `${name} grew by ${(grew / MiB).toFixed(1)} MiB (from ${before[name]} to ${value})`);
      }
      assert.equal((await server.health()).status, 200);
    });
  });

  describe('Expect: 100-continue', () => {
    it('POST /api/call/token: 100 Continue before the body, then 200', async () => {
      const conn = await pool.open(server.port);
      await conn.write(requestBytes('POST', '/api/call/token', withLength([auth(), json, ['Expect', '100-continue']], tokenBody)));
      const interim = await conn.readResponse();
      assert.equal(interim.status, 100, `interim response: ${interim.status} ${interim.text}`);
      await conn.write(tokenBody);
      const res = await conn.readResponse();
      assert.equal(res.status, 200, res.text);
      assert.equal(typeof res.json?.token, 'string', res.text);
    });

    it('Socket.IO polling POST: 100 Continue before the body, then 200 ok', async () => {
      const { sid } = await pollingHandshake(server.port);
      const conn = await pool.open(server.port);
      const headers = withLength([['Content-Type', 'text/plain;charset=UTF-8'], ['Expect', '100-continue']], '40');
      await conn.write(requestBytes('POST', pollingPath(sid), headers));
      const interim = await conn.readResponse();
      assert.equal(interim.status, 100, `interim response: ${interim.status} ${interim.text}`);
      await conn.write('40');
      const res = await conn.readResponse();
      assert.equal(res.status, 200, res.text);
      assert.equal(res.text, 'ok');
    });

    for (const [what, request, length] of OVER_LIMIT) {
      it(`${what} announcing ${length} bytes: 413 or 417 at once, no 100 Continue`, async () => {
        const [target, headers] = await request();
        const conn = await pool.open(server.port);
        const head = [...headers, ['Content-Length', String(length)], ['Expect', '100-continue']];
        await conn.write(requestBytes('POST', target, head));
        const res = await conn.readResponse(); // the body is never sent
        assert.ok([413, 417].includes(res.status), `413 or 417 expected, got ${res.status} ${res.reason} ${res.text}`);
        if (res.status === 413) assertApiError(res, 413, 'PAYLOAD_TOO_LARGE');
      });
    }
  });

  describe('a body over the limit announced by Content-Length', () => {
    for (const [what, request, length] of OVER_LIMIT) {
      it(`${what} announcing ${length} bytes: 413 PAYLOAD_TOO_LARGE before the body, and the connection closed`, async () => {
        const [target, headers] = await request();
        const conn = await pool.open(server.port);
        // headers only: the answer must not wait for a body the server is going to refuse
        await conn.write(requestBytes('POST', target, [...headers, ['Content-Length', String(length)]]));
        const res = await conn.readResponse();
        assertApiError(res, 413, 'PAYLOAD_TOO_LARGE');
        const { closed } = await conn.waitClosed(2_000);
        assert.ok(closed, 'the connection must be closed after the 413 (its body would follow)');
      });
    }
  });

  describe('oversized request heads', () => {
    const HEADS = [
      ['64 KB in one header', 431, () => requestBytes('GET', '/health', [['X-Pad', 'a'.repeat(64 * 1024)]])],
      ['64 headers of 1 KB', 431, () => requestBytes('GET', '/health', Array.from({ length: 64 }, (_, i) => [`X-Pad-${i}`, 'a'.repeat(1024)]))],
      ['a 16 KB query', 414, () => requestBytes('GET', `/health?x=${'a'.repeat(16 * 1024)}`)],
      ['a 16 KB path', 414, () => requestBytes('GET', `/${'a'.repeat(16 * 1024)}`)],
    ];
    for (const [what, status, bytes] of HEADS) {
      it(`${what} → ${status}, never routed, the connection closed`, async () => {
        const { res, conn } = await pool.exchange(server.port, bytes());
        assert.equal(res.status, status, `${res.status} ${res.text}`);
        assert.ok(!res.text.includes('bad-request'), `routed as a request for another path: ${res.text}`);
        const { closed } = await conn.waitClosed(2_000);
        assert.ok(closed, `the connection must be closed after the ${status}`);
      });
    }

    it('200 such connections are each answered and closed by the server', async () => {
      const results = [];
      for (let batch = 0; batch < 4; batch++) {
        const round = Array.from({ length: 50 }, async (_, i) => {
          const [what, status, bytes] = HEADS[i % HEADS.length];
          try {
            const { res, conn } = await pool.exchange(server.port, bytes());
            const { closed } = await conn.waitClosed(2_000);
            conn.close();
            return res.status === status && closed ? null : `${what}: ${res.status}, ${closed ? 'closed' : 'left open'}`;
          } catch (err) {
            return `${what}: ${err.message.slice(0, 200)}`;
          }
        });
        results.push(...(await Promise.all(round)));
      }
      const wrong = results.filter(Boolean);
      assert.deepEqual(wrong, [], `${wrong.length} of 200 not answered and closed, e.g. ${wrong.slice(0, 3).join('; ')}`);
      assert.equal((await server.health()).status, 200);
    });
  });

  describe('idle connections (SECUREVOX_CALL_HTTP_IDLE_TIMEOUT=1s)', () => {
    it('a keep-alive connection idle after one request is closed after the idle timeout', async () => {
      const { res, conn } = await pool.exchange(server.port, requestBytes('GET', '/health'));
      assert.equal(res.status, 200, res.text);
      assert.ok(!closes(res), 'a keep-alive request must not be answered with Connection: close');
      const { closed, afterMs } = await conn.waitClosed(IDLE_MS + 2_000);
      assert.ok(closed, `still open ${IDLE_MS + 2_000} ms after the response`);
      assert.ok(afterMs >= IDLE_MS - 200, `closed ${afterMs} ms after the response, before the idle timeout`);
    });

    const PARTIAL = [
      ['sends nothing', Buffer.alloc(0)],
      ['sends half a request head', Buffer.from(`GET /health HTTP/1.1\r\nHost: ${HOST}\r\n`)],
      ['sends a head and half its body', requestBytes('POST', '/api/call/token', [json, ['Content-Length', '100']], '{"userId":')],
    ];
    for (const [what, bytes] of PARTIAL) {
      it(`a connection that ${what} is closed after the idle timeout, unanswered or 408`, async () => {
        const conn = await pool.open(server.port);
        if (bytes.length) await conn.write(bytes);
        const { closed, afterMs } = await conn.waitClosed(IDLE_MS + 2_000);
        assert.ok(closed, `still open ${IDLE_MS + 2_000} ms later; received: ${conn.describe()}`);
        assert.ok(afterMs >= IDLE_MS - 200, `closed after ${afterMs} ms, before the idle timeout`);
        if (conn.buffer.length) assert.equal(conn.takeResponse()?.status, 408, `received: ${conn.describe()}`);
      });
    }

    it('a long-polling GET that waits longer than the idle timeout is answered, not cut', async () => {
      const { sid } = await pollingHandshake(server.port);
      assert.equal((await polling(server.port, 'POST', sid, '40')).status, 200, 'CONNECT');
      const connected = await polling(server.port, 'GET', sid);
      assert.match(connected.text, /^40/, 'the CONNECT answer');
      // nothing to send until the 3 s auth timeout expires: the GET waits for it
      const start = Date.now();
      const res = await polling(server.port, 'GET', sid, undefined, { timeoutMs: 10_000 });
      const waited = Date.now() - start;
      assert.equal(res.status, 200, res.text);
      assert.match(res.text, /auth_error|41/, 'the auth timeout answers the poll');
      assert.ok(waited > IDLE_MS + 500, `the poll was answered after ${waited} ms: it did not wait past the idle timeout`);
    });
  });

  describe('strict JSON bodies', () => {
    const BODIES = [
      ['duplicate keys', '{"userId":"a","userId":"b","sessionId":"c"}', /duplicate/i],
      ['trailing content', '{"userId":"a","sessionId":"c"} x', /trailing|after|extra/i],
      ['two documents', '{"userId":"a","sessionId":"c"}{"userId":"b","sessionId":"c"}', /trailing|after|extra/i],
    ];
    for (const [what, body, problem] of BODIES) {
      it(`POST /api/call/token with ${what} → 400 INVALID_PAYLOAD naming it`, async () => {
        const res = await server.http('POST', '/api/call/token', {
          headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
          body,
        });
        assertApiError(res, 400, 'INVALID_PAYLOAD');
        assert.match(res.json.error.message, problem, `the message should name the problem: ${res.json.error.message}`);
      });
    }
  });
});

/** Direct memory by metric (the JVM's direct pool; Netty's allocator when the server exposes it). */
function directMemory(families) {
  const out = {};
  const jvm = families.get('jvm_buffer_memory_used_bytes');
  const pool = jvm?.metrics.find((m) => m.labels?.id === 'direct');
  assert.ok(pool, 'jvm_buffer_memory_used_bytes{id="direct"} in /metrics');
  out['jvm_buffer_memory_used_bytes{id="direct"}'] = Number(pool.value);
  const netty = families.get('netty_allocator_memory_used');
  const samples = netty?.metrics.filter((m) => m.labels?.memory_type === 'direct') ?? [];
  if (samples.length) {
    out['netty_allocator_memory_used{memory_type="direct"}'] = samples.reduce((sum, m) => sum + Number(m.value), 0);
  }
  return out;
}

describe('failed authentications from the same address', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('after 25 wrong API keys from 127.0.0.1 the right one still gets 200', async () => {
    const body = { userId: 'u_after_guesses', sessionId: 'c_after_guesses' };
    for (let i = 0; i < 25; i++) {
      const res = await server.http('POST', '/api/call/token', { headers: { Authorization: `Bearer guess-${i}` }, body });
      assert.ok([401, 429].includes(res.status), `guess ${i}: ${res.status} ${res.text}`);
    }
    const res = await server.http('POST', '/api/call/token', { headers: { Authorization: `Bearer ${server.apiKey}` }, body });
    assert.equal(res.status, 200, `the right key was refused: ${res.text}`);
    assert.equal(typeof res.json.token, 'string');
  });
});

describe('startup failures', { timeout: 150_000 }, () => {
  const env = (overrides) => ({
    SECUREVOX_CALL_ENV: 'production',
    SECUREVOX_CALL_HOST: HOST,
    SECUREVOX_CALL_PORT: '0',
    SECUREVOX_CALL_JWT_SECRET: 'startup-failure-secret-0123456789-0123456789',
    SECUREVOX_CALL_API_KEY: 'startup-failure-api-key-0123456789',
    SECUREVOX_CALL_DATA_DIR: newDataDir(),
    ...overrides,
  });
  // a Java stack frame, plain or inside a JSON log line
  const STACK = /\bat [\w$.]+\([\w$]+\.java:\d+\)|Exception in thread/;

  it('a port in use: the server exits non-zero instead of staying up, with one line naming the port and the problem', async () => {
    const taken = net.createServer();
    await new Promise((resolve) => taken.listen(0, HOST, resolve));
    const { port } = taken.address();
    try {
      // A deadline for the exit, not a speed goal: a JVM with other test files' servers starting beside it on a busy
      // two-core machine has printed nothing in 10 s. A server that stays up on a taken port fails either way.
      const run = await runUntilExit(env({ SECUREVOX_CALL_PORT: String(port) }), { timeoutMs: 60_000 });
      const out = `${run.stdout}\n${run.stderr}`;
      assert.ok(run.exited, `still running 60 s after start on a taken port; output:\n${out}`);
      assert.notEqual(run.code, 0, `exit code; output:\n${out}`);
      assert.doesNotMatch(out, STACK, 'no stack trace');
      const naming = out.split('\n').filter((line) => new RegExp(`(?<!\\d)${port}(?!\\d)`).test(line));
      assert.equal(naming.length, 1, `exactly one line should name port ${port}; output:\n${out}`);
      assert.match(naming[0], /in use|already|taken/i, 'the line should say the port is in use');
    } finally {
      taken.close();
    }
  });

  it('an unresolvable host: a non-zero exit with a message naming the host', async () => {
    const run = await runUntilExit(env({ SECUREVOX_CALL_HOST: 'no-such-host.invalid' }), { timeoutMs: 60_000 });
    const out = `${run.stdout}\n${run.stderr}`;
    assert.ok(run.exited, `still running 60 s after start; output:\n${out}`);
    assert.notEqual(run.code, 0, `exit code; output:\n${out}`);
    assert.match(out, /no-such-host\.invalid/, 'a message naming the host');
    assert.doesNotMatch(out, /cannot start: null/, 'a message, not null');
  });
});
