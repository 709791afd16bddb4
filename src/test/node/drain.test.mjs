// Drain on SIGTERM: readiness and health go 503, new Socket.IO sessions and new participants are
// refused, calls in progress go on, and the process exits 0 when they end — or when
// SECUREVOX_CALL_DRAIN_TIMEOUT passes, disconnecting every socket. Each test has its own server.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  closeAll,
  connect,
  connectUser,
  emitAck,
  expectNone,
  joinUser,
  mintToken,
  refusalStatus,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { startServer, waitUntil } from './helpers/server.mjs';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

// Every test has a server of its own (SIGTERM ends it), so the tests run at the same time: most
// of their time is spent waiting for drains and exits.
describe('drain on SIGTERM', { concurrency: true, timeout: 120_000 }, () => {
  const servers = [];
  const start = async (env) => {
    const s = await startServer(env);
    servers.push(s);
    return s;
  };
  after(async () => {
    await Promise.all(
      servers.map((s) => {
        closeAll({ server: s, persistent: true });
        return s.stop();
      }),
    );
  });

  const waitDraining = (server) =>
    waitUntil(async () => (await server.http('GET', '/ready')).status === 503, {
      timeoutMs: 5_000,
      message: '/ready to answer 503 after SIGTERM',
    });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, { concurrency: true }, () => {
      it('SECUREVOX_CALL_DRAIN_TIMEOUT=30s: the call in progress goes on, nothing new is let in, exit 0 once it ends', async () => {
        const server = await start({ SECUREVOX_CALL_DRAIN_TIMEOUT: '30s' });
        const opts = { transport };
        const sessionId = uid('call');
        const [a, b] = [uid('alice'), uid('bob')];
        const alice = await joinUser(server, a, sessionId, opts);
        const bob = await joinUser(server, b, sessionId, opts);
        await waitFor(alice.socket, 'participant_joined');
        // connected and authenticated before the signal, not yet in a call
        const carol = await connectUser(server, uid('carol'), sessionId, opts);
        const daveCall = uid('call');
        const dave = await connectUser(server, uid('dave'), daveCall, opts);
        const lateToken = (await mintToken(server, uid('late'), sessionId)).token;

        server.signal('SIGTERM');
        await waitDraining(server);

        // readiness and health
        const ready = await server.http('GET', '/ready');
        assert.equal(ready.status, 503);
        assert.deepEqual(ready.json, { status: 'draining' });
        const health = await server.http('GET', '/health');
        assert.equal(health.status, 503, health.text);
        assert.equal(health.json?.status, 'draining', health.text);
        assert.equal(health.json?.service, 'SecureVOX Call Server');

        // a new Socket.IO connection is refused
        const late = connect(server.url, { transport, token: lateToken, name: 'late' });
        const refusal = await waitFor(late, 'connect_error', 5_000);
        assert.equal(refusalStatus(refusal), 503, `refused with 503: ${refusal.message} ${refusal.description?.message ?? refusal.description}`);
        await expectNone(late, ['connect', 'authenticated'], 100);
        // also at the Engine.IO level: the polling handshake is 503 SERVER_DRAINING
        const eio = await server.http('GET', '/socket.io/?EIO=4&transport=polling');
        assert.equal(eio.status, 503, `Engine.IO handshake while draining: ${eio.status} ${eio.text}`);
        assert.equal(eio.json?.error?.code, 'SERVER_DRAINING', eio.text);

        // a join from a user not in the call fails with SERVER_DRAINING, with and without an ack
        const refused = await emitAck(carol, 'join_call', { sessionId });
        assert.equal(refused.ok, false, JSON.stringify(refused));
        assert.equal(refused.error?.code, 'SERVER_DRAINING', JSON.stringify(refused));
        assert.equal(typeof refused.error?.message, 'string');
        dave.emit('join_call', { sessionId: daveCall });
        const ce = await waitFor(dave, 'call_error');
        assert.equal(ce.event, 'join_call');
        assert.equal(ce.code, 'SERVER_DRAINING');
        await expectNone(alice.socket, ['participant_joined'], 100);
        await expectNone(bob.socket, ['participant_joined'], 0);

        // the call in progress still relays and updates
        assert.deepEqual(await emitAck(alice.socket, 'offer', { to: b, sdp: { type: 'offer', sdp: SDP } }), { ok: true });
        assert.deepEqual(await waitFor(bob.socket, 'offer'), { sessionId, from: a, sdp: { type: 'offer', sdp: SDP } });
        assert.deepEqual(await emitAck(bob.socket, 'answer', { to: a, sdp: SDP }), { ok: true });
        assert.equal((await waitFor(alice.socket, 'answer')).from, b);
        assert.equal((await emitAck(bob.socket, 'mute_audio', { muted: true })).ok, true);
        assert.equal((await waitFor(alice.socket, 'participant_updated')).participant.audioMuted, true);
        assert.equal(server.exitInfo, null, 'still running while the call goes on');

        // the first leaves: the call goes on, the process too
        assert.deepEqual(await emitAck(alice.socket, 'leave_call', { sessionId }), { ok: true });
        assert.deepEqual(await waitFor(bob.socket, 'participant_left'), { sessionId, userId: a, reason: 'left' });
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(server.exitInfo, null, 'still running while a participant is in the call');

        // the last leaves: exit 0, well before the 30 s drain timeout
        const t0 = Date.now();
        assert.deepEqual(await emitAck(bob.socket, 'leave_call', { sessionId }), { ok: true });
        // well before the 30 s drain timeout (the server takes a few seconds to stop)
        const code = await server.waitExit(15_000);
        assert.equal(code, 0, `exit code; output:\n${server.output.slice(-2000)}`);
        assert.ok(Date.now() - t0 < 15_000, `exited ${Date.now() - t0} ms after the last leave`);
        // every remaining socket was disconnected
        for (const s of [carol, dave]) await waitFor(s, 'disconnect', 3_000);
      });

      it('SECUREVOX_CALL_DRAIN_TIMEOUT=1s: when it passes, every socket is disconnected and the process exits 0', async () => {
        const server = await start({ SECUREVOX_CALL_DRAIN_TIMEOUT: '1s' });
        const opts = { transport };
        const sessionId = uid('call');
        const [a, b] = [uid('alice'), uid('bob')];
        const alice = await joinUser(server, a, sessionId, opts);
        const bob = await joinUser(server, b, sessionId, opts);
        await waitFor(alice.socket, 'participant_joined');
        const idle = await connectUser(server, uid('idle'), uid('call'), opts);

        const t0 = Date.now();
        server.signal('SIGTERM');
        await waitDraining(server);
        // still relaying until the timeout
        assert.deepEqual(await emitAck(alice.socket, 'ice_candidate', { to: b, candidate: null }), { ok: true });
        assert.equal((await waitFor(bob.socket, 'ice_candidate')).candidate, null);

        const disconnectedAfter = [];
        for (const s of [alice.socket, bob.socket, idle]) {
          const reason = await waitFor(s, 'disconnect', 5_000);
          disconnectedAfter.push(`${reason} after ${Date.now() - t0} ms`);
        }
        const elapsed = Date.now() - t0;
        assert.ok(elapsed >= 800, `disconnected before the 1 s drain timeout: ${disconnectedAfter.join(', ')}`);
        // the exit is not instant (the server takes a few seconds to stop); bounded generously
        const code = await server.waitExit(15_000).catch((err) => {
          throw new Error(`${err.message}; sockets: ${disconnectedAfter.join(', ')}; output:\n${server.output.slice(-1500)}`);
        });
        assert.equal(code, 0, `exit code; output:\n${server.output.slice(-2000)}`);
      });
    });
  }

  it('with no call in progress the process exits 0 without waiting for the drain timeout', async () => {
    const server = await start({ SECUREVOX_CALL_DRAIN_TIMEOUT: '30s' });
    await connectUser(server, uid('idle'), uid('call'));
    const t0 = Date.now();
    server.signal('SIGTERM');
    assert.equal(await server.waitExit(15_000), 0);
    assert.ok(Date.now() - t0 < 15_000, `exited ${Date.now() - t0} ms after SIGTERM (drain timeout 30 s)`);
  });

  it('a second signal exits at once', async () => {
    const server = await start({ SECUREVOX_CALL_DRAIN_TIMEOUT: '30s' });
    const sessionId = uid('call');
    await joinUser(server, uid('alice'), sessionId);
    await joinUser(server, uid('bob'), sessionId);
    server.signal('SIGTERM');
    await waitDraining(server);
    const t0 = Date.now();
    // SIGTERM again, not SIGINT: a server started from a background job of a non-interactive shell (make test in a
    // script) inherits SIGINT ignored, while SIGTERM is always handled; the second of any two signals counts.
    server.signal('SIGTERM');
    await server.waitExit(5_000);
    assert.ok(Date.now() - t0 < 5_000, `exited ${Date.now() - t0} ms after the second signal`);
  });
});
