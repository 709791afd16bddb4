// HTTPS and WSS on the server's own port (SECUREVOX_CALL_TLS_CERT / _KEY) with the official
// socket.io-client: a call over both transports, the API over HTTPS, TLS 1.2+ only.
// Certificates come from a throw-away CA made with openssl, as an operator would make them.

import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';

import { TRANSPORTS, claims, connect, emitAck, signJwt, uid, waitFor } from './helpers/client.mjs';
import { testCa } from './helpers/pki.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const pki = testCa();
after(() => rmSync(pki.dir, { recursive: true, force: true }));

describe('TLS on the server port', { timeout: 60_000 }, () => {
  let server;
  const ctx = serverForSuite({
    SECUREVOX_CALL_TLS_CERT: path.join(pki.dir, 'chain.pem'),
    SECUREVOX_CALL_TLS_KEY: path.join(pki.dir, 'leaf.key'),
  });
  before(() => {
    server = ctx.server;
  });

  const token = (userId, sessionId) => signJwt(server.jwtSecret, claims(userId, sessionId));

  it('serves the API over HTTPS with TLS 1.2 or 1.3', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await server.http('GET', '/health', { ca: pki.ca });
    assert.equal(res.status, 200);
    assert.equal(res.json.status, 'healthy');
    assert.ok(['TLSv1.3', 'TLSv1.2'].includes(res.tlsVersion), `negotiated ${res.tlsVersion}`);
  });

  it('refuses TLS 1.1 and older', async () => {
    const outcome = await new Promise((resolve) => {
      const socket = tls.connect({
        host: '127.0.0.1', port: server.port, ca: pki.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1',
      });
      socket.once('secureConnect', () => { socket.destroy(); resolve('connected'); });
      socket.once('error', (e) => resolve(e.code ?? e.message));
    });
    assert.notEqual(outcome, 'connected');
  });

  it('refuses a client that does not trust the certificate', async () => {
    const socket = connect(server.url, { token: token('mallory', uid('untrusted')) });
    const err = await waitFor(socket, 'connect_error');
    assert.ok(err, 'connect_error');
  });

  for (const transport of TRANSPORTS) {
    it(`holds a call over ${transport === 'websocket' ? 'wss://' : 'https:// long-polling'}`, async () => {
      const sessionId = uid('tls');
      const join = async (userId) => {
        const socket = connect(server.url, { transport, ca: pki.ca, token: token(userId, sessionId), name: userId });
        await waitFor(socket, 'authenticated');
        const ack = await emitAck(socket, 'join_call', { sessionId });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        return socket;
      };
      const alice = await join('alice');
      const bob = await join('bob');
      await waitFor(alice, 'participant_joined');
      const ack = await emitAck(alice, 'offer', { to: 'bob', sdp: { type: 'offer', sdp: 'v=0\r\n' } });
      assert.equal(ack.ok, true);
      const offer = await waitFor(bob, 'offer');
      assert.equal(offer.from, 'alice');
      assert.equal(offer.sdp.sdp, 'v=0\r\n');
    });
  }
});
