// Authenticating: in the handshake and by the `authenticate` event; refused tokens
// (INVALID_TOKEN, TOKEN_EXPIRED); UNAUTHENTICATED before authenticating; the auth deadline.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  claims,
  close,
  connect,
  connectAuthed,
  emitAck,
  expectConnected,
  expectNone,
  mintToken,
  signJwt,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const AUTH_TIMEOUT_MS = 1_000;

function assertAuthenticated(payload, { userId, sessionId, role = 'participant', expiresAt }) {
  assert.equal(payload.userId, userId);
  assert.equal(payload.sessionId, sessionId);
  assert.equal(payload.role, role);
  assert.ok(Number.isInteger(payload.expiresAt), `expiresAt in Unix seconds: ${payload.expiresAt}`);
  if (expiresAt !== undefined) assert.equal(payload.expiresAt, expiresAt);
}

function assertErrorBody(body, code, { token } = {}) {
  assert.ok(body && typeof body === 'object', `error body expected: ${JSON.stringify(body)}`);
  assert.equal(body.code, code, `code in ${JSON.stringify(body)}`);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  if (token) assert.ok(!body.message.includes(token), 'an error message must never contain the token');
}

function assertAckError(ack, code) {
  assert.equal(ack?.ok, false, `ack: ${JSON.stringify(ack)}`);
  assertErrorBody(ack.error, code);
}

