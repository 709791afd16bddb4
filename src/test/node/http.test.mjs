// HTTP API: /health, /ready, POST /api/call/token, GET /api/call/stats, error shape.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { closeAll, emitAck, joinUser, TRANSPORTS, uid, waitFor } from './helpers/client.mjs';
import { startServer, waitUntil } from './helpers/server.mjs';

const ID_RULE = /^[A-Za-z0-9_.:@-]{1,128}$/;

function assertErrorShape(res, status, code) {
  assert.equal(res.status, status, `status; body: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, 'content-type');
  assert.ok(res.json && typeof res.json === 'object', `JSON body expected, got: ${res.text}`);
  assert.deepEqual(Object.keys(res.json), ['error'], `only {error} expected: ${res.text}`);
  assert.equal(res.json.error.code, code, `code; body: ${res.text}`);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0, 'message must not be empty');
}

describe('HTTP API', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    // no reconnect grace: sockets closed after each test leave their calls at once
    server = await startServer({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
  });
  after(async () => {
    if (server) closeAll({ server, persistent: true });
    await server?.stop();
  });
  afterEach(() => server && closeAll({ server }));

  const auth = () => ({ Authorization: `Bearer ${server.apiKey}` });
  const postToken = (body, headers = auth()) => server.http('POST', '/api/call/token', { headers, body });

  describe('GET /health', () => {
    it('answers 200 with the documented shape', async () => {
      const res = await server.http('GET', '/health');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const b = res.json;
      assert.equal(b.status, 'healthy');
      assert.equal(b.service, 'SecureVOX Call Server');
      assert.equal(b.version, '1.0.0');
      assert.ok(Number.isInteger(b.activeCalls) && b.activeCalls >= 0, `activeCalls: ${b.activeCalls}`);
      assert.ok(Number.isInteger(b.connectedUsers) && b.connectedUsers >= 0, `connectedUsers: ${b.connectedUsers}`);
      // [extension] fields
      assert.ok(Number.isInteger(b.connections) && b.connections >= 0, `connections: ${b.connections}`);
      assert.ok(Number.isInteger(b.uptimeSeconds) && b.uptimeSeconds >= 0, `uptimeSeconds: ${b.uptimeSeconds}`);
    });

    it('counts a call and its distinct authenticated users', async () => {
      const sid = uid('call_health');
      const before = (await server.health()).json;
      const a = await joinUser(server, uid('ha'), sid);
      const b = await joinUser(server, uid('hb'), sid);
      const during = (await server.health()).json;
      assert.equal(during.activeCalls, before.activeCalls + 1);
      assert.equal(during.connectedUsers, before.connectedUsers + 2);
      assert.equal(during.connections, before.connections + 2);
      await emitAck(a.socket, 'leave_call', { sessionId: sid });
      await emitAck(b.socket, 'leave_call', { sessionId: sid });
      await waitUntil(async () => (await server.health()).json.activeCalls === before.activeCalls, {
        message: 'activeCalls back to its previous value',
      });
    });
  });

  describe('GET /ready', () => {
    it('answers 200 {status: "ready"} while serving', async () => {
      const res = await server.http('GET', '/ready');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'ready' });
    });
  });

  describe('POST /api/call/token', () => {
    it('mints a token with the documented response', async () => {
      const userId = uid('user');
      const sessionId = uid('call');
      const t0 = Math.floor(Date.now() / 1000);
      const res = await postToken({ userId, sessionId, role: 'participant' });
      assert.equal(res.status, 200, res.text);
      const b = res.json;
      assert.equal(typeof b.token, 'string');
      assert.equal(b.token.split('.').length, 3, 'a JWT');
      const header = JSON.parse(Buffer.from(b.token.split('.')[0], 'base64url').toString());
      assert.equal(header.alg, 'HS256');
      const payload = JSON.parse(Buffer.from(b.token.split('.')[1], 'base64url').toString());
      assert.equal(payload.sub, userId);
      assert.equal(payload.sid, sessionId);
      assert.equal(payload.role, 'participant');
      assert.equal(payload.exp, b.expiresAt);
      assert.ok(Number.isInteger(b.expiresAt), 'expiresAt in Unix seconds');
      // default TTL is 1 h; allow clock slack
      assert.ok(b.expiresAt > t0 + 3500 && b.expiresAt < t0 + 3700, `expiresAt ${b.expiresAt} vs now ${t0}`);
      assert.equal(b.userId, userId);
      assert.equal(b.sessionId, sessionId);
      assert.equal(b.role, 'participant');
      assert.ok(Array.isArray(b.iceServers) && b.iceServers.length > 0, 'iceServers');
      for (const s of b.iceServers) assert.ok(s.urls, `ice server without urls: ${JSON.stringify(s)}`);
    });

    it('defaults role to participant and accepts host', async () => {
      const r1 = await postToken({ userId: uid('u'), sessionId: uid('c') });
      assert.equal(r1.status, 200, r1.text);
      assert.equal(r1.json.role, 'participant');
      const r2 = await postToken({ userId: uid('u'), sessionId: uid('c'), role: 'host' });
      assert.equal(r2.status, 200, r2.text);
      assert.equal(r2.json.role, 'host');
    });

    it('accepts ids of 128 characters of the whole id alphabet and ignores unknown fields', async () => {
      const userId = `Az09_.:@-${'x'.repeat(119)}`;
      assert.equal(userId.length, 128);
      assert.match(userId, ID_RULE);
      const res = await postToken({ userId, sessionId: 'call:1@x-y_z.0', extra: { nested: true } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.userId, userId);
    });

    it('401 UNAUTHENTICATED without Authorization', async () => {
      assertErrorShape(await postToken({ userId: 'u', sessionId: 'c' }, {}), 401, 'UNAUTHENTICATED');
    });

    it('401 UNAUTHENTICATED with a wrong API key', async () => {
      const res = await postToken({ userId: 'u', sessionId: 'c' }, { Authorization: `Bearer ${server.apiKey}x` });
      assertErrorShape(res, 401, 'UNAUTHENTICATED');
      assert.ok(!res.text.includes(server.apiKey), 'the message must not echo the key');
    });

    it('401 UNAUTHENTICATED with an unknown scheme', async () => {
      assertErrorShape(
        await postToken({ userId: 'u', sessionId: 'c' }, { Authorization: `Basic ${server.apiKey}` }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('401 UNAUTHENTICATED naming the empty credential of "Bearer " (an unset $API_KEY)', async () => {
      const res = await postToken({ userId: 'u', sessionId: 'c' }, { Authorization: 'Bearer ' });
      assertErrorShape(res, 401, 'UNAUTHENTICATED');
      assert.match(res.json.error.message, /Bearer with no credential after it/);
    });

    const badBodies = [
      ['userId missing', { sessionId: 'c1' }, 'userId'],
      ['sessionId missing', { userId: 'u1' }, 'sessionId'],
      ['userId with a space', { userId: 'u 1', sessionId: 'c1' }, 'userId'],
      ['userId empty', { userId: '', sessionId: 'c1' }, 'userId'],
      ['userId of 129 characters', { userId: 'x'.repeat(129), sessionId: 'c1' }, 'userId'],
      ['userId a number', { userId: 42, sessionId: 'c1' }, 'userId'],
      ['sessionId with a slash', { userId: 'u1', sessionId: 'a/b' }, 'sessionId'],
      ['role unknown', { userId: 'u1', sessionId: 'c1', role: 'admin' }, 'role'],
    ];
    for (const [what, body, field] of badBodies) {
      it(`400 INVALID_PAYLOAD naming the field: ${what}`, async () => {
        const res = await postToken(body);
        assertErrorShape(res, 400, 'INVALID_PAYLOAD');
        assert.ok(res.json.error.message.includes(field), `message should name '${field}': ${res.json.error.message}`);
      });
    }

    for (const [what, raw] of [
      ['not JSON', '{"userId": '],
      ['a JSON array', '["u1","c1"]'],
      ['a JSON string', '"u1"'],
      ['empty', ''],
    ]) {
      it(`400 INVALID_PAYLOAD for a body that is ${what}`, async () => {
        const res = await server.http('POST', '/api/call/token', {
          headers: { ...auth(), 'Content-Type': 'application/json' },
          body: raw,
        });
        assertErrorShape(res, 400, 'INVALID_PAYLOAD');
      });
    }

    it('413 PAYLOAD_TOO_LARGE for a body over 64 KiB', async () => {
      const body = JSON.stringify({ userId: 'u1', sessionId: 'c1', pad: 'x'.repeat(64 * 1024) });
      assert.ok(body.length > 64 * 1024);
      assertErrorShape(await postToken(body), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('accepts a body just under 64 KiB', async () => {
      const base = JSON.stringify({ userId: 'u1', sessionId: 'c1', pad: '' });
      const body = JSON.stringify({ userId: 'u1', sessionId: 'c1', pad: 'x'.repeat(64 * 1024 - base.length) });
      assert.equal(Buffer.byteLength(body), 64 * 1024);
      const res = await postToken(body);
      assert.equal(res.status, 200, res.text);
    });

    it('405 METHOD_NOT_ALLOWED for GET on the token route', async () => {
      assertErrorShape(await server.http('GET', '/api/call/token', { headers: auth() }), 405, 'METHOD_NOT_ALLOWED');
    });
  });

  describe('unknown routes', () => {
    for (const [method, p] of [
      ['GET', '/nope'],
      ['GET', '/api/call/nope'],
      ['POST', '/api/nope'],
    ]) {
      it(`404 NOT_FOUND for ${method} ${p}`, async () => {
        assertErrorShape(
          await server.http(method, p, { headers: auth(), body: method === 'POST' ? {} : undefined }),
          404,
          'NOT_FOUND',
        );
      });
    }
  });

  describe('GET /api/call/stats', () => {
    it('401 UNAUTHENTICATED without the API key', async () => {
      assertErrorShape(await server.http('GET', '/api/call/stats'), 401, 'UNAUTHENTICATED');
    });

    it('401 UNAUTHENTICATED with a wrong API key', async () => {
      assertErrorShape(
        await server.http('GET', '/api/call/stats', { headers: { Authorization: 'Bearer wrong-key-0123456789' } }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('answers the documented shape', async () => {
      const res = await server.http('GET', '/api/call/stats', { headers: auth() });
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.json.activeCalls));
      assert.ok(Number.isInteger(res.json.totalActiveCalls));
      assert.equal(res.json.totalActiveCalls, res.json.activeCalls.length);
      assert.ok(Number.isInteger(res.json.connectedUsers));
    });

    for (const transport of TRANSPORTS) {
      it(`[${transport}] lists an active call with its participants in join order, then drops it`, async () => {
        const sid = uid('call_stats');
        const u1 = uid('s1');
        const u2 = uid('s2');
        const t0 = Math.floor(Date.now() / 1000);
        const a = await joinUser(server, u1, sid, { transport });
        const b = await joinUser(server, u2, sid, { transport });
        const res = await server.http('GET', '/api/call/stats', { headers: auth() });
        assert.equal(res.status, 200, res.text);
        const call = res.json.activeCalls.find((c) => c.sessionId === sid);
        assert.ok(call, `call ${sid} missing from ${res.text}`);
        assert.deepEqual(call.participants, [u1, u2]);
        assert.equal(call.participantCount, 2);
        assert.ok(Number.isInteger(call.startedAt), `startedAt in Unix seconds: ${call.startedAt}`);
        assert.ok(call.startedAt >= t0 - 2 && call.startedAt <= t0 + 5, `startedAt ${call.startedAt} vs ${t0}`);
        assert.ok(Number.isInteger(call.durationSeconds) && call.durationSeconds >= 0 && call.durationSeconds < 10);
        assert.equal(call.media, 'mesh', 'a call of clients that did not declare the SFU is a mesh');
        assert.equal(res.json.totalActiveCalls, res.json.activeCalls.length);
        assert.ok(res.json.connectedUsers >= 2);

        // first leaves: still listed with one participant
        assert.deepEqual(await emitAck(a.socket, 'leave_call', { sessionId: sid }), { ok: true });
        await waitFor(b.socket, 'participant_left');
        const mid = await server.http('GET', '/api/call/stats', { headers: auth() });
        const midCall = mid.json.activeCalls.find((c) => c.sessionId === sid);
        assert.ok(midCall, `call ${sid} must still be listed: ${mid.text}`);
        assert.deepEqual(midCall.participants, [u2]);
        assert.equal(midCall.participantCount, 1);

        // last leaves: the call is gone
        assert.deepEqual(await emitAck(b.socket, 'leave_call', { sessionId: sid }), { ok: true });
        const end = await server.http('GET', '/api/call/stats', { headers: auth() });
        assert.equal(end.status, 200);
        assert.equal(
          end.json.activeCalls.find((c) => c.sessionId === sid),
          undefined,
          `call ${sid} must be gone after the last participant left: ${end.text}`,
        );
      });
    }

    it('lists calls oldest first', async () => {
      const s1 = uid('call_old');
      const s2 = uid('call_new');
      await joinUser(server, uid('o'), s1);
      await joinUser(server, uid('n'), s2);
      const res = await server.http('GET', '/api/call/stats', { headers: auth() });
      const ids = res.json.activeCalls.map((c) => c.sessionId);
      assert.ok(ids.indexOf(s1) >= 0 && ids.indexOf(s1) < ids.indexOf(s2), `order: ${ids}`);
    });
  });
});
