// The SFU extension with the official socket.io-client (docs/protocol.md, "Group calls through the
// SFU"), against a server running a managed Janus: who is told the media mode, what an SFU event
// outside an SFU call gets, what a bad SDP gets, and that clients that never declare the SFU keep
// a call of three on the mesh.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { connectUser, emitAck, expectNone, joinUser, uid, waitFor } from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

async function joinCapable(server, userId, sessionId) {
  const socket = await connectUser(server, userId, sessionId);
  const mode = waitFor(socket, 'media_mode');
  const ack = await emitAck(socket, 'join_call', { sessionId, capabilities: ['sfu'] });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return { socket, mode: await mode };
}

describe('the SFU extension', () => {
  const ctx = serverForSuite({ SECUREVOX_CALL_SFU: 'managed' });

  it('a client that declared the SFU is told the mode; one that did not is never told', async () => {
    const call = uid('call');
    const legacy = await joinUser(ctx.server, uid('old'), call);
    const { socket, mode } = await joinCapable(ctx.server, uid('new'), call);
    assert.deepEqual(mode, { sessionId: call, mode: 'mesh' });
    await expectNone(legacy.socket, ['media_mode', 'sfu_offer', 'active_speakers']);
    socket.disconnect();
    legacy.socket.disconnect();
  });

  it('three capable clients move to the SFU; a third that is not keeps the call a mesh', async () => {
    const sfuCall = uid('call');
    const a = await joinCapable(ctx.server, uid('a'), sfuCall);
    const b = await joinCapable(ctx.server, uid('b'), sfuCall);
    const toSfu = [waitFor(a.socket, 'media_mode'), waitFor(b.socket, 'media_mode')];
    const c = await joinCapable(ctx.server, uid('c'), sfuCall);
    assert.deepEqual(c.mode, { sessionId: sfuCall, mode: 'sfu' });
    for (const mode of await Promise.all(toSfu)) assert.deepEqual(mode, { sessionId: sfuCall, mode: 'sfu' });
    const stats = await ctx.server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${ctx.server.apiKey}` } });
    assert.equal(stats.json.activeCalls.find((x) => x.sessionId === sfuCall).media, 'sfu');

    // An SDP Janus cannot use: refused with its reason, the call goes on.
    const bad = await emitAck(a.socket, 'sfu_publish', { sdp: { type: 'offer', sdp: SDP } });
    assert.equal(bad.ok, false, JSON.stringify(bad));
    assert.equal(bad.error.code, 'INVALID_PAYLOAD', JSON.stringify(bad));

    const meshCall = uid('call');
    const d = await joinCapable(ctx.server, uid('d'), meshCall);
    const e = await joinCapable(ctx.server, uid('e'), meshCall);
    const f = await joinUser(ctx.server, uid('f'), meshCall);
    await expectNone(d.socket, ['media_mode'], 1_000);
    await expectNone(e.socket, ['media_mode'], 1_000);
    // An SFU event in a mesh call is refused, naming why.
    const refused = await emitAck(d.socket, 'sfu_publish', { sdp: { type: 'offer', sdp: SDP } });
    assert.equal(refused.error?.code, 'NOT_IN_CALL', JSON.stringify(refused));
    assert.match(refused.error.message, /mesh \(expected: sfu\)/);
    for (const s of [a, b, c, d, e, f]) s.socket.disconnect();
  });

  it('SFU events are checked like the others, and need a call', async () => {
    const socket = await connectUser(ctx.server, uid('u'), uid('call'));
    const noCall = await emitAck(socket, 'sfu_answer', { sdp: { type: 'answer', sdp: SDP } });
    assert.equal(noCall.error?.code, 'NOT_IN_CALL', JSON.stringify(noCall));
    const bad = await emitAck(socket, 'sfu_candidate', { link: 'sideways', candidate: null });
    assert.equal(bad.error?.code, 'INVALID_PAYLOAD');
    assert.match(bad.error.message, /^link: 'sideways' \(expected: "publisher" or "subscriber"\)$/);
    socket.disconnect();
  });
});
