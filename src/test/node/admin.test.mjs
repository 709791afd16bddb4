// The admin dashboard over real HTTP: nothing answers without a session, sign-in rules and the failure limit, the
// cookie's attributes on the wire, CSRF refusals, sign-out, and the live calls event stream through the transport.
import assert from 'node:assert/strict';
import http from 'node:http';
import { before, describe, it } from 'node:test';

import { close, joinUser, uid, waitFor } from './helpers/client.mjs';
import { waitUntil } from './helpers/server.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const PASSWORD = 'node-admin-test-password-0123';
const APP_ORIGIN = 'https://app.example';

/** Reads a Server-Sent Events stream: `next(predicate)` resolves with the first event's data that matches. */
function openEvents(url, cookie) {
  const events = [];
  const waiters = [];
  let ended = false;
  let resolveHead;
  const head = new Promise((resolve) => {
    resolveHead = resolve;
  });
  const req = http.get(url, { headers: { cookie }, agent: false }, (res) => {
    resolveHead(res);
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) events.push(JSON.parse(data));
        for (const w of [...waiters]) w.check();
      }
    });
    res.on('end', () => {
      ended = true;
      for (const w of [...waiters]) w.check();
    });
  });
  req.on('error', () => {
    ended = true;
  });
  return {
    head,
    events,
    get ended() {
      return ended;
    },
    close: () => req.destroy(),
    /** The first event (from `from` on) matching `predicate`, within `ms`. */
    next(predicate, what, ms = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check() {
            const found = events.slice(from).find(predicate);
            if (found) {
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(waiter), 1);
              resolve(found);
            }
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event with ${what} within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.push(waiter);
        waiter.check();
      });
    },
    /** Resolves once the server has ended the stream. */
    async closed(ms = 10_000) {
      const deadline = Date.now() + ms;
      while (!ended) {
        if (Date.now() > deadline) throw new Error(`the stream stayed open for ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

describe('admin dashboard over HTTP', { timeout: 120_000 }, () => {
  let server;
  // CORS allows a browser app's origin for the REST API: the dashboard must still refuse it.
  const ctx = serverForSuite({ SECUREVOX_CALL_ADMIN_PASSWORD: PASSWORD, SECUREVOX_CALL_CORS_ORIGINS: APP_ORIGIN });
  before(() => {
    server = ctx.server;
  });
  const own = () => server.url; // http://127.0.0.1:<port>, the origin the server's own pages have
  const signIn = (secret, headers = { Origin: own() }) =>
    server.http('POST', '/admin/api/session', { headers, body: { secret } });
  const cookieOf = (response) => response.headers['set-cookie'][0].split(';')[0];

  it('without a session the pages redirect to the sign-in page and the JSON answers 401, even with the API key', async () => {
    for (const path of ['/admin', '/admin/']) {
      const page = await server.http('GET', path);
      assert.equal(page.status, 303, path);
      assert.equal(page.headers.location, '/admin/sign-in');
    }
    for (const path of ['/admin/admin.js', '/admin/timeline.js', '/admin/api/calls', '/admin/api/calls/events', '/admin/api/health']) {
      const res = await server.http('GET', path, { headers: { Authorization: `Bearer ${server.apiKey}` } });
      assert.equal(res.status, 401, `${path}: ${res.text}`);
      assert.equal(res.json.error.code, 'UNAUTHENTICATED');
    }
    const signInPage = await server.http('GET', '/admin/sign-in');
    assert.equal(signInPage.status, 200);
    assert.match(signInPage.text, /<label for="secret">/);
    assert.equal(signInPage.headers['x-frame-options'], 'DENY');
  });

  it('a wrong secret is refused with 401 and sets no cookie; the key and the password sign in', async () => {
    const wrong = await signIn('not-the-key');
    assert.equal(wrong.status, 401, wrong.text);
    assert.equal(wrong.headers['set-cookie'], undefined);
    for (const secret of [server.apiKey, PASSWORD]) {
      const res = await signIn(secret);
      assert.equal(res.status, 204, res.text);
      const calls = await server.http('GET', '/admin/api/calls', { headers: { Cookie: cookieOf(res) } });
      assert.equal(calls.status, 200, calls.text);
      assert.deepEqual(calls.json.calls, []);
    }
  });

  it('the cookie is HttpOnly, SameSite=Strict, scoped to /admin, and Secure when the client came over TLS', async () => {
    const plain = (await signIn(server.apiKey)).headers['set-cookie'];
    assert.equal(plain.length, 1);
    assert.match(plain[0], /^securevox_admin=[A-Za-z0-9_-]{43}; Path=\/admin; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    const tls = (await signIn(server.apiKey, { Origin: own(), 'X-Forwarded-Proto': 'https' })).headers['set-cookie'];
    assert.match(tls[0], /; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('CSRF: a sign-in or sign-out from another origin, even one CORS allows, is refused', async () => {
    for (const headers of [{ Origin: APP_ORIGIN }, { Origin: 'https://evil.example' }, { Origin: 'null' }, {}]) {
      const res = await signIn(server.apiKey, headers);
      assert.equal(res.status, 403, `${JSON.stringify(headers)}: ${res.text}`);
      assert.equal(res.headers['set-cookie'], undefined);
    }
    const cookie = cookieOf(await signIn(server.apiKey));
    const forged = await server.http('DELETE', '/admin/api/session', { headers: { Cookie: cookie, Origin: APP_ORIGIN } });
    assert.equal(forged.status, 403, forged.text);
    assert.equal(forged.json.error.code, 'FORBIDDEN');
    const read = await server.http('GET', '/admin/api/calls', { headers: { Cookie: cookie, Origin: APP_ORIGIN } });
    assert.equal(read.status, 403, 'a read naming another origin');
    assert.equal((await server.http('GET', '/admin/api/calls', { headers: { Cookie: cookie } })).status, 200);
  });

  it('signing out ends the session on the server: the old cookie opens nothing', async () => {
    const cookie = cookieOf(await signIn(PASSWORD));
    const out = await server.http('DELETE', '/admin/api/session', { headers: { Cookie: cookie, Origin: own() } });
    assert.equal(out.status, 204);
    assert.match(out.headers['set-cookie'][0], /^securevox_admin=; Path=\/admin; Max-Age=0; HttpOnly; SameSite=Strict/);
    assert.equal((await server.http('GET', '/admin/api/calls', { headers: { Cookie: cookie } })).status, 401);
    assert.equal((await server.http('GET', '/admin', { headers: { Cookie: cookie } })).status, 303);
  });

  it('the event stream shows a call within 2 s, a leave at once, and ends when the session does', async () => {
    const cookie = cookieOf(await signIn(server.apiKey));
    const stream = openEvents(`${server.url}/admin/api/calls/events`, cookie);
    try {
      const head = await stream.head;
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(head.headers['x-accel-buffering'], 'no');
      await stream.next((e) => Array.isArray(e.calls), 'the first list');

      const sessionId = uid('admin_call');
      const [ann, bob] = [uid('ann'), uid('bob')];
      const a = await joinUser(server, ann, sessionId);
      const b = await joinUser(server, bob, sessionId);
      const joinedAt = Date.now();
      const shown = await stream.next(
        (e) => e.calls.some((c) => c.sessionId === sessionId && c.participants.length === 2),
        `${sessionId} with two participants`,
      );
      assert.ok(Date.now() - joinedAt < 2_000, `shown ${Date.now() - joinedAt} ms after the second join (expected: < 2 s)`);
      const call = shown.calls.find((c) => c.sessionId === sessionId);
      assert.deepEqual(call.participants, [ann, bob]);
      assert.equal(call.media, 'mesh');

      const before = stream.events.length;
      b.socket.emit('leave_call', { sessionId });
      await stream.next(
        (e) => e.calls.some((c) => c.sessionId === sessionId && c.participants.join() === ann),
        `${bob} gone from ${sessionId}`,
        5_000,
        before,
      );
      close(a.socket);
      close(b.socket);

      await server.http('DELETE', '/admin/api/session', { headers: { Cookie: cookie, Origin: own() } });
      await stream.closed();
    } finally {
      stream.close();
    }
  });

  it('mute from the dashboard: the participant is asked and the stream shows it muted; another origin is refused', async () => {
    const cookie = cookieOf(await signIn(server.apiKey));
    const stream = openEvents(`${server.url}/admin/api/calls/events`, cookie);
    const sessionId = uid('admin_mute');
    const [ann, bob] = [uid('ann'), uid('bob')];
    const a = await joinUser(server, ann, sessionId);
    const b = await joinUser(server, bob, sessionId);
    try {
      const listed = await stream.next(
        (e) => e.calls.some((c) => c.sessionId === sessionId && c.participants.length === 2),
        `${sessionId} with two participants`,
      );
      assert.deepEqual(listed.calls.find((c) => c.sessionId === sessionId).audioMuted, []);
      const mutePath = `/admin/api/calls/${sessionId}/participants/${bob}/mute`;
      const forged = await server.http('POST', mutePath, {
        headers: { Cookie: cookie, Origin: APP_ORIGIN }, body: { kind: 'audio' },
      });
      assert.equal(forged.status, 403, forged.text);
      const anonymous = await server.http('POST', mutePath, {
        headers: { Origin: own(), Authorization: `Bearer ${server.apiKey}` }, body: { kind: 'audio' },
      });
      assert.equal(anonymous.status, 401, `the API key opens no admin route: ${anonymous.text}`);
      const before = stream.events.length;
      const asked = waitFor(b.socket, 'mute_request');
      const muted = await server.http('POST', mutePath, { headers: { Cookie: cookie, Origin: own() }, body: { kind: 'audio' } });
      assert.equal(muted.status, 200, muted.text);
      assert.equal(muted.json.participant.audioMuted, true);
      assert.deepEqual(await asked, { sessionId, kind: 'audio', by: 'api' });
      const shown = await stream.next(
        (e) => e.calls.some((c) => c.sessionId === sessionId && c.audioMuted.join() === bob),
        `${bob} muted in ${sessionId}`,
        5_000,
        before,
      );
      assert.deepEqual(shown.calls.find((c) => c.sessionId === sessionId).videoMuted, []);
      // Video beside audio: asked the same way, shown in videoMuted, audio left as it was.
      const beforeVideo = stream.events.length;
      const askedVideo = waitFor(b.socket, 'mute_request');
      const videoOff = await server.http('POST', mutePath, { headers: { Cookie: cookie, Origin: own() }, body: { kind: 'video' } });
      assert.equal(videoOff.status, 200, videoOff.text);
      assert.equal(videoOff.json.participant.videoMuted, true);
      assert.deepEqual(await askedVideo, { sessionId, kind: 'video', by: 'api' });
      const shownVideo = await stream.next(
        (e) => e.calls.some((c) => c.sessionId === sessionId && c.videoMuted.join() === bob),
        `${bob}'s video muted in ${sessionId}`,
        5_000,
        beforeVideo,
      );
      assert.deepEqual(shownVideo.calls.find((c) => c.sessionId === sessionId).audioMuted, [bob]);
      const wrongKind = await server.http('POST', mutePath, { headers: { Cookie: cookie, Origin: own() }, body: { kind: 'voice' } });
      assert.equal(wrongKind.status, 400, wrongKind.text);
      assert.equal(wrongKind.json.error.code, 'INVALID_PAYLOAD');
    } finally {
      stream.close();
      close(a.socket);
      close(b.socket);
    }
  });

  it('failed sign-ins are limited per address: past the burst 429, like a wrong API key', async () => {
    let limited;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const res = await signIn(`wrong-${i}`);
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 401);
    }
    assert.ok(limited, 'refused with 429 within 40 failures');
    assert.equal(limited.json.error.code, 'RATE_LIMITED');
    assert.equal((await signIn(server.apiKey)).status, 204, 'the right secret still signs in');
  });
});

