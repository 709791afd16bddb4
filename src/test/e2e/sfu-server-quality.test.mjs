// The server's own view of an SFU call's quality: with the managed Janus (its Admin API on loopback), the server reads
// each publisher's statistics every 5 s and keeps them as `source: server` points beside the clients' reports, read
// back through GET /api/calls/{id}/quality; /health says the Admin API is up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';

let stack;

before(async () => {
  stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: 'sfu' });
});

after(async () => {
  await stack?.stop();
});

const api = (path) => stack.server.http('GET', path, { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });

test('a browser publishing to the SFU gets server points (its upload as Janus receives it) beside its client points', async () => {
  const ann = await openDemo(stack, 'res=320x240');
  const ben = await openDemo(stack, 'res=320x240');
  const annId = await join(ann, 'Ann', 'server_view');
  await join(ben, 'Ben', 'server_view');
  await expectMediaMode([ann, ben], 'sfu');
  await expectMediaFlowing([ann, ben], 1);

  const health = await api('/health');
  assert.equal(health.json.sfu.adminApi, 'up', JSON.stringify(health.json.sfu));

  const points = await eventually(async () => {
    const res = await api('/api/calls/server_view/quality');
    if (res.status !== 200) return { ok: false, status: res.status };
    const mine = res.json.participants.find((p) => p.userId === annId)?.points ?? [];
    const server = mine.filter((p) => p.source === 'server');
    const client = mine.filter((p) => p.source === 'client');
    // A round may come before Ann's media reached Janus (0 kbit/s then); two with her media, the second with the
    // loss of the interval since the first.
    const flowing = server.filter((p) => p.outboundKbps > 0);
    return flowing.length >= 2 && client.length >= 1 && flowing.some((p) => p.lossRatio !== null)
      ? { server, flowing, client } : { ok: false, server: server.length, client: client.length };
  }, "server and client points of Ann's", 40_000);

  for (const p of points.server) {
    assert.ok(p.outboundKbps >= 0, JSON.stringify(p));
    assert.equal(p.inboundKbps, null);
    assert.equal(p.candidateType, null);
  }
  const withLoss = points.flowing.find((p) => p.lossRatio !== null);
  assert.ok(withLoss.lossRatio >= 0 && withLoss.lossRatio <= 1, JSON.stringify(withLoss));
  assert.ok(withLoss.packetsLost >= 0);
  assert.ok(points.client.every((p) => p.source === 'client'));

  // The admin call page: a dashed "server view" line of each publisher's beside its client's, named in the legend.
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const admin = await context.newPage();
  const errors = [];
  admin.on('pageerror', (err) => errors.push(err.message));
  await admin.goto(`${stack.server.url}/admin`);
  await admin.getByLabel('API key or admin password').fill(stack.server.apiKey);
  await admin.keyboard.press('Enter');
  await admin.waitForURL(`${stack.server.url}/admin`);
  await admin.fill('#quality-call', 'server_view');
  await admin.locator('#quality-form').evaluate((form) => form.requestSubmit());
  const sent = admin.locator('#quality-charts[data-session-id="server_view"] figure.chart[data-metric="outboundKbps"]');
  await sent.waitFor({ timeout: 10_000 });
  assert.equal(await sent.getAttribute('data-server-series'), '2', 'a server line per publisher');
  const legend = await sent.locator('.u-legend').textContent();
  assert.ok(legend.includes(`${annId} (server view)`), legend);
  assert.deepEqual(errors, []);
  await context.close();
  await ann.context().close();
  await ben.context().close();
});
