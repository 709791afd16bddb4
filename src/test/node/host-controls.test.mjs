// Host controls (mute_participant, remove_participant, end_call and their REST twins) and in-call
// messages (data) with the official socket.io-client 4, over websocket and polling.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  connectAuthed,
  emitAck,
  expectNone,
  joinUser,
  mintToken,
  TRANSPORTS,
  uid,
  waitFor,
  waitForMany,
} from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';

describe('host controls and in-call messages', { concurrency: true, timeout: 120_000 }, () => {
  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, { concurrency: 1 }, () => {
      let server;
      const ctx = serverForSuite({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
      before(() => {
        server = ctx.server;
      });
      const join = (userId, sessionId, role) => joinUser(server, userId, sessionId, { transport, role });
      const api = (path, body) =>
        server.http('POST', path, { headers: { Authorization: `Bearer ${server.apiKey}` }, body });

      it('a host mutes someone: the target gets mute_request, everyone participant_updated', async () => {
        const sessionId = uid('call');
        const [host, alice, bob] = [uid('host'), uid('alice'), uid('bob')];
        const h = await join(host, sessionId, 'host');
        const a = await join(alice, sessionId);
        const b = await join(bob, sessionId);

        const ack = await emitAck(h.socket, 'mute_participant', { userId: alice, kind: 'video' });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        assert.equal(ack.participant.videoMuted, true);

        assert.deepEqual(await waitFor(a.socket, 'mute_request'), { sessionId, kind: 'video', by: host });
        for (const s of [h.socket, a.socket, b.socket]) {
          const updated = await waitFor(s, 'participant_updated');
          assert.equal(updated.sessionId, sessionId);
          assert.equal(updated.participant.userId, alice);
          assert.equal(updated.participant.videoMuted, true);
          assert.equal(updated.participant.audioMuted, false);
        }

        const rest = await api(`/api/calls/${sessionId}/participants/${bob}/mute`, { kind: 'audio' });
        assert.equal(rest.status, 200, rest.text);
        assert.deepEqual(await waitFor(b.socket, 'mute_request'), { sessionId, kind: 'audio', by: 'api' });
      });

      it('a participant is refused host controls with FORBIDDEN; bad payloads name the field', async () => {
        const sessionId = uid('call');
        const [host, alice] = [uid('host'), uid('alice')];
        const h = await join(host, sessionId, 'host');
        const a = await join(alice, sessionId);

        for (const [event, payload] of [
          ['mute_participant', { userId: host, kind: 'audio' }],
          ['remove_participant', { userId: host }],
          ['end_call', {}],
        ]) {
          const ack = await emitAck(a.socket, event, payload);
          assert.equal(ack.ok, false);
          assert.deepEqual(ack.error, { code: 'FORBIDDEN', message: `${event}: role participant (expected: host)` });
        }
        const bad = await emitAck(h.socket, 'mute_participant', { userId: alice, kind: 'screen' });
        assert.deepEqual(bad.error, { code: 'INVALID_PAYLOAD', message: `kind: 'screen' (expected: "audio" or "video")` });
        const unknown = await emitAck(h.socket, 'remove_participant', { userId: 'nobody' });
        assert.equal(unknown.error.code, 'PARTICIPANT_NOT_FOUND');
        await expectNone(a.socket, ['mute_request', 'removed', 'call_ended'], 300);
        const missing = await api(`/api/calls/${sessionId}/participants/nobody/remove`);
        assert.equal(missing.status, 404, missing.text);
      });

      it('a removed participant is told, the others see kicked, and its token cannot join again', async () => {
        const sessionId = uid('call');
        const [host, alice, bob] = [uid('host'), uid('alice'), uid('bob')];
        const h = await join(host, sessionId, 'host');
        const a = await join(alice, sessionId);
        const b = await join(bob, sessionId);

        assert.equal((await emitAck(h.socket, 'remove_participant', { userId: alice })).ok, true);
        assert.deepEqual(await waitFor(a.socket, 'removed'), { sessionId, by: host });
        for (const s of [h.socket, b.socket]) {
          assert.deepEqual(await waitFor(s, 'participant_left', 5_000, (p) => p.userId === alice), {
            sessionId,
            userId: alice,
            reason: 'kicked',
          });
        }
        assert.equal(a.socket.connected, true, 'the removed socket stays connected');
        const again = await connectAuthed(server.url, a.token, { transport });
        const refused = await emitAck(again, 'join_call', { sessionId });
        assert.equal(refused.ok, false);
        assert.equal(refused.error.code, 'REMOVED');

        const rest = await api(`/api/calls/${sessionId}/participants/${bob}/remove`);
        assert.equal(rest.status, 200, rest.text);
        assert.deepEqual(await waitFor(b.socket, 'removed'), { sessionId, by: 'api' });
      });

      it('a host ends the call: everyone gets call_ended and stays connected', async () => {
        const sessionId = uid('call');
        const [host, alice] = [uid('host'), uid('alice')];
        const h = await join(host, sessionId, 'host');
        const a = await join(alice, sessionId);

        assert.equal((await emitAck(h.socket, 'end_call', {})).ok, true);
        for (const s of [h.socket, a.socket]) {
          assert.deepEqual(await waitFor(s, 'call_ended'), { sessionId, by: host, reason: 'ended_by_host' });
          assert.equal(s.connected, true);
        }
        await expectNone(a.socket, ['participant_left'], 300);

        assert.equal((await emitAck(a.socket, 'join_call', { sessionId })).ok, true);
        const rest = await api(`/api/calls/${sessionId}/end`);
        assert.equal(rest.status, 200, rest.text);
        assert.deepEqual(await waitFor(a.socket, 'call_ended'), { sessionId, by: 'api', reason: 'ended_by_host' });
      });

      it('data reaches everyone else or one participant, in order, and an oversized payload is refused', async () => {
        const sessionId = uid('call');
        const [alice, bob, carol] = [uid('alice'), uid('bob'), uid('carol')];
        const a = await join(alice, sessionId);
        const b = await join(bob, sessionId);
        const c = await join(carol, sessionId);

        const count = 8;
        for (let i = 0; i < count; i++) a.socket.emit('data', { topic: 'chat', payload: { n: i, text: 'héllo' } });
        a.socket.emit('data', { to: bob, payload: ['just', 'bob'] });
        for (const s of [b.socket, c.socket]) {
          const got = await waitForMany(s, 'data', count);
          assert.deepEqual(
            got.map((d) => d.payload.n),
            [...Array(count).keys()],
          );
          for (const d of got) {
            assert.deepEqual(d, { sessionId, from: alice, topic: 'chat', payload: { n: d.payload.n, text: 'héllo' } });
          }
        }
        assert.deepEqual(await waitFor(b.socket, 'data'), { sessionId, from: alice, topic: null, payload: ['just', 'bob'] });
        await expectNone(c.socket, ['data'], 300);
        await expectNone(a.socket, ['data'], 100);

        const big = await emitAck(a.socket, 'data', { payload: 'x'.repeat(16 * 1024) });
        assert.deepEqual(big.error, { code: 'INVALID_PAYLOAD', message: 'payload: 16386 bytes as JSON (expected: at most 16384)' });
        await expectNone(b.socket, ['data'], 300);
      });
    });
  }
});
