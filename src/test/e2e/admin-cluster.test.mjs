// The admin dashboard of one node in headless Chromium, with two nodes on a private Redis and PostgreSQL: a call whose
// members are on the other node shows live with the node serving it, the operator mutes a participant there (the
// member is asked, the dashboard shows it muted) and ends the call; a node killed with kill -9 is named above the list
// as the one whose calls are missing. The health section has a row per node (the dead one unreachable); video is muted
// beside audio. Screenshots of both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, launchBrowser } from './helpers/browser.mjs';
import { close, connectAuthed, emitAck, uid, waitFor } from '../node/helpers/client.mjs';
import { startCluster } from '../node/helpers/cluster.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await startCluster({ nodes: 2 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

/** A member of `sessionId` connected straight to `node` (no load balancer in between). */
async function member(node, userId, sessionId) {
  const socket = await connectAuthed(node.server.url, cluster.token(userId, sessionId), { name: userId });
  const ack = await emitAck(socket, 'join_call', { sessionId });
  assert.equal(ack?.ok, true, `${userId} joins ${sessionId}: ${JSON.stringify(ack)}`);
  return socket;
}

test('the dashboard of one node shows and controls a call served by the other, and names a node that is gone', async () => {
  const [one, two] = cluster.nodes;
  const call = uid('admin_cluster');
  const [ann, bob] = [uid('ann'), uid('bob')];

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const admin = await context.newPage();
  const errors = [];
  admin.on('pageerror', (err) => errors.push(err.message));
  await admin.goto(`${two.server.url}/admin`);
  await admin.getByLabel('API key or admin password').fill(cluster.apiKey);
  await admin.keyboard.press('Enter');
  await admin.waitForSelector('body[data-stream="open"]', { timeout: 10_000 });
  // Named by the stream's first list, which comes just after it opens.
  await admin.locator('#node-id', { hasText: two.id }).waitFor({ timeout: 5_000 });

  const annSocket = await member(one, ann, call);
  const bobSocket = await member(one, bob, call);
  const row = admin.locator(`#calls-body tr[data-session-id="${call}"]`);
  await row.locator('.participant', { hasText: bob }).waitFor({ timeout: 5_000 });
  assert.equal(await row.locator('.badge.node').textContent(), one.id);
  assert.equal(await row.locator('.badge.node').getAttribute('title'), `Served by node ${one.id}`);
  assert.deepEqual(await row.locator('.participant-name').allTextContents(), [ann, bob]);
  assert.equal(await admin.isVisible('#nodes-missing'), false, 'every node answered');
  // The health section: a row per node, each with its own numbers (the first node serves the call).
  await admin.locator('#refresh-health').click();
  for (const node of [one, two]) {
    const healthRow = admin.locator(`#node-health tr[data-node="${node.id}"][data-status="healthy"]`);
    await healthRow.waitFor({ timeout: 5_000 });
    assert.match(await healthRow.locator('.node-version').textContent(), /^\S+$/);
    assert.match(await healthRow.locator('.node-uptime').textContent(), /^\d+:\d\d:\d\d$/);
    assert.match(await healthRow.locator('.node-connections').textContent(), /^\d+$/);
  }
  assert.equal(await admin.locator('#node-health tr[data-node="' + one.id + '"] .node-calls').textContent(), '1');
  assert.equal(await admin.locator('#node-health tr[data-node="' + two.id + '"] .node-calls').textContent(), '0');

  // Video, beside audio: the member is asked for its video and the dashboard shows it off; audio stays as it was.
  const askedVideo = waitFor(annSocket, 'mute_request');
  await admin.getByRole('button', { name: `Mute ${ann}'s video in ${call}` }).click();
  assert.deepEqual(await askedVideo, { sessionId: call, kind: 'video', by: 'api' });
  await row.locator(`.participant[data-user-id="${ann}"][data-video-muted="true"] .video-state`).waitFor({ timeout: 5_000 });
  assert.equal(await row.locator(`.participant[data-user-id="${ann}"]`).getAttribute('data-audio-muted'), 'false');
  assert.equal(await row.locator(`.participant[data-user-id="${ann}"] .video-state`).isVisible(), true);
  const videoOff = admin.getByRole('button', { name: `${ann}'s video is muted in ${call}` });
  assert.equal(await videoOff.isDisabled(), true);
  assert.equal(await videoOff.textContent(), 'Video off');

  const asked = waitFor(bobSocket, 'mute_request');
  const mute = admin.getByRole('button', { name: `Mute ${bob} in ${call}` });
  await mute.focus();
  await admin.keyboard.press('Enter');
  assert.deepEqual(await asked, { sessionId: call, kind: 'audio', by: 'api' });
  await row.locator(`.participant[data-user-id="${bob}"][data-audio-muted="true"] .mute-state`).waitFor({ timeout: 5_000 });
  assert.equal(await row.locator(`.participant[data-user-id="${ann}"]`).getAttribute('data-audio-muted'), 'false');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-cluster-muted.png'), fullPage: true });

  const ended = Promise.all([waitFor(annSocket, 'call_ended'), waitFor(bobSocket, 'call_ended')]);
  const end = admin.getByRole('button', { name: `End call ${call} for everyone` });
  await end.click();
  await end.click();
  for (const event of await ended) assert.equal(event.by, 'api');
  await row.waitFor({ state: 'detached', timeout: 5_000 });

  // Another call on the first node, which then dies: the page says whose calls are missing.
  const other = uid('admin_cluster_other');
  const carol = await member(one, uid('carol'), other);
  await admin.locator(`#calls-body tr[data-session-id="${other}"]`).waitFor({ timeout: 5_000 });
  one.server.signal('SIGKILL');
  const missing = admin.locator(`#nodes-missing li[data-node="${one.id}"]`);
  await missing.waitFor({ timeout: 10_000 });
  assert.match(await missing.textContent(), new RegExp(`^Calls of node ${one.id} are missing: node '${one.id}' at `));
  assert.equal(await admin.locator(`#calls-body tr[data-session-id="${other}"]`).count(), 0);
  // While the dead node is still listed, its health row says it does not answer, and why.
  await admin.locator('#refresh-health').click();
  const deadRow = admin.locator(`#node-health tr[data-node="${one.id}"][data-status="unreachable"]`);
  await deadRow.waitFor({ timeout: 10_000 });
  assert.match(await deadRow.locator('.node-state').textContent(), /^unreachable: /);
  assert.equal(await deadRow.locator('.node-version').textContent(), '—');
  assert.equal(await admin.locator(`#node-health tr[data-node="${two.id}"]`).getAttribute('data-status'), 'healthy');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-cluster-node-missing.png'), fullPage: true });
  assert.deepEqual(errors, []);
  for (const socket of [annSocket, bobSocket, carol]) close(socket);
  await context.close();
});
