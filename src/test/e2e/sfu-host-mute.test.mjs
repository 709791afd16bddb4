// A host's mute in a call on the SFU: the server also tells Janus to stop forwarding the muted
// track (VideoRoom `moderate`), so the others stop receiving it whatever the muted client does;
// when the participant unmutes itself, the track flows again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaFlowing, expectMediaMode, join, mediaStats, openDemo, startSfuStack } from './helpers/browser.mjs';

const CALL = 'host_mute_call';
let stack;
const pages = [];
const ids = [];

before(async () => {
  stack = await startSfuStack();
  for (const name of ['Ann', 'Bob', 'Cid']) {
    const page = await openDemo(stack);
    ids.push(await join(page, name, CALL));
    pages.push(page);
  }
});

after(async () => {
  await stack?.stop();
});

/** What `page` received of `userId` so far: video frames decoded and audio bytes. */
async function of(page, userId) {
  return (await mediaStats(page))[userId] ?? { framesDecoded: 0, audioBytes: 0 };
}

/** How much of `userId`'s media `page` received over `ms`. */
async function growth(page, userId, ms) {
  const start = await of(page, userId);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const end = await of(page, userId);
  return { frames: end.framesDecoded - start.framesDecoded, audioBytes: end.audioBytes - start.audioBytes };
}

test('the backend mutes Ann on the SFU: Bob and Cid stop receiving her until she unmutes herself', async () => {
  await expectMediaMode(pages, 'sfu');
  await expectMediaFlowing(pages, 2);
  const [ann, bob, cid] = pages;
  const annId = ids[0];
  const before = await growth(bob, annId, 1_000);
  assert.ok(before.frames > 0 && before.audioBytes > 0, `Bob receives Ann before the mute: ${JSON.stringify(before)}`);

  const headers = { Authorization: `Bearer ${stack.server.apiKey}` };
  for (const kind of ['video', 'audio']) {
    const res = await stack.server.http('POST', `/api/calls/${CALL}/participants/${annId}/mute`, { headers, body: { kind } });
    assert.equal(res.status, 200, res.text);
  }

  // The SDK mutes Ann's tracks when asked; an app that ignores the request would keep sending.
  // Play that app: the server's moderation alone must stop her media.
  await eventually(() => ann.evaluate(() => window.demo.call.self.audioMuted && window.demo.call.self.videoMuted),
    'Ann\'s SDK told of the mute');
  await ann.evaluate(() => window.demo.call.localStream.getTracks().forEach((t) => { t.enabled = true; }));

  // Forwarding stops within a moment; then nothing more arrives over two seconds, on both pages.
  for (const page of [bob, cid]) {
    await eventually(async () => {
      const g = await growth(page, annId, 2_000);
      return g.frames === 0 && g.audioBytes === 0 ? true : { ok: false, ...g };
    }, 'Ann\'s media stopped on the SFU', 15_000);
  }
  // Bob still receives Cid: only Ann's streams were stopped.
  const cidOnBob = await growth(bob, ids[2], 1_000);
  assert.ok(cidOnBob.frames > 0 && cidOnBob.audioBytes > 0, `Bob still receives Cid: ${JSON.stringify(cidOnBob)}`);

  await ann.evaluate(async () => {
    await window.demo.call.muteVideo(false);
    await window.demo.call.muteAudio(false);
  });
  await eventually(async () => {
    const g = await growth(bob, annId, 1_000);
    return g.frames > 0 && g.audioBytes > 0 ? true : { ok: false, ...g };
  }, 'Ann\'s media flowing again after she unmuted herself', 15_000);
});
