// Six people on the demo page, their media through the server's SFU (Janus, managed): every page
// decodes the five others and hears them; mute, screen share and leave reach everyone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ARTIFACTS, eventually, expectAudioHeard, expectMediaFlowing, expectMediaMode, expectNoMeshPeers, join, openDemo, startSfuStack,
} from './helpers/browser.mjs';

const NAMES = ['Ann', 'Bob', 'Cleo', 'Dev', 'Eve', 'Finn'];
let stack;
let pages;
let ids;

before(async () => {
  stack = await startSfuStack();
  pages = [];
  ids = [];
  for (const name of NAMES) {
    const page = await openDemo(stack);
    ids.push(await join(page, name, 'six_party'));
    pages.push(page);
  }
});

after(async () => {
  await stack?.stop();
});

const tile = (page, userId, kind = 'camera') => page.locator(`.tile[data-user-id="${userId}"][data-kind="${kind}"]`);

test('the call is on the SFU, and every page decodes the five others\' video and hears their audio', async () => {
  await expectMediaMode(pages, 'sfu');
  await expectNoMeshPeers(pages);
  await expectMediaFlowing(pages, 5);
  await expectAudioHeard(pages);
  const stats = await stack.server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });
  assert.equal(stats.json.activeCalls.find((c) => c.sessionId === 'six_party')?.media, 'sfu', stats.text);
  const health = await stack.server.health();
  assert.equal(health.json.sfu?.status, 'up', health.text);
  assert.equal(health.json.sfu?.rooms, 1, health.text);
  for (const page of pages) {
    assert.equal(await page.locator('#media-mode').textContent(), '· media through the server (SFU)');
  }
  await pages[0].screenshot({ path: path.join(ARTIFACTS, 'sfu-six-party.png') });
});

test('a mute reaches the five others', async () => {
  await pages[2].click('#mute-audio');
  for (const page of pages.filter((_, i) => i !== 2)) {
    await tile(page, ids[2]).locator('.audio-muted').waitFor({ state: 'visible', timeout: 5_000 });
  }
  await pages[2].click('#mute-audio');
  for (const page of pages.filter((_, i) => i !== 2)) {
    await tile(page, ids[2]).locator('.audio-muted').waitFor({ state: 'hidden', timeout: 5_000 });
  }
});

test('a screen share reaches the five others through the SFU, and stopping it removes it', async () => {
  await pages[1].click('#share');
  for (const page of pages.filter((_, i) => i !== 1)) {
    await tile(page, ids[1], 'screen').waitFor({ timeout: 15_000 });
    await eventually(
      () => page.evaluate((id) => {
        const video = document.querySelector(`.tile[data-user-id="${id}"][data-kind="screen"] video`);
        return video.videoWidth > 0 && video.currentTime > 0;
      }, ids[1]),
      'the screen video playing',
    );
    assert.equal(await tile(page, ids[1], 'camera').count(), 1, 'the camera tile stays');
  }
  await pages[1].click('#share');
  for (const page of pages.filter((_, i) => i !== 1)) {
    await tile(page, ids[1], 'screen').waitFor({ state: 'detached', timeout: 15_000 });
  }
});

test('a leave reaches the five others, and the rest keep their media', async () => {
  await pages[5].click('#leave');
  const rest = pages.slice(0, 5);
  for (const page of rest) {
    await tile(page, ids[5]).waitFor({ state: 'detached', timeout: 10_000 });
    assert.match(await page.locator('#notice').textContent(), /Finn left\./);
  }
  await expectMediaFlowing(rest, 4);
  assert.deepEqual(pages.flatMap((p) => p.errors), []);
});
