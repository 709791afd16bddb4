// deploy/nginx/securevox-call.conf as shipped, in front of two servers: Debian's nginx started by this test as its
// own process (never the system service), on free ports, with only its ports, upstream addresses and certificate
// paths substituted. Calls over WSS and HTTPS long-polling through it, /metrics refused, client addresses in the
// servers' logs believed only from the trusted proxy, a server given its calls' connections again as soon as it is
// back from a restart (nginx does not mark it down), and Socket.IO sent past a draining server.

import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { claims, close, connect, emitAck, signJwt, uid, waitFor } from './helpers/client.mjs';
import { startNginx } from './helpers/nginx.mjs';
import { testCa } from './helpers/pki.mjs';
import { httpRequest, startServer, waitUntil } from './helpers/server.mjs';

// Servers behind one proxy share their secrets: a token minted by one verifies on the other.
const JWT_SECRET = `nginx-test-jwt-secret-${process.pid}-0123456789abcdef`;

/** Who the server says joined: the remote= of its `join` line for this socket (connections are logged by Socket.IO id). */
function loggedRemote(server, socket) {
  const line = server.output.split('\n').find((l) => l.includes(`join connection=${socket.id} `));
  return line && /remote=([0-9A-Fa-f.:]+)/.exec(line)?.[1];
}

