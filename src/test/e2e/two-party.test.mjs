// Two people on the demo page in headless Chromium: real WebRTC media, mute, screen share,
// a socket drop that must not disturb the call, and leaving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaFlowing, join, openDemo, startStack } from './helpers/browser.mjs';

let stack;
let ann;
let bob;
let annId;
let bobId;

before(async () => {
  stack = await startStack();
  ann = await openDemo(stack);
  bob = await openDemo(stack);
  annId = await join(ann, 'Ann', 'two_party');
  bobId = await join(bob, 'Bob', 'two_party');
  // Everything a page's peers announce about leaving, for the socket-drop test.
  for (const page of [ann, bob]) {
    await page.evaluate(() => {
      window.seenLeft = [];
      window.demo.call.on('participantleft', (e) => window.seenLeft.push(e));
    });
  }
});

after(async () => {
  await stack?.stop();
});

const tile = (page, userId, kind = 'camera') => page.locator(`.tile[data-user-id="${userId}"][data-kind="${kind}"]`);

test('each page decodes the other\'s video and receives its audio, with names on the tiles', async () => {
  await expectMediaFlowing([ann, bob], 1);
  assert.equal(await tile(ann, bobId).locator('.name').textContent(), 'Bob');
  assert.equal(await tile(bob, annId).locator('.name').textContent(), 'Ann');
  await eventually(async () => (await tile(bob, annId).locator('.state').textContent()) === 'connected', 'state shown');
});

test('a mute shows on the other page, and an unmute clears it', async () => {
  const badge = tile(bob, annId).locator('.audio-muted');
  assert.equal(await badge.isVisible(), false);
  await ann.click('#mute-audio');
  await badge.waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await ann.evaluate(() => window.demo.call.localStream.getAudioTracks()[0].enabled), false);
  await ann.click('#mute-audio');
  await badge.waitFor({ state: 'hidden', timeout: 5_000 });
});

test('a screen share reaches the other page as a screen track, and stopping it removes the tile', async () => {
  await ann.click('#share');
  const screen = tile(bob, annId, 'screen');
  await screen.waitFor({ timeout: 10_000 });
  await eventually(
    () => bob.evaluate((id) => {
      const video = document.querySelector(`.tile[data-user-id="${id}"][data-kind="screen"] video`);
      return video.videoWidth > 0 && video.currentTime > 0;
    }, annId),
    'the screen video playing on the other page',
  );
  assert.match(await screen.locator('.name').textContent(), /\(screen\)$/);
  assert.equal(await tile(bob, annId, 'camera').count(), 1, 'the camera tile stays');

  await ann.click('#share');
  await screen.waitFor({ state: 'detached', timeout: 10_000 });
});

test('a dropped socket re-joins within the grace: media keeps flowing, nobody sees a leave', async () => {
  const connection = () => ann.evaluate((id) => window.demo.call.peer(id).pc.connectionState, bobId);
  assert.equal(await connection(), 'connected');
  await ann.evaluate(() => {
    window.samePc = window.demo.call.peer(Object.keys(Object.fromEntries(window.demo.call.participants))[0]).pc;
    window.rejoined = new Promise((resolve) => window.demo.call.on('reconnected', resolve));
    window.demo.call.dropSocket();
  });
  await ann.evaluate(() => window.rejoined);

  await expectMediaFlowing([ann, bob], 1);
  assert.deepEqual(await bob.evaluate(() => window.seenLeft), []);
  assert.deepEqual(await ann.evaluate(() => window.seenLeft), []);
  assert.equal(await connection(), 'connected');
  assert.equal(await ann.evaluate((id) => window.demo.call.peer(id).pc === window.samePc, bobId), true, 'media not torn down');
});

test('the SDK\'s quality reports from Chromium\'s real getStats are accepted and show in GET quality', async () => {
  const headers = { Authorization: `Bearer ${stack.server.apiKey}` };
  const quality = await eventually(async () => {
    const res = await stack.server.http('GET', '/api/calls/two_party/quality', { headers });
    const withMos = (res.json?.participants ?? []).filter((p) => p.points.some((point) => point.mos !== null));
    return res.status === 200 && withMos.length === 2 ? res.json : { ok: false, status: res.status, text: res.text };
  }, 'both pages\' reports with a MOS', 30_000);
  for (const participant of quality.participants) {
    const point = participant.points.at(-1);
    assert.ok(point.rttMs >= 0 && point.rttMs < 1000, `rtt of ${JSON.stringify(point)}`);
    assert.ok(['host', 'srflx', 'prflx', 'relay'].includes(point.candidateType), `candidate of ${JSON.stringify(point)}`);
    assert.equal(point.codec, 'opus');
    // On the loopback nothing is lost: the E-model's MOS is near its 4.4 ceiling.
    assert.ok(participant.mos > 4.3, `MOS of ${JSON.stringify(participant)}`);
    assert.equal(participant.grade, 'excellent');
  }
  assert.equal(quality.grade, 'excellent');
});

test('leaving removes the tile on the other page, which then says it is alone', async () => {
  await bob.click('#leave');
  await tile(ann, bobId).waitFor({ state: 'detached', timeout: 10_000 });
  await eventually(async () => {
    const text = await ann.locator('#notice').textContent();
    return text === 'You are alone in the call.' ? true : { ok: false, text };
  }, 'the alone notice');
  assert.deepEqual(await ann.evaluate(() => window.seenLeft.map((e) => e.reason)), ['left']);
  assert.deepEqual([...ann.errors, ...bob.errors], []);
});
