// Sessions the server is done with are released, whatever their clients do (issue 11): polling
// clients that open a session and never come back, ones told to go that never fetch it, websocket
// clients that never CONNECT. `securevox_transport_sessions` counts every Engine.IO session held,
// closing ones included, so a leak shows there even when no socket is connected.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { joinUser, uid, waitFor } from './helpers/client.mjs';
import { openWebSocket } from './helpers/raw.mjs';
import { scrape, value } from './helpers/metrics.mjs';
import { startServer, waitUntil } from './helpers/server.mjs';

const SESSIONS = 'securevox_transport_sessions';
const ABANDONED = 100;

describe('abandoned sessions are released (SECUREVOX_CALL_AUTH_TIMEOUT=1s)', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ SECUREVOX_CALL_AUTH_TIMEOUT: '1s' });
  });
  after(async () => {
    await server?.stop();
  });

  const held = async () => value(await scrape(server), SESSIONS);

  it(`${ABANDONED} polling handshakes never followed up: all gone after the auth timeout and the close grace`, async () => {
    for (let i = 0; i < ABANDONED; i++) {
      const res = await server.http('GET', '/socket.io/?EIO=4&transport=polling');
      assert.equal(res.status, 200, res.text);
    }
    assert.ok((await held()) >= ABANDONED, `${SESSIONS} should count the ${ABANDONED} sessions`);
    // 1 s to CONNECT, then 2 s to fetch the close packet that nobody asks for
    await waitUntil(async () => (await held()) === 0, { timeoutMs: 8_000, message: `${SESSIONS} back to 0` });
  });

  it(`${ABANDONED / 10} websockets that never CONNECT are closed and released`, async () => {
    const sockets = [];
    for (let i = 0; i < ABANDONED / 10; i++) {
      const r = await openWebSocket(server, 'EIO=4&transport=websocket');
      assert.equal(r.outcome, 'open', `websocket ${i}: ${JSON.stringify({ ...r, ws: undefined })}`);
      sockets.push(r.ws);
    }
    await waitUntil(async () => (await held()) === 0, { timeoutMs: 5_000, message: `${SESSIONS} back to 0` });
    await waitUntil(() => sockets.every((s) => s.readyState === 3), { timeoutMs: 3_000, message: 'every websocket closed by the server' });
  });
});

describe('a websocket client that stops reading is cut off (slow consumer)', { timeout: 90_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({
      SECUREVOX_CALL_EVENT_RATE: '10000',
      SECUREVOX_CALL_EVENT_BURST: '100000',
      SECUREVOX_CALL_RECONNECT_GRACE: '0s',
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('past 4 × maxPayload unsent the server drops it, and the call sees it leave', async () => {
    const sessionId = uid('slow');
    const slowId = uid('slow');
    const { socket: slow } = await joinUser(server, slowId, sessionId, { transport: 'websocket' });
    const { socket: sender } = await joinUser(server, uid('sender'), sessionId, { transport: 'websocket' });
    await waitFor(slow, 'participant_joined');
    // The reader's TCP socket stops reading: the kernel buffers fill, then the server's outbound buffer.
    slow.io.engine.transport.ws._socket.pause();
    const sdp = `v=0\r\n${'a=x-filler:'.padEnd(4_000, 'x')}\r\n`;
    const left = waitFor(sender, 'participant_left', 60_000, (p) => p?.userId === slowId);
    // ~40 MB: more than loopback's socket buffers and the 4 MB bound together
    for (let i = 0; i < 10_000 && sender.connected; i++) {
      sender.emit('offer', { to: slowId, sdp: { type: 'offer', sdp } });
      if (i % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    const gone = await left;
    assert.equal(gone.userId, slowId);
    await waitUntil(async () => (await held()) <= 1, { timeoutMs: 10_000, message: 'the slow session released' });
  });

  const held = async () => value(await scrape(server), SESSIONS);
});
