// CORS (SECUREVOX_CALL_CORS_ORIGINS=https://app.example.com): Socket.IO handshakes and the REST
// API refuse other browser origins; the allowed origin and requests without Origin work. Also
// the production default (no CORS_ORIGINS: same origin only).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import {
  closeAll,
  connect,
  expectConnected,
  expectNone,
  mintToken,
  refusalStatus,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { startServer } from './helpers/server.mjs';

const ALLOWED = 'https://app.example.com';
const EVIL = 'https://evil.example';

function assertForbidden(res) {
  assert.equal(res.status, 403, `status; body: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.json?.error?.code, 'FORBIDDEN', res.text);
  assert.equal(typeof res.json.error.message, 'string');
  assert.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS grant for a refused origin');
}

describe(`CORS (SECUREVOX_CALL_CORS_ORIGINS=${ALLOWED})`, { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ SECUREVOX_CALL_CORS_ORIGINS: ALLOWED, SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
  });
  after(async () => {
    if (server) closeAll({ server, persistent: true });
    await server?.stop();
  });
  afterEach(() => server && closeAll({ server }));

  for (const transport of TRANSPORTS) {
    describe(`Socket.IO over ${transport}`, () => {
      it(`a handshake with Origin ${EVIL} is refused`, async () => {
        const { token } = await mintToken(server, uid('u'), uid('call'));
        const socket = connect(server.url, { transport, token, extraHeaders: { Origin: EVIL } });
        const err = await waitFor(socket, 'connect_error');
        assert.equal(refusalStatus(err), 403, `refused with 403: ${err.message} ${err.description?.message ?? err.description}`);
        await expectNone(socket, ['connect', 'authenticated'], 100);
        assert.equal(socket.connected, false);
      });

      it(`a handshake with Origin ${ALLOWED} works`, async () => {
        const userId = uid('u');
        const { token } = await mintToken(server, userId, uid('call'));
        const socket = connect(server.url, { transport, token, extraHeaders: { Origin: ALLOWED } });
        await expectConnected(socket);
        assert.equal((await waitFor(socket, 'authenticated')).userId, userId);
      });

      it('a handshake without Origin (native app) works', async () => {
        const userId = uid('u');
        const { token } = await mintToken(server, userId, uid('call'));
        const socket = connect(server.url, { transport, token });
        await expectConnected(socket);
        assert.equal((await waitFor(socket, 'authenticated')).userId, userId);
      });
    });
  }

  describe('Engine.IO handshake over raw HTTP', () => {
    it(`GET /socket.io/?EIO=4&transport=polling with Origin ${EVIL} is 403`, async () => {
      const res = await server.http('GET', '/socket.io/?EIO=4&transport=polling', { headers: { Origin: EVIL } });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    it(`GET /socket.io/?EIO=4&transport=polling with Origin ${ALLOWED} is granted`, async () => {
      const res = await server.http('GET', '/socket.io/?EIO=4&transport=polling', { headers: { Origin: ALLOWED } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
    });
  });

  describe('REST API', () => {
    it(`GET /health with Origin ${EVIL}: 403 JSON error FORBIDDEN`, async () => {
      assertForbidden(await server.http('GET', '/health', { headers: { Origin: EVIL } }));
    });

    it(`POST /api/call/token with a valid key but Origin ${EVIL}: 403`, async () => {
      assertForbidden(
        await server.http('POST', '/api/call/token', {
          headers: { Origin: EVIL, Authorization: `Bearer ${server.apiKey}` },
          body: { userId: 'u1', sessionId: 'c1' },
        }),
      );
    });

    it(`GET /health with Origin ${ALLOWED}: 200 with Access-Control-Allow-Origin and credentials`, async () => {
      const res = await server.http('GET', '/health', { headers: { Origin: ALLOWED } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'healthy');
      assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
    });

    it('GET /health without Origin: 200, no CORS headers needed', async () => {
      const res = await server.http('GET', '/health');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'healthy');
    });

    it(`preflight OPTIONS /api/call/token from ${ALLOWED} allows GET, POST with Authorization and Content-Type`, async () => {
      const res = await server.http('OPTIONS', '/api/call/token', {
        headers: {
          Origin: ALLOWED,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      assert.ok(res.status === 200 || res.status === 204, `preflight status ${res.status}: ${res.text}`);
      assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
      const methods = String(res.headers['access-control-allow-methods'] || '').toUpperCase();
      assert.ok(methods.includes('GET') && methods.includes('POST'), `allow-methods: ${methods}`);
      const headers = String(res.headers['access-control-allow-headers'] || '').toLowerCase();
      assert.ok(headers.includes('authorization') && headers.includes('content-type'), `allow-headers: ${headers}`);
    });

    it(`preflight OPTIONS /api/call/token from ${EVIL} is 403`, async () => {
      const res = await server.http('OPTIONS', '/api/call/token', {
        headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
    });

    it(`POST /api/call/token from ${ALLOWED} works and is granted`, async () => {
      const res = await server.http('POST', '/api/call/token', {
        headers: { Origin: ALLOWED, Authorization: `Bearer ${server.apiKey}` },
        body: { userId: 'u1', sessionId: 'c1' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['access-control-allow-origin'], ALLOWED);
    });
  });
});

describe('CORS production default (no SECUREVOX_CALL_CORS_ORIGINS): same origin only', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
  });
  after(async () => {
    if (server) closeAll({ server, persistent: true });
    await server?.stop();
  });
  afterEach(() => server && closeAll({ server }));

  it('a foreign Origin is refused on the REST API', async () => {
    assertForbidden(await server.http('GET', '/health', { headers: { Origin: ALLOWED } }));
  });

  for (const transport of TRANSPORTS) {
    it(`[${transport}] a foreign Origin is refused on the Socket.IO handshake; no Origin works`, async () => {
      const { token } = await mintToken(server, uid('u'), uid('call'));
      const refused = connect(server.url, { transport, token, extraHeaders: { Origin: ALLOWED } });
      assert.equal(refusalStatus(await waitFor(refused, 'connect_error')), 403);
      const ok = connect(server.url, { transport, token });
      await expectConnected(ok);
      await waitFor(ok, 'authenticated');
    });
  }

  // PROTOCOL.md §1: production default is "none (same origin only)": a page served from the
  // server's own origin (e.g. behind the same host name) sends Origin = that origin.
  it("the server's own origin is allowed on the REST API (contract: same origin only)", async () => {
    const res = await server.http('GET', '/health', { headers: { Origin: server.url } });
    assert.equal(res.status, 200, res.text);
  });

  for (const transport of TRANSPORTS) {
    it(`[${transport}] the server's own origin is allowed on the Socket.IO handshake (contract: same origin only)`, async () => {
      const userId = uid('u');
      const { token } = await mintToken(server, userId, uid('call'));
      const socket = connect(server.url, { transport, token, extraHeaders: { Origin: server.url } });
      await expectConnected(socket);
      assert.equal((await waitFor(socket, 'authenticated')).userId, userId);
    });
  }
});
