// Calling a person with the official socket.io-client 4, over websocket and over long-polling:
// user tokens and device connections, a ring answered on the second of two devices, decline,
// cancel, missed, unreachable, glare, adding a person to a call in progress, the REST twins,
// joining without a call token, and the
// browser SDK's SecureVoxDevice (sdk/js/device.js) driving the same flow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { io } from 'socket.io-client';

import { connectAuthed, emitAck, expectNone, joinUser, TRANSPORTS, uid, waitFor } from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';
import { SecureVoxDevice } from '../../../sdk/js/device.js';

const RING_TIMEOUT_S = 3;

async function userToken(server, userId) {
  const res = await server.http('POST', '/api/user/token', {
    headers: { Authorization: `Bearer ${server.apiKey}` },
    body: { userId },
  });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['expiresAt', 'token', 'userId']);
  return res.json.token;
}

async function device(server, userId, transport) {
  const socket = await connectAuthed(server.url, await userToken(server, userId), { transport, name: userId });
  return socket;
}

async function invite(socket, to, extra = {}) {
  const ack = await emitAck(socket, 'call_invite', { to, media: 'video', ...extra });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return ack;
}

for (const transport of TRANSPORTS) {
  describe(`ringing over ${transport}`, () => {
    const ctx = serverForSuite({ SECUREVOX_CALL_RING_TIMEOUT: `${RING_TIMEOUT_S}s`, SECUREVOX_CALL_RECONNECT_GRACE: '1s' });

    it('rings both devices, the second answers, the first is told, and both sides join', async () => {
      const alice = uid('alice');
      const bob = uid('bob');
      const caller = await device(ctx.server, alice, transport);
      const phone = await device(ctx.server, bob, transport);
      const laptop = await device(ctx.server, bob, transport);

      const invited = await invite(caller, [bob], { metadata: { name: 'Alice' }, media: 'audio' });
      assert.deepEqual(invited.invitees, [{ userId: bob, state: 'ringing' }]);
      assert.match(invited.ringId, /^[0-9a-f-]{36}$/);
      const incoming = await waitFor(phone, 'incoming_call');
      assert.deepEqual(incoming, {
        sessionId: invited.sessionId,
        ringId: invited.ringId,
        from: { userId: alice, metadata: { name: 'Alice' } },
        media: 'audio',
        invitees: [bob],
        expiresAt: invited.expiresAt,
      });
      assert.deepEqual(await waitFor(laptop, 'incoming_call'), incoming);
      assert.deepEqual(await waitFor(caller, 'invite_state'), { sessionId: invited.sessionId, userId: bob, state: 'ringing' });

      const accepted = await emitAck(laptop, 'call_accept', { sessionId: invited.sessionId });
      assert.equal(accepted.ok, true, JSON.stringify(accepted));
      assert.equal(accepted.state, 'accepted');
      assert.ok(Array.isArray(accepted.iceServers) && accepted.iceServers.length > 0);
      assert.deepEqual(await waitFor(phone, 'incoming_call_ended'), { sessionId: invited.sessionId, reason: 'answered_elsewhere' });
      assert.deepEqual(await waitFor(caller, 'invite_state'), { sessionId: invited.sessionId, userId: bob, state: 'accepted' });
      await expectNone(laptop, ['incoming_call_ended']);

      const hostJoin = await emitAck(caller, 'join_call', { sessionId: invited.sessionId });
      assert.equal(hostJoin.ok, true, JSON.stringify(hostJoin));
      assert.equal(hostJoin.self.role, 'host');
      const join = await emitAck(laptop, 'join_call', { sessionId: invited.sessionId });
      assert.equal(join.ok, true, JSON.stringify(join));
      assert.equal(join.participants[0].userId, alice);
      assert.equal((await waitFor(caller, 'participant_joined')).participant.userId, bob);
    });

    it('declines, cancels, misses and finds nobody', async () => {
      const bob = uid('bob');
      const carol = uid('carol');
      const dave = uid('dave');
      const nobody = uid('nobody');
      const caller = await device(ctx.server, uid('alice'), transport);
      const bobs = await device(ctx.server, bob, transport);
      const carols = await device(ctx.server, carol, transport);
      const daves = await device(ctx.server, dave, transport);

      const group = await invite(caller, [bob, carol, nobody]);
      assert.deepEqual(group.invitees.map((i) => i.state), ['ringing', 'ringing', 'unreachable']);
      const declined = await emitAck(bobs, 'call_decline', { sessionId: group.sessionId, reason: 'declined' });
      assert.equal(declined.state, 'declined');
      assert.deepEqual(
        await waitFor(caller, 'invite_state', 5_000, (s) => s.userId === bob && s.state !== 'ringing'),
        { sessionId: group.sessionId, userId: bob, state: 'declined' },
      );
      assert.equal((await waitFor(carols, 'incoming_call_ended', (RING_TIMEOUT_S + 5) * 1000)).reason, 'missed');

      const second = await invite(caller, [dave]);
      const cancelled = await emitAck(caller, 'call_cancel', { sessionId: second.sessionId });
      assert.equal(cancelled.state, 'cancelled');
      assert.deepEqual(await waitFor(daves, 'incoming_call_ended'), { sessionId: second.sessionId, reason: 'cancelled' });
    });

    it('finds someone in a call busy, and a decline for busy is busy too', async () => {
      const bob = uid('bob');
      const carol = uid('carol');
      await joinUser(ctx.server, bob, uid('call'), { transport });
      const bobs = await device(ctx.server, bob, transport);
      const carols = await device(ctx.server, carol, transport);
      const caller = await device(ctx.server, uid('alice'), transport);

      const invited = await invite(caller, [bob, carol]);
      assert.deepEqual(invited.invitees, [{ userId: bob, state: 'busy' }, { userId: carol, state: 'ringing' }]);
      await expectNone(bobs, ['incoming_call']);
      await waitFor(carols, 'incoming_call');
      const declined = await emitAck(carols, 'call_decline', { sessionId: invited.sessionId, reason: 'busy' });
      assert.equal(declined.state, 'busy');
      assert.deepEqual(
        await waitFor(caller, 'invite_state', 5_000, (s) => s.userId === carol && s.state !== 'ringing'),
        { sessionId: invited.sessionId, userId: carol, state: 'busy' },
      );
    });

    it('makes one call of two people ringing each other', async () => {
      const alice = uid('alice');
      const bob = uid('bob');
      const alices = await device(ctx.server, alice, transport);
      const bobs = await device(ctx.server, bob, transport);
      const first = await invite(alices, [bob]);
      await waitFor(bobs, 'incoming_call');

      const second = await invite(bobs, [alice]);
      assert.equal(second.sessionId, first.sessionId);
      assert.deepEqual(second.invitees, [{ userId: alice, state: 'accepted' }]);
      await waitFor(alices, 'invite_state', 5_000, (s) => s.state === 'accepted');
      await expectNone(alices, ['incoming_call']);
    });

    it('lets someone in a call add a person, rung into the same call', async () => {
      const alice = uid('alice');
      const bob = uid('bob');
      const carol = uid('carol');
      const caller = await device(ctx.server, alice, transport);
      const bobs = await device(ctx.server, bob, transport);
      const carols = await device(ctx.server, carol, transport);
      const first = await invite(caller, [bob]);
      assert.equal((await emitAck(bobs, 'call_accept', { sessionId: first.sessionId })).ok, true);
      assert.equal((await emitAck(caller, 'join_call', { sessionId: first.sessionId })).ok, true);
      assert.equal((await emitAck(bobs, 'join_call', { sessionId: first.sessionId })).ok, true);

      const add = { to: [carol], sessionId: first.sessionId, media: 'audio', metadata: { name: 'Bob' } };
      const added = await invite(bobs, [carol], add);
      assert.equal(added.sessionId, first.sessionId);
      assert.notEqual(added.ringId, first.ringId);
      assert.equal(added.role, 'participant');
      assert.deepEqual(added.invitees, [{ userId: carol, state: 'ringing' }]);
      assert.deepEqual(await waitFor(carols, 'incoming_call'), {
        sessionId: first.sessionId,
        ringId: added.ringId,
        from: { userId: bob, metadata: { name: 'Bob' } },
        media: 'audio',
        invitees: [carol],
        expiresAt: added.expiresAt,
      });
      // A retry is the first answer; someone invited before, or a stranger to the call, is refused.
      assert.equal((await invite(bobs, [carol], add)).ringId, added.ringId);
      const twice = await emitAck(bobs, 'call_invite', { ...add, to: [uid('dave'), alice] });
      assert.equal(twice.error.code, 'ALREADY_INVITED', JSON.stringify(twice));
      const stranger = await device(ctx.server, uid('mallory'), transport);
      const conflict = await emitAck(stranger, 'call_invite', { ...add, to: [uid('erin')] });
      assert.equal(conflict.error.code, 'CONFLICT', JSON.stringify(conflict));

      assert.equal((await emitAck(carols, 'call_accept', { sessionId: first.sessionId })).state, 'accepted');
      for (const told of [bobs, caller]) {
        assert.deepEqual(
          await waitFor(told, 'invite_state', 5_000, (s) => s.userId === carol && s.state === 'accepted'),
          { sessionId: first.sessionId, userId: carol, state: 'accepted' },
        );
      }
      const joined = await emitAck(carols, 'join_call', { sessionId: first.sessionId });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      assert.equal(joined.self.role, 'participant');
      assert.deepEqual(joined.participants.map((p) => p.userId).sort(), [alice, bob].sort());
    });

    it('lets an app woken by a push answer over REST', async () => {
      const bob = uid('bob');
      const caller = await device(ctx.server, uid('alice'), transport);
      const phone = await device(ctx.server, bob, transport);
      const invited = await invite(caller, [bob]);
      const auth = { Authorization: `Bearer ${await userToken(ctx.server, bob)}` };

      const status = await ctx.server.http('GET', `/api/rings/${invited.sessionId}`, { headers: auth });
      assert.equal(status.status, 200, status.text);
      assert.equal(status.json.state, 'ringing');
      const accepted = await ctx.server.http('POST', `/api/rings/${invited.sessionId}/accept`, { headers: auth, body: {} });
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.json.state, 'accepted');
      assert.equal((await waitFor(phone, 'incoming_call_ended')).reason, 'answered_elsewhere');
      const again = await ctx.server.http('POST', `/api/rings/${invited.sessionId}/decline`, { headers: auth, body: {} });
      assert.equal(again.status, 409, again.text);
      assert.equal(again.json.error.code, 'CONFLICT');
    });

    it('refuses bad ringing events clearly and keeps the socket', async () => {
      const caller = await device(ctx.server, uid('alice'), transport);
      for (const [event, payload, code] of [
        ['call_invite', { to: [''], media: 'video' }, 'INVALID_PAYLOAD'],
        ['call_invite', { to: ['bob'], media: 'fax' }, 'INVALID_PAYLOAD'],
        ['call_accept', { sessionId: 'nope' }, 'RING_NOT_FOUND'],
        ['call_decline', { sessionId: 'nope', reason: 'later' }, 'INVALID_PAYLOAD'],
        ['call_cancel', 'nope', 'INVALID_PAYLOAD'],
      ]) {
        const ack = await emitAck(caller, event, payload);
        assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)}: ${JSON.stringify(ack)}`);
        assert.equal(ack.error.code, code, `${event}: ${JSON.stringify(ack)}`);
        assert.ok(ack.error.message.length > 0);
      }
      assert.equal(caller.connected, true);
    });

    it('drives the same flow through the SDK device connection', async () => {
      const alice = uid('alice');
      const bob = uid('bob');
      const options = { transports: [transport], forceNew: true, reconnection: false };
      const caller = new SecureVoxDevice({ url: ctx.server.url, token: await userToken(ctx.server, alice), socketOptions: options, io });
      const callee = new SecureVoxDevice({ url: ctx.server.url, token: () => userToken(ctx.server, bob), socketOptions: options, io });
      try {
        await Promise.all([caller, callee].map((d) => new Promise((resolve) => d.on('authenticated', resolve))));
        const incoming = new Promise((resolve) => callee.on('incomingCall', resolve));
        const states = [];
        const accepted = new Promise((resolve) => caller.on('inviteState', (s) => { states.push(s.state); if (s.state === 'accepted') resolve(); }));

        const invited = await caller.invite(bob, { media: 'audio' });
        assert.equal((await incoming).sessionId, invited.sessionId);
        const grant = await callee.accept(invited.sessionId);
        assert.equal(grant.sessionId, invited.sessionId);
        assert.ok(grant.token && grant.iceServers.length > 0);
        await accepted;
        assert.deepEqual(states, ['ringing', 'accepted']);
        await assert.rejects(callee.decline(invited.sessionId), (err) => err.code === 'CONFLICT');
      } finally {
        caller.close();
        callee.close();
      }
    });
  });
}
