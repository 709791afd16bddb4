// Active speaker through the SFU: one browser's microphone plays a continuous tone, the others'
// play silence; every page is told the one with the tone speaks, and that nobody does once muted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, expectMediaMode, join, launchBrowser, openDemo, startSfuStack } from './helpers/browser.mjs';

/** A 10 s, 48 kHz, 16-bit mono WAV: a 440 Hz tone at half scale, or silence (Chromium loops it). */
function wav(file, tone) {
  const rate = 48_000;
  const samples = rate * 10;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(tone ? Math.round(16_000 * Math.sin((2 * Math.PI * 440 * i) / rate)) : 0, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-speaker-'));
let stack;
let toneBrowser;
let pages;
let speakerId;

before(async () => {
  wav(path.join(dir, 'tone.wav'), true);
  wav(path.join(dir, 'silence.wav'), false);
  stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: 'sfu' }, [`--use-file-for-fake-audio-capture=${path.join(dir, 'silence.wav')}`]);
  toneBrowser = await launchBrowser([`--use-file-for-fake-audio-capture=${path.join(dir, 'tone.wav')}`]);
  const speaker = await openDemo({ server: stack.server, browser: toneBrowser });
  const quiet = [await openDemo(stack), await openDemo(stack)];
  speakerId = await join(speaker, 'Sam', 'speaker_call');
  await join(quiet[0], 'Quin', 'speaker_call');
  await join(quiet[1], 'Ruth', 'speaker_call');
  pages = [speaker, ...quiet];
  await expectMediaMode(pages, 'sfu');
});

after(async () => {
  await toneBrowser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every page is told who speaks, and shows it', async () => {
  for (const page of pages) {
    await eventually(async () => {
      const speakers = await page.evaluate(() => window.demo.speakers);
      return speakers[0] === speakerId && speakers.length === 1 ? true : { ok: false, speakers };
    }, 'the one with the tone as the only active speaker', 30_000);
  }
  for (const page of pages.slice(1)) {
    assert.equal(await page.locator(`.tile[data-user-id="${speakerId}"][data-kind="camera"]`).evaluate((t) => t.classList.contains('speaking')), true);
  }
});

test('a speaker who mutes is no longer an active speaker', async () => {
  await pages[0].click('#mute-audio');
  for (const page of pages) {
    await eventually(async () => {
      const speakers = await page.evaluate(() => window.demo.speakers);
      return speakers.length === 0 ? true : { ok: false, speakers };
    }, 'nobody speaking', 30_000);
  }
  assert.deepEqual(pages.flatMap((p) => p.errors), []);
});

test('in a mesh the SDK finds the speaker itself, from the audio levels it receives', async () => {
  const speaker = await openDemo({ server: stack.server, browser: toneBrowser });
  const quiet = await openDemo(stack, '&sfu=0'); // a client that cannot use the SFU keeps the call a mesh
  const id = await join(speaker, 'Tia', 'mesh_speaker_call');
  await join(quiet, 'Uma', 'mesh_speaker_call');
  await eventually(async () => {
    const seen = await quiet.evaluate(() => [window.demo.call.mediaMode, window.demo.speakers]);
    return seen[0] === 'mesh' && seen[1][0] === id && seen[1].length === 1 ? true : { ok: false, seen };
  }, 'the mesh page naming the one with the tone', 30_000);
  await speaker.context().close();
  await quiet.context().close();
});