describe('nginx in front of two servers', { timeout: 120_000 }, () => {
  const pki = testCa();
  const servers = [];
  let nginx;
  let url;
  let plainUrl;

  const serverEnv = {
    SECUREVOX_CALL_JWT_SECRET: JWT_SECRET,
    SECUREVOX_CALL_BEHIND_PROXY: 'true',
    SECUREVOX_CALL_TRUSTED_PROXIES: '127.0.0.1/32',
  };

  before(async () => {
    for (let i = 0; i < 2; i++) servers.push(await startServer(serverEnv));
    nginx = await startNginx(servers, pki);
    ({ url, plainUrl } = nginx);
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(pki.dir, { recursive: true, force: true });
  });

  const token = (userId, sessionId) => signJwt(JWT_SECRET, claims(userId, sessionId));

  it('holds a call between a websocket and a long-polling client on one server', async () => {
    const sessionId = uid('nginx');
    const join = async (userId, transport) => {
      const socket = connect(url, {
        transport, ca: pki.ca, query: { call: sessionId }, name: `${userId}-${transport}`,
        token: token(userId, sessionId),
      });
      await waitFor(socket, 'authenticated');
      return socket;
    };
    const alice = await join('alice', 'websocket');
    const bob = await join('bob', 'polling');
    for (const socket of [alice, bob]) {
      const ack = await emitAck(socket, 'join_call', { sessionId });
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
    const home = servers.filter((s) => loggedRemote(s, alice));
    assert.equal(home.length, 1, 'alice connected to one server');
    assert.ok(loggedRemote(home[0], bob), 'bob on the same server as alice (routed by ?call=)');
    await waitFor(alice, 'participant_joined');
    for (let i = 0; i < 5; i++) {
      const sdp = `v=0\r\no=- ${i} 0 IN IP4 0.0.0.0\r\n`;
      assert.equal((await emitAck(alice, 'offer', { to: 'bob', sdp: { type: 'offer', sdp } })).ok, true);
      assert.equal((await waitFor(bob, 'offer')).sdp.sdp, sdp);
      assert.equal((await emitAck(bob, 'answer', { to: 'alice', sdp: { type: 'answer', sdp } })).ok, true);
      assert.equal((await waitFor(alice, 'answer')).sdp.sdp, sdp);
    }
    close(alice);
    close(bob);
  });

  it('refuses /metrics through the proxy, which the server itself serves', async () => {
    assert.equal((await httpRequest(`${url}/metrics`, 'GET', { ca: pki.ca })).status, 403);
    assert.equal((await httpRequest(`${url}/metrics?format=x`, 'GET', { ca: pki.ca })).status, 403);
    assert.equal((await servers[0].http('GET', '/metrics')).status, 200);
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const res = await httpRequest(`${plainUrl}/health?x=1`);
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, 'https://127.0.0.1/health?x=1');
  });

  it('logs the address nginx saw, not the one a client claims, and ignores claims sent past it', async () => {
    const spoofed = { 'X-Forwarded-For': '198.51.100.66' };
    const connectFrom = async (target, localAddress, ca) => {
      const sessionId = uid('ip');
      const socket = connect(target, {
        ca, localAddress, extraHeaders: spoofed, token: token('carol', sessionId), name: `${localAddress}->${target}`,
      });
      await waitFor(socket, 'authenticated');
      const ack = await emitAck(socket, 'join_call', { sessionId });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return socket;
    };
    const remoteOf = (socket) => servers.map((s) => loggedRemote(s, socket)).find(Boolean);

    const viaProxy = await connectFrom(url, '127.0.0.3', pki.ca);
    const direct = await connectFrom(servers[0].url, '127.0.0.3');
    const directFromProxyAddress = await connectFrom(servers[0].url, '127.0.0.1');

    assert.equal(remoteOf(viaProxy), '127.0.0.3', 'through nginx: the address nginx saw');
    assert.equal(remoteOf(direct), '127.0.0.3', 'straight from an untrusted peer: its own address');
    assert.equal(remoteOf(directFromProxyAddress), '198.51.100.66', 'from the trusted address the header is believed');
    for (const socket of [viaProxy, direct, directFromProxyAddress]) close(socket);
  });

  // Last: it drains one of the two servers.
  it('sends connections to each server as soon as it is back, also after both were restarted one after the other', async () => {
    // A socket of the call through nginx, authenticated (undefined when nginx answered no server, a 502).
    const open = async (sessionId, name) => {
      const socket = connect(url, { ca: pki.ca, query: { call: sessionId }, name, token: token(name, sessionId) });
      try {
        await waitFor(socket, 'authenticated', 5_000);
        assert.equal((await emitAck(socket, 'join_call', { sessionId })).ok, true);
        return socket;
      } catch {
        close(socket);
        return undefined;
      }
    };
    // A call routed to each server.
    const routed = [];
    for (let i = 0; routed.filter(Boolean).length < 2; i++) {
      assert.ok(i < 40, `${i} calls tried for one on each server`);
      const sessionId = uid('ring');
      const probe = await open(sessionId, 'probe');
      const home = servers.findIndex((sv) => loggedRemote(sv, probe));
      close(probe);
      routed[home] ??= sessionId;
    }
    const restart = async (i) => {
      servers[i] = await startServer({ ...serverEnv, SECUREVOX_CALL_PORT: String(servers[i].port) });
    };
    // A rolling restart: each server stops (its calls' clients reconnect meanwhile, three each, and stay connected,
    // as WebSockets do) and starts again on its port before the next one stops.
    const sockets = [];
    for (const i of [0, 1]) {
      await servers[i].stop();
      for (let k = 0; k < 3; k++) {
        const socket = await open(routed[i], `member${i}-${k}`);
        assert.ok(socket, `a client of ${routed[i]} connecting while server ${i} is stopped, attempt ${k + 1}`);
        assert.ok(loggedRemote(servers[1 - i], socket), `on server ${1 - i}`);
        sockets.push(socket);
      }
      await restart(i);
      // Back on its port, it gets its calls' new connections at once: nginx did not mark it down for the refusals.
      const back = await open(routed[i], `back${i}`);
      assert.ok(back, `a client of ${routed[i]} once server ${i} is back`);
      assert.ok(loggedRemote(servers[i], back), `on server ${i} again`);
      sockets.push(back);
    }
    sockets.forEach(close);
  });

  it('sends Socket.IO past a draining server, the later requests of a long-polling session too', async () => {
    const sessionId = uid('drain');
    const alice = connect(url, {
      ca: pki.ca, query: { call: sessionId }, name: 'alice-held', token: token('alice', sessionId),
    });
    await waitFor(alice, 'authenticated');
    assert.equal((await emitAck(alice, 'join_call', { sessionId })).ok, true);
    const home = servers.findIndex((s) => loggedRemote(s, alice));
    const other = servers[1 - home];
    // alice's call keeps it draining (one server, no Redis: it waits for the call to end).
    servers[home].signal('SIGTERM');
    await waitUntil(async () => (await servers[home].http('GET', '/ready')).status === 503,
      { timeoutMs: 10_000, message: 'the server draining' });

    // Routed by the same call, the session opens on the other server; every later GET and POST of it hashes to the
    // draining one first, which answers 503 for a session it does not hold, and nginx goes on to the other.
    const bob = connect(url, {
      transport: 'polling', ca: pki.ca, query: { call: sessionId }, name: 'bob-moved', token: token('bob', sessionId),
    });
    await waitFor(bob, 'authenticated');
    assert.equal((await emitAck(bob, 'join_call', { sessionId })).ok, true);
    assert.ok(loggedRemote(other, bob), 'bob on the server that is not draining');
    const carol = connect(url, {
      transport: 'polling', ca: pki.ca, query: { call: sessionId }, name: 'carol-moved', token: token('carol', sessionId),
    });
    await waitFor(carol, 'authenticated');
    assert.equal((await emitAck(carol, 'join_call', { sessionId })).ok, true);
    await waitFor(bob, 'participant_joined');
    for (let i = 0; i < 3; i++) {
      const sdp = `v=0\r\no=- ${i} 0 IN IP4 0.0.0.0\r\n`;
      assert.equal((await emitAck(bob, 'offer', { to: 'carol', sdp: { type: 'offer', sdp } })).ok, true);
      assert.equal((await waitFor(carol, 'offer')).sdp.sdp, sdp);
    }
    assert.ok(bob.connected && carol.connected, 'the polling sessions still open');
    for (const socket of [alice, bob, carol]) close(socket);
  });
});
