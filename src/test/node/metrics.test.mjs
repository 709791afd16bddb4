// GET /metrics: Prometheus text format read with a real parser, the bearer token, every metric
// the server promises, and values that move as a call happens.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { close, closeAll, connect, emitAck, joinUser, uid, waitFor } from './helpers/client.mjs';
import { count, scrape, value } from './helpers/metrics.mjs';
import { REPO_ROOT, startServer, waitUntil } from './helpers/server.mjs';

const TOKEN = 'metrics-test-token-0123456789';

/** The names the server exports (the dashboard test checks its queries against the same list). */
export const EXPORTED = [
  'securevox_active_calls',
  'securevox_connected_sockets',
  'securevox_authenticated_users',
  'securevox_joins_total',
  'securevox_leaves_total',
  'securevox_call_duration_seconds',
  'securevox_relayed_messages_total',
  'securevox_auth_failures_total',
  'securevox_rate_limited_total',
  'securevox_http_requests_total',
  'securevox_signaling_handle_seconds',
  'securevox_history_dropped_total',
  'securevox_turn_credentials_minted_total',
  'securevox_sfu_up',
  'securevox_sfu_restarts_total',
  'securevox_sfu_rooms',
  'securevox_sfu_publishers',
  'securevox_sfu_subscribers',
  'jvm_memory_used_bytes',
  'jvm_threads_live_threads',
  'netty_allocator_memory_used',
  'netty_eventexecutor_tasks_pending',
];