describe('admin dashboard: history and webhook deliveries', { timeout: 120_000 }, () => {
  let server;
  // Webhooks to a port nobody listens on, retried for a second only: every event ends dead-lettered.
  const ctx = serverForSuite({
    SECUREVOX_CALL_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
    SECUREVOX_CALL_WEBHOOK_SECRET: 'node-admin-test-webhook-secret-0123',
    SECUREVOX_CALL_WEBHOOK_RETRY_WINDOW: '1s',
  });
  before(() => {
    server = ctx.server;
  });

  it('finds an ended call by user and date, and retries a dead delivery only from its own origin', async () => {
    const signedIn = await server.http('POST', '/admin/api/session', {
      headers: { Origin: server.url },
      body: { secret: server.apiKey },
    });
    const cookie = signedIn.headers['set-cookie'][0].split(';')[0];
    const get = (p) => server.http('GET', p, { headers: { Cookie: cookie } });

    const sessionId = uid('admin_hist');
    const ann = uid('ann');
    const a = await joinUser(server, ann, sessionId);
    a.socket.emit('leave_call', { sessionId });
    const since = Date.now() - 60_000;
    let found;
    await waitUntil(
      async () => {
        found = (await get(`/admin/api/history?userId=${ann}&from=${since}`)).json;
        return found?.calls?.length === 1 && found.calls[0].endedAt;
      },
      { timeoutMs: 15_000, intervalMs: 200, message: `${sessionId} in the history, ended` },
    );
    assert.equal(found.calls[0].sessionId, sessionId);
    assert.deepEqual((await get(`/admin/api/history?userId=${ann}&to=${since}`)).json.calls, [], 'before the call: none');
    close(a.socket);

    let dead;
    await waitUntil(
      async () => {
        dead = (await get('/admin/api/webhooks/deliveries?status=dead')).json.deliveries.find((d) => d.sessionId === sessionId);
        return dead;
      },
      { timeoutMs: 30_000, intervalMs: 200, message: `a dead-lettered delivery of ${sessionId}` },
    );
    const retryPath = `/admin/api/webhooks/deliveries/${dead.id}/retry`;
    const forged = await server.http('POST', retryPath, { headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    assert.equal(forged.status, 403, forged.text);
    const anonymous = await server.http('POST', retryPath, { headers: { Origin: server.url } });
    assert.equal(anonymous.status, 401, anonymous.text);
    const retried = await server.http('POST', retryPath, { headers: { Cookie: cookie, Origin: server.url } });
    assert.equal(retried.status, 200, retried.text);
    assert.deepEqual(retried.json, { id: dead.id, status: 'pending' });
  });
});
