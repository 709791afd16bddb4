// A call's events on its quality's time axis (GET /api/calls/{sessionId}/quality, `events`): joins, mutes (a repeated
// state is no event), a socket lost and resumed within the reconnect grace, leaves with their reason; recorded by the
// server and read back in order through the API (held to docs/openapi.yaml by the helper).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { close, emitAck, joinUser, uid, waitFor } from './helpers/client.mjs';
import { waitUntil } from './helpers/server.mjs';
import { serverForSuite } from './helpers/suite.mjs';

describe('call events (SECUREVOX_CALL_RECONNECT_GRACE=2s)', { timeout: 60_000 }, () => {
  let server;
  const ctx = serverForSuite({ SECUREVOX_CALL_RECONNECT_GRACE: '2s' });
  before(() => {
    server = ctx.server;
  });

  const quality = async (sessionId) =>
    server.http('GET', `/api/calls/${encodeURIComponent(sessionId)}/quality`, {
      headers: { Authorization: `Bearer ${server.apiKey}` },
    });

  it('joins, mutes, a reconnect and leaves come back in order, with the leave reasons', async () => {
    const sessionId = uid('events');
    const a = uid('alice');
    const b = uid('bob');
    const started = Date.now();
    const alice = await joinUser(server, a, sessionId);
    const bob = await joinUser(server, b, sessionId);
    await waitFor(alice.socket, 'participant_joined');

    assert.equal((await emitAck(bob.socket, 'mute_audio', { muted: true })).ok, true);
    assert.equal((await emitAck(bob.socket, 'mute_audio', { muted: true })).ok, true, 'the same state again');
    assert.equal((await emitAck(bob.socket, 'mute_video', { muted: true })).ok, true);
    assert.equal((await emitAck(bob.socket, 'mute_audio', { muted: false })).ok, true);

    // A network drop: the transport closes without a DISCONNECT packet; bob comes back within the grace.
    const connections = (await server.health()).json.connections;
    bob.socket.io.engine.close();
    await waitUntil(async () => (await server.health()).json.connections < connections, {
      timeoutMs: 3_000,
      intervalMs: 10,
      message: 'the server to notice the dropped socket',
    });
    const bob2 = await joinUser(server, b, sessionId, { name: `${b}#2` });
    assert.equal(bob2.ack.self.videoMuted, true, 'test setup: a resumed session, not a new one');

    bob2.socket.emit('leave_call', { sessionId });
    await waitFor(alice.socket, 'participant_left');
    alice.socket.emit('leave_call', { sessionId });

    const expected = [
      [a, 'joined', null],
      [b, 'joined', null],
      [b, 'audio_muted', null],
      [b, 'video_muted', null],
      [b, 'audio_unmuted', null],
      [b, 'away', null],
      [b, 'resumed', null],
      [b, 'left', 'left'],
      [a, 'left', 'left'],
    ];
    let last;
    await waitUntil(async () => {
      last = await quality(sessionId);
      return last.status === 200 && last.json.events.length >= expected.length;
    }, { timeoutMs: 10_000, intervalMs: 100, message: 'the call and its events in the history' });
    const { events } = last.json;
    assert.deepEqual(events.map((e) => [e.userId, e.kind, e.reason]), expected);
    const times = events.map((e) => e.at);
    assert.deepEqual(times, [...times].sort((x, y) => x - y), 'oldest first');
    assert.ok(times[0] >= started - 1_000 && times.at(-1) <= Date.now(), `times within the test: ${times}`);
    for (const socket of [alice.socket, bob.socket, bob2.socket]) close(socket);
  });

  it('a participant who does not come back within the grace leaves as disconnected', async () => {
    const sessionId = uid('events');
    const a = uid('alice');
    const b = uid('bob');
    const alice = await joinUser(server, a, sessionId);
    const bob = await joinUser(server, b, sessionId);
    await waitFor(alice.socket, 'participant_joined');
    bob.socket.io.engine.close();
    await waitFor(alice.socket, 'participant_left', 10_000);
    alice.socket.emit('leave_call', { sessionId });

    let last;
    await waitUntil(async () => {
      last = await quality(sessionId);
      return last.status === 200 && last.json.events.length >= 5;
    }, { timeoutMs: 10_000, intervalMs: 100, message: 'the call and its events in the history' });
    assert.deepEqual(last.json.events.map((e) => [e.userId, e.kind, e.reason]), [
      [a, 'joined', null],
      [b, 'joined', null],
      [b, 'away', null],
      [b, 'left', 'disconnected'],
      [a, 'left', 'left'],
    ]);
    const away = last.json.events[2].at;
    const left = last.json.events[3].at;
    assert.ok(left - away >= 1_900, `left ${left - away} ms after the socket dropped (expected: the 2 s grace)`);
    close(alice.socket);
    close(bob.socket);
  });
});