describe('GET /metrics', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({ SECUREVOX_CALL_RECONNECT_GRACE: '0s', SECUREVOX_CALL_METRICS_TOKEN: TOKEN });
  });
  after(async () => {
    if (server) closeAll({ server, persistent: true });
    await server?.stop();
  });

  it('asks for the bearer token when one is configured', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token' }, { Authorization: `Bearer ${server.apiKey}` }]) {
      const res = await server.http('GET', '/metrics', { headers });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(res.json.error.code, 'UNAUTHENTICATED');
    }
    const res = await server.http('GET', '/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  });

  it('exports every promised metric, histograms as histograms', async () => {
    const families = await scrape(server, TOKEN);
    for (const name of EXPORTED) assert.ok(families.has(name), `missing ${name}`);
    assert.equal(families.get('securevox_call_duration_seconds').type, 'HISTOGRAM');
    assert.equal(families.get('securevox_signaling_handle_seconds').type, 'HISTOGRAM');
    assert.equal(families.get('securevox_joins_total').type, 'COUNTER');
    assert.equal(families.get('securevox_active_calls').type, 'GAUGE');
    for (const reason of ['left', 'disconnected', 'replaced', 'drained', 'kicked', 'ended_by_host']) {
      assert.ok(
        families.get('securevox_leaves_total').metrics.some((m) => m.labels.reason === reason),
        `leaves_total{reason="${reason}"} shown before it happens`,
      );
    }
  });

  it('moves as a call happens', async () => {
    const before = await scrape(server, TOKEN);
    const call = uid('call');
    const alice = uid('alice');
    const bob = uid('bob');

    const a = await joinUser(server, alice, call);
    const b = await joinUser(server, bob, call, { transport: 'polling' });
    await waitFor(a.socket, 'participant_joined');
    assert.deepEqual(await emitAck(a.socket, 'offer', { to: bob, sdp: { type: 'offer', sdp: 'v=0' } }), { ok: true });
    await waitFor(b.socket, 'offer');

    const during = await scrape(server, TOKEN);
    assert.equal(value(during, 'securevox_active_calls'), value(before, 'securevox_active_calls') + 1);
    assert.ok(value(during, 'securevox_connected_sockets') >= 2);
    assert.ok(value(during, 'securevox_authenticated_users') >= 2);
    assert.equal(value(during, 'securevox_joins_total'), value(before, 'securevox_joins_total') + 2);
    assert.equal(
      value(during, 'securevox_relayed_messages_total', { type: 'offer' }),
      value(before, 'securevox_relayed_messages_total', { type: 'offer' }) + 1,
    );
    assert.ok(
      count(during, 'securevox_signaling_handle_seconds') >= count(before, 'securevox_signaling_handle_seconds') + 3,
      'join_call twice and an offer, at least',
    );
    assert.ok(
      value(during, 'securevox_http_requests_total', { route: '/api/call/token', code: '200' }) >=
        value(before, 'securevox_http_requests_total', { route: '/api/call/token', code: '200' }) + 2,
    );

    assert.deepEqual(await emitAck(b.socket, 'leave_call', { sessionId: call }), { ok: true });
    await waitFor(a.socket, 'participant_left');
    close(a.socket); // no grace: alice is disconnected at once, and the call ends

    await waitUntil(
      async () => value(await scrape(server, TOKEN), 'securevox_active_calls') === value(before, 'securevox_active_calls'),
      { message: 'the call to end' },
    );
    const afterCall = await scrape(server, TOKEN);
    for (const reason of ['left', 'disconnected']) {
      assert.equal(
        value(afterCall, 'securevox_leaves_total', { reason }),
        value(before, 'securevox_leaves_total', { reason }) + 1,
        reason,
      );
    }
    assert.equal(
      count(afterCall, 'securevox_call_duration_seconds'),
      count(before, 'securevox_call_duration_seconds') + 1,
    );
    assert.equal(value(afterCall, 'securevox_history_dropped_total'), 0);
  });

  it('counts failed authentications by code', async () => {
    const before = await scrape(server, TOKEN);
    const socket = connect(server.url, { token: 'not.a.jwt' });
    await waitFor(socket, 'connect_error');
    close(socket);
    const afterFailure = await scrape(server, TOKEN);
    assert.equal(
      value(afterFailure, 'securevox_auth_failures_total', { code: 'INVALID_TOKEN' }),
      value(before, 'securevox_auth_failures_total', { code: 'INVALID_TOKEN' }) + 1,
    );
  });

  it('backs every query of the Grafana dashboard (deploy/grafana/securevox-call.json)', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy', 'grafana', 'securevox-call.json'), 'utf8'));
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets || []).map((t) => t.expr));
    exprs.push(...dashboard.templating.list.map((v) => v.definition));
    assert.ok(exprs.length >= 10, `queries: ${exprs.length}`);
    const families = await scrape(server, TOKEN);
    const used = new Set();
    for (const expr of exprs) {
      // Metric names: identifiers of our families, outside label matchers and strings.
      const bare = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}');
      for (const [name] of bare.matchAll(/\b(?:securevox|jvm|netty|process)_[a-zA-Z0-9_]+/g)) {
        const histogram = name.match(/^(.*)_(bucket|sum|count)$/);
        const family = histogram && families.get(histogram[1])?.type === 'HISTOGRAM' ? histogram[1] : name;
        assert.ok(families.has(family), `${name} in "${expr}" is not exported`);
        used.add(family);
      }
    }
    for (const name of [
      'securevox_active_calls',
      'securevox_authenticated_users',
      'securevox_joins_total',
      'securevox_leaves_total',
      'securevox_call_duration_seconds',
      'securevox_auth_failures_total',
      'securevox_signaling_handle_seconds',
      'securevox_history_dropped_total',
    ]) {
      assert.ok(used.has(name), `the dashboard shows nothing of ${name}`);
    }
    assert.ok(
      exprs.some((e) => /histogram_quantile\(0\.9\d*, .*securevox_call_duration_seconds_bucket/.test(e)),
      'call-duration percentiles',
    );
  });
});

describe('GET /metrics with TURN configured', { timeout: 60_000 }, () => {
  let server;
  before(async () => {
    server = await startServer({
      SECUREVOX_CALL_TURN_URLS: 'turn:turn.example.com:3478?transport=udp',
      SECUREVOX_CALL_TURN_SECRET: 'metrics-test-turn-secret-0123456789',
    });
  });
  after(async () => {
    if (server) closeAll({ server, persistent: true });
    await server?.stop();
  });

  it('counts the TURN credentials minted', async () => {
    const before = value(await scrape(server), 'securevox_turn_credentials_minted_total');
    const sessionId = uid('turn');
    const alice = await joinUser(server, 'alice', sessionId);
    const after = value(await scrape(server), 'securevox_turn_credentials_minted_total');
    // One for the token response, one for the join (its ack and call_joined share it).
    assert.equal(after - before, 2);
    close(alice);
  });
});
