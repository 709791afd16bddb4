// A recorded call where one participant shares a screen, leaves and comes back: the recording still
// has one camera file per participant (their presences back to back, each listed as a piece with
// where it happened in the call), a screen file of its own, and a composed file that places each
// presence at its time. ffprobe and ffmpeg must find every file decodable and as long as the time
// it covers: within a second for each presence it holds, since every presence begins with its own
// ICE and DTLS set-up, which no recording can hold and which takes longer on a loaded machine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, expectMediaFlowing, join, openDemo, startSfuStack } from './helpers/browser.mjs';
import { decodeAll, download, probe, settled } from './helpers/media-files.mjs';

const CALL = 'presences_call';
let stack;
const auth = () => ({ Authorization: `Bearer ${stack.server.apiKey}` });
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  stack = await startSfuStack({ SECUREVOX_CALL_RECORDING_COMPOSE: '1' });
});

after(async () => {
  await stack?.stop();
});

/**
 * Asserts `actual` seconds are within 1.5 s per presence of `expected` seconds. The times are the test's clock around
 * the API's answers and the files' are the media's: with two browser files at a time on two cores, the first packet of
 * a presence has reached the recorder just over 1 s after the clock said it began. A presence lasts 5 s or more and the
 * gaps 3 s, so 1.5 s still tells each piece's place.
 */
function near(actual, expected, what, presences = 1) {
  const within = 1.5 * presences;
  assert.ok(
    Math.abs(actual - expected) <= within,
    `${what}: ${actual} s (expected: ${expected} s, within ${within} s)`,
  );
}

test('a participant who shares a screen, leaves and comes back: one camera file in pieces, a screen file', async () => {
  const ann = await openDemo(stack);
  const annId = await join(ann, 'Ann', CALL);
  // Bob's page holds a token, so he comes back as the same user.
  const minted = await stack.server.http('POST', '/api/dev/token', { body: { userId: 'bob-returns', sessionId: CALL } });
  assert.equal(minted.status, 200, minted.text);
  const bob = await openDemo(stack, `&token=${encodeURIComponent(minted.json.token)}`);
  assert.equal(await join(bob, 'Bob', CALL), 'bob-returns');
  await expectMediaFlowing([ann, bob], 1);

  const started = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
  assert.equal(started.status, 201, started.text);
  const recordingId = started.json.recordingId;
  const recordStart = Date.now();

  await pause(2_000);
  await bob.click('#share');
  const shareFrom = Date.now();
  await eventually(async () => {
    const frames = await ann.evaluate((id) => {
      const video = document.querySelector(`.tile[data-user-id="${id}"][data-kind="screen"] video`);
      return video ? video.getVideoPlaybackQuality().totalVideoFrames : 0;
    }, 'bob-returns');
    return frames > 10 ? true : { ok: false, frames };
  }, 'Ann sees Bob\'s screen');
  await pause(3_000);
  await bob.click('#leave');
  const bobLeft = Date.now();
  await bob.waitForSelector('body[data-state="idle"], body:not([data-state="joined"])', { timeout: 10_000 });

  await pause(3_000);
  await bob.click('#join');
  await bob.waitForSelector('body[data-state="joined"]', { timeout: 15_000 });
  const bobBack = Date.now();
  await expectMediaFlowing([ann, bob], 1);
  await pause(4_000);
  await bob.click('#leave');
  const bobGone = Date.now();
  await ann.click('#leave');
  const recordEnd = Date.now();

  const info = await settled(stack.server, recordingId);
  assert.equal(info.status, 'ready', JSON.stringify(info));
  assert.equal(info.partial, false, JSON.stringify(info));
  // Numbered in the order the SFU's recording of each began (both were publishing when it started: either order).
  assert.deepEqual(
    info.files.map((f) => [f.userId, f.source]).sort(),
    [[null, 'composed'], [annId, 'camera'], ['bob-returns', 'camera'], ['bob-returns', 'screen']].sort(),
    JSON.stringify(info.files),
  );
  const fileOf = (userId, source) => info.files.find((f) => f.userId === userId && f.source === source);
  const annName = fileOf(annId, 'camera').name;
  const bobName = fileOf('bob-returns', 'camera').name;
  const screenName = fileOf('bob-returns', 'screen').name;
  assert.deepEqual([annName, bobName].sort(), ['participant-1.webm', 'participant-2.webm']);
  assert.equal(screenName, bobName.replace('.webm', '-screen.webm'));
  assert.equal(fileOf(null, 'composed').name, 'composed.webm');
  const byName = Object.fromEntries(info.files.map((f) => [f.name, f]));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-presences-'));
  const played = {};
  for (const f of info.files) {
    const file = await download(stack.server, recordingId, f.name, dir);
    const p = probe(file);
    decodeAll(file);
    played[f.name] = { p, seconds: Number(p.format.duration) };
    assert.ok(Math.abs(f.durationMs / 1000 - played[f.name].seconds) <= 0.1, `${f.name}: manifest ${f.durationMs} ms`);
    assert.equal(f.pieces[0].startOffsetMs, f.startOffsetMs, JSON.stringify(f));
  }

  // Ann: one presence, the whole recording.
  near(played[annName].seconds, (recordEnd - recordStart) / 1000, 'Ann\'s file');
  assert.equal(byName[annName].pieces.length, 1);

  // Bob's camera: two presences back to back, each where it happened.
  const bobFile = byName[bobName];
  const streams = played[bobName].p.streams;
  assert.ok(streams.some((s) => s.codec_type === 'audio' && s.codec_name === 'opus'), 'Bob: no Opus audio');
  assert.ok(streams.some((s) => s.codec_type === 'video' && s.codec_name === 'vp8'), 'Bob: no VP8 video');
  const presences = [[recordStart, bobLeft], [bobBack, bobGone]];
  assert.equal(bobFile.pieces.length, 2, JSON.stringify(bobFile));
  for (const [i, [from, to]] of presences.entries()) {
    const piece = bobFile.pieces[i];
    near(piece.startOffsetMs / 1000, (from - recordStart) / 1000, `Bob's presence ${i + 1} start`);
    near(piece.durationMs / 1000, (to - from) / 1000, `Bob's presence ${i + 1} length`);
  }
  const inCall = presences.reduce((sum, [from, to]) => sum + (to - from), 0) / 1000;
  near(played[bobName].seconds, inCall, 'Bob\'s file', presences.length);

  // Bob's screen: video only, from the share to his leaving.
  const screen = byName[screenName];
  assert.deepEqual([screen.audio, screen.video], [false, true]);
  assert.ok(played[screenName].p.streams.every((s) => s.codec_type === 'video'));
  near(screen.startOffsetMs / 1000, (shareFrom - recordStart) / 1000, 'the screen\'s start');
  near(played[screenName].seconds, (bobLeft - shareFrom) / 1000, 'the screen file');

  // The composed file covers the whole recording.
  near(played['composed.webm'].seconds, (recordEnd - recordStart) / 1000, 'the composed file');
});