describe('authentication', { concurrency: true, timeout: 90_000 }, () => {
  const ENV = { SECUREVOX_CALL_AUTH_TIMEOUT: '1s', SECUREVOX_CALL_RECONNECT_GRACE: '0s' };

  const now = () => Math.floor(Date.now() / 1000);

  // tokens the server must refuse, and the code it must give: [what, (secret) => token, code]
  const BAD_TOKENS = [
    ['expired an hour ago', (k, u, s) => signJwt(k, claims(u, s, { iat: now() - 7200, exp: now() - 3600 })), 'TOKEN_EXPIRED'],
    ['expired a minute ago (beyond the 10 s leeway)', (k, u, s) => signJwt(k, claims(u, s, { exp: now() - 60 })), 'TOKEN_EXPIRED'],
    ['signed with another secret', (k, u, s) => signJwt(`${k}-other`, claims(u, s)), 'INVALID_TOKEN'],
    ['alg none', (k, u, s) => signJwt('', claims(u, s), { alg: 'none' }), 'INVALID_TOKEN'],
    ['alg HS384 with the right secret', (k, u, s) => signJwt(k, claims(u, s), { alg: 'HS384' }), 'INVALID_TOKEN'],
    ['alg HS512 with the right secret', (k, u, s) => signJwt(k, claims(u, s), { alg: 'HS512' }), 'INVALID_TOKEN'],
    ['HS256-signed but the header says RS256', (k, u, s) => signJwt(k, claims(u, s), { header: { alg: 'RS256' } }), 'INVALID_TOKEN'],
    [
      'with a tampered payload',
      (k, u, s) => {
        const [h, , sig] = signJwt(k, claims(u, s)).split('.');
        return `${h}.${Buffer.from(JSON.stringify(claims('someone_else', s))).toString('base64url')}.${sig}`;
      },
      'INVALID_TOKEN',
    ],
    ['without exp', (k, u, s) => signJwt(k, without(claims(u, s), 'exp')), 'INVALID_TOKEN'],
    ['without sid', (k, u, s) => signJwt(k, without(claims(u, s), 'sid')), 'INVALID_TOKEN'],
    ['without sub', (k, u, s) => signJwt(k, without(claims(u, s), 'sub')), 'INVALID_TOKEN'],
    ['whose sid is outside the id alphabet', (k, u) => signJwt(k, claims(u, 'a b')), 'INVALID_TOKEN'],
    ['with nbf a minute in the future', (k, u, s) => signJwt(k, claims(u, s, { nbf: now() + 60 })), 'INVALID_TOKEN'],
    ['that is not a JWT', () => 'not-a-jwt', 'INVALID_TOKEN'],
    ['with header and payload only', (k, u, s) => signJwt(k, claims(u, s)).split('.').slice(0, 2).join('.'), 'INVALID_TOKEN'],
    ['that is empty', () => '', 'INVALID_TOKEN'],
  ];
  const makeBad = (server, make) => make(server.jwtSecret, uid('bad'), uid('call'));
  // the subset also tried through the `authenticate` event
  const EVENT_BAD_TOKENS = BAD_TOKENS.filter(([what]) =>
    ['expired an hour ago', 'signed with another secret', 'alg none', 'alg HS384 with the right secret', 'without exp',
      'with nbf a minute in the future', 'that is not a JWT'].includes(what),
  );

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, { concurrency: 1 }, () => {
      // a server per transport, so that both transports run at the same time
      let server;
      const ctx = serverForSuite(ENV);
      before(() => {
        server = ctx.server;
      });

      describe('in the handshake', () => {
        it('a minted token connects and `authenticated` follows at once', async () => {
          const userId = uid('alice');
          const sessionId = uid('call');
          const minted = await mintToken(server, userId, sessionId);
          const socket = connect(server.url, { transport, token: minted.token, name: userId });
          await expectConnected(socket);
          const payload = await waitFor(socket, 'authenticated', 2_000);
          assertAuthenticated(payload, { userId, sessionId, expiresAt: minted.expiresAt });
          assert.equal(socket.connected, true);
        });

        it('a host token authenticates with role host', async () => {
          const userId = uid('host');
          const sessionId = uid('call');
          const minted = await mintToken(server, userId, sessionId, 'host');
          const socket = connect(server.url, { transport, token: minted.token });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId, role: 'host' });
        });

        it('a token signed by a backend with the shared secret (PyJWT-style claims) is accepted', async () => {
          const userId = uid('py');
          const sessionId = uid('call');
          const c = { sub: userId, sid: sessionId, role: 'participant', iat: now(), exp: now() + 600 };
          const socket = connect(server.url, { transport, token: signJwt(server.jwtSecret, c) });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId, expiresAt: c.exp });
        });

        it('a token without role, with nbf in the past and a jti is accepted as participant', async () => {
          const userId = uid('norole');
          const sessionId = uid('call');
          const c = { sub: userId, sid: sessionId, iat: now(), nbf: now() - 5, exp: now() + 600, jti: uid('jti') };
          const socket = connect(server.url, { transport, token: signJwt(server.jwtSecret, c) });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId, role: 'participant' });
        });

        it('a token that expired 2 s ago is still accepted (10 s leeway)', async () => {
          const userId = uid('skew');
          const sessionId = uid('call');
          const c = claims(userId, sessionId, { iat: now() - 600, exp: now() - 2 });
          const socket = connect(server.url, { transport, token: signJwt(server.jwtSecret, c) });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId });
        });

        for (const [what, make, code] of BAD_TOKENS) {
          it(`refuses a token ${what}: connect_error '${code}'`, async () => {
            const token = makeBad(server, make);
            const socket = connect(server.url, { transport, token });
            const err = await waitFor(socket, 'connect_error');
            assert.equal(err.message, code);
            // [protocol.md] data is {code, message}
            assertErrorBody(err.data, code, { token: token.length > 20 ? token : undefined });
            assert.equal(socket.connected, false);
            await expectNone(socket, ['connect', 'authenticated'], 100);
          });
        }

        it('after a refused handshake the client may retry with a fresh token on the same connection', async () => {
          const userId = uid('retry');
          const sessionId = uid('call');
          const expired = signJwt(server.jwtSecret, claims(userId, sessionId, { exp: now() - 3600 }));
          const socket = connect(server.url, { transport, token: expired });
          assert.equal((await waitFor(socket, 'connect_error')).message, 'TOKEN_EXPIRED');
          const { token } = await mintToken(server, userId, sessionId);
          socket.auth = { token };
          socket.connect();
          await expectConnected(socket);
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId });
        });
      });

      describe('by the `authenticate` event', () => {
        it('success: `authenticated` and the ack {ok: true, userId, sessionId, role, expiresAt}', async () => {
          const userId = uid('bob');
          const sessionId = uid('call');
          const minted = await mintToken(server, userId, sessionId);
          const socket = connect(server.url, { transport });
          await expectConnected(socket);
          await expectNone(socket, ['authenticated'], 50);
          const ack = await emitAck(socket, 'authenticate', { token: minted.token });
          assert.equal(ack.ok, true, JSON.stringify(ack));
          assertAuthenticated(ack, { userId, sessionId, expiresAt: minted.expiresAt });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId, expiresAt: minted.expiresAt });
          assert.equal(socket.connected, true);
        });

        it('success without an ack: `authenticated`', async () => {
          const userId = uid('bob');
          const sessionId = uid('call');
          const { token } = await mintToken(server, userId, sessionId);
          const socket = connect(server.url, { transport });
          await expectConnected(socket);
          socket.emit('authenticate', { token });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId });
          const joined = await emitAck(socket, 'join_call', { sessionId });
          assert.equal(joined.ok, true, JSON.stringify(joined));
        });

        for (const [what, make, code] of EVENT_BAD_TOKENS) {
          it(`failure with an ack (a token ${what}): ack error ${code}, auth_error, then disconnected`, async () => {
            const token = makeBad(server, make);
            const socket = connect(server.url, { transport });
            await expectConnected(socket);
            const ack = await emitAck(socket, 'authenticate', { token });
            assertAckError(ack, code);
            assertErrorBody(await waitFor(socket, 'auth_error'), code, { token: token.length > 20 ? token : undefined });
            assert.equal(await waitFor(socket, 'disconnect'), 'io server disconnect');
          });

          it(`failure without an ack (a token ${what}): auth_error ${code}, then disconnected`, async () => {
            const token = makeBad(server, make);
            const socket = connect(server.url, { transport });
            await expectConnected(socket);
            socket.emit('authenticate', { token });
            assertErrorBody(await waitFor(socket, 'auth_error'), code);
            assert.equal(await waitFor(socket, 'disconnect'), 'io server disconnect');
            await expectNone(socket, ['call_error'], 50); // authenticate failures are auth_error, not call_error
          });
        }

        it('20 failures in a row: each gives the failed ack, auth_error and a clean server disconnect', async () => {
          const outcomes = [];
          for (let i = 0; i < 20; i++) {
            const socket = connect(server.url, { transport, name: `bad#${i}` });
            await expectConnected(socket);
            const ackP = socket.timeout(3_000).emitWithAck('authenticate', { token: 'not-a-jwt' }).then(
              (ack) => ack?.error?.code ?? JSON.stringify(ack),
              () => 'no ack',
            );
            const authError = await waitFor(socket, 'auth_error', 3_000).then((e) => e.code, () => 'no auth_error');
            const reason = await waitFor(socket, 'disconnect', 3_000).catch(() => 'no disconnect');
            outcomes.push(`${await ackP}/${authError}/${reason}`);
            close(socket);
          }
          const expected = 'INVALID_TOKEN/INVALID_TOKEN/io server disconnect';
          const bad = outcomes.map((o, i) => (o === expected ? null : `#${i}: ${o}`)).filter(Boolean);
          assert.deepEqual(bad, [], `expected ack/auth_error/disconnect reason ${expected} every time`);
        });

        for (const [what, payload] of [
          ['without a token', {}],
          ['with a numeric token', { token: 42 }],
          ['that is not an object', 'a-token'],
        ]) {
          it(`a payload ${what}: auth_error, then disconnected`, async () => {
            const socket = connect(server.url, { transport });
            await expectConnected(socket);
            socket.emit('authenticate', payload);
            const err = await waitFor(socket, 'auth_error');
            assert.ok(['INVALID_PAYLOAD', 'INVALID_TOKEN'].includes(err.code), `code: ${JSON.stringify(err)}`);
            assert.equal(await waitFor(socket, 'disconnect'), 'io server disconnect');
          });
        }

        it('authenticating again with a token for the same user and call refreshes the identity', async () => {
          const userId = uid('again');
          const sessionId = uid('call');
          const first = await mintToken(server, userId, sessionId);
          const socket = await connectAuthed(server.url, first.token, { transport });
          const c = claims(userId, sessionId, { exp: now() + 7200 });
          const ack = await emitAck(socket, 'authenticate', { token: signJwt(server.jwtSecret, c) });
          assert.equal(ack.ok, true, JSON.stringify(ack));
          assertAuthenticated(ack, { userId, sessionId, expiresAt: c.exp });
          assertAuthenticated(await waitFor(socket, 'authenticated'), { userId, sessionId, expiresAt: c.exp });
          assert.equal(socket.connected, true);
        });

        it('authenticating again as someone else is FORBIDDEN', async () => {
          const sessionId = uid('call');
          const first = await mintToken(server, uid('me'), sessionId);
          const other = await mintToken(server, uid('other'), sessionId);
          const socket = await connectAuthed(server.url, first.token, { transport });
          assertAckError(await emitAck(socket, 'authenticate', { token: other.token }), 'FORBIDDEN');
          assertErrorBody(await waitFor(socket, 'auth_error'), 'FORBIDDEN');
        });
      });

      describe('unauthenticated sockets', () => {
        for (const [event, payload] of [
          ['join_call', () => ({ sessionId: uid('call') })],
          ['leave_call', () => ({ sessionId: uid('call') })],
          ['offer', () => ({ to: 'x', sdp: { type: 'offer', sdp: 'v=0' } })],
          ['answer', () => ({ to: 'x', sdp: { type: 'answer', sdp: 'v=0' } })],
          ['ice_candidate', () => ({ to: 'x', candidate: null })],
          ['mute_audio', () => ({ muted: true })],
          ['mute_video', () => ({ muted: false })],
        ]) {
          it(`${event} with an ack fails with UNAUTHENTICATED`, async () => {
            const socket = connect(server.url, { transport });
            await expectConnected(socket);
            assertAckError(await emitAck(socket, event, payload()), 'UNAUTHENTICATED');
          });

          it(`${event} without an ack gives call_error UNAUTHENTICATED`, async () => {
            const socket = connect(server.url, { transport });
            await expectConnected(socket);
            socket.emit(event, payload());
            const err = await waitFor(socket, 'call_error');
            assert.equal(err.event, event);
            assertErrorBody({ code: err.code, message: err.message }, 'UNAUTHENTICATED');
          });
        }

        it('the deadline (1 s): a socket that does not authenticate gets auth_error UNAUTHENTICATED and is disconnected; authenticated ones stay', async () => {
          const { token } = await mintToken(server, uid('hs'), uid('call'));
          const late = await mintToken(server, uid('ev'), uid('call'));
          const idle = connect(server.url, { transport, name: 'idle' });
          const viaHandshake = connect(server.url, { transport, token, name: 'handshake' });
          const viaEvent = connect(server.url, { transport, name: 'event' });
          await Promise.all([expectConnected(idle), expectConnected(viaHandshake), expectConnected(viaEvent)]);
          const t0 = Date.now();
          await waitFor(viaHandshake, 'authenticated');
          // authenticate by event half-way through the deadline
          await new Promise((r) => setTimeout(r, AUTH_TIMEOUT_MS / 2));
          assert.equal((await emitAck(viaEvent, 'authenticate', { token: late.token })).ok, true);

          const err = await waitFor(idle, 'auth_error', AUTH_TIMEOUT_MS + 3_000);
          assertErrorBody(err, 'UNAUTHENTICATED');
          assert.equal(await waitFor(idle, 'disconnect', 2_000), 'io server disconnect');
          const elapsed = Date.now() - t0;
          assert.ok(elapsed >= AUTH_TIMEOUT_MS - 300, `disconnected too early: ${elapsed} ms`);
          // past the deadline the authenticated sockets are still connected
          await expectNone(viaHandshake, ['disconnect', 'auth_error'], Math.max(0, AUTH_TIMEOUT_MS + 300 - (Date.now() - t0)));
          await expectNone(viaEvent, ['disconnect', 'auth_error'], 0);
          assert.equal(viaHandshake.connected, true);
          assert.equal(viaEvent.connected, true);
        });
      });
    });
  }
});

function without(obj, key) {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}
