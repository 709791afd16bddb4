// The SFU is blind to an end-to-end encrypted call. The test runs its own Janus (SECUREVOX_CALL_SFU=external) with
// the Admin API open, captures what Janus receives from a publisher (start_pcap: the RTP after Janus removed
// DTLS-SRTP, what it forwards and would record) and makes it into a recording with Janus's own tools (pcap2mjr, then
// janus-pp-rec, as for its .mjr recordings). Decoded with ffmpeg, a plain call's capture gives pictures; an
// encrypted call's gives none, while the participants, who have the key, see each other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, expectMediaMode, join, mediaStats, openDemo, startStack } from './helpers/browser.mjs';
import { publisherHandles, run, startJanus } from './helpers/janus.mjs';

const PASSPHRASE = 'the call key the app brought, 32+';

let janus;
let stack;
let work;

before(async () => {
  janus = await startJanus();
  stack = await startStack({
    SECUREVOX_CALL_SFU: 'external',
    SECUREVOX_CALL_SFU_URL: janus.url,
    SECUREVOX_CALL_SFU_SECRET: janus.apiSecret,
    SECUREVOX_CALL_MEDIA: 'sfu',
  });
  work = mkdtempSync(path.join(os.tmpdir(), 'sfu-blind-'));
});

after(async () => {
  await stack?.stop();
  await janus?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * A two-party call on the SFU (320×240, one video layer), with `query` added to both pages. Janus captures Ann's
 * publisher from before Ben joins (his subscription makes Janus ask Ann for a key frame) until Ben has decoded 60
 * frames from her; the capture is made into a WebM file with Janus's tools and decoded with ffmpeg. Returns how like
 * the camera's picture each frame ffmpeg decoded is, and the errors it reported.
 */
async function captureAnn(callId, query) {
  const ann = await openDemo(stack, `res=320x240${query}`);
  const ben = await openDemo(stack, `res=320x240${query}`);
  try {
    const annId = await join(ann, 'Ann', callId);
    const publisher = await eventually(async () => {
      const found = (await publisherHandles(janus)).find((h) => h.display === annId && h.ssrc.video);
      return found ?? { ok: false };
    }, "Ann's publisher in Janus, sending video");
    const pcap = path.join(work, `${callId}.pcap`);
    await janus.admin({ janus: 'start_pcap', session_id: publisher.session, handle_id: publisher.handle, folder: work, filename: `${callId}.pcap` });
    await join(ben, 'Ben', callId);
    await expectMediaMode([ann, ben], 'sfu');
    await eventually(async () => {
      const frames = (await mediaStats(ben))[annId]?.framesDecoded ?? 0;
      return frames >= 60 ? true : { ok: false, frames };
    }, 'Ben decoding 60 frames of Ann', 30_000);
    await janus.admin({ janus: 'stop_pcap', session_id: publisher.session, handle_id: publisher.handle });

    const mjr = path.join(work, `${callId}.mjr`);
    const webm = path.join(work, `${callId}.webm`);
    run('pcap2mjr', ['-c', 'vp8', '-s', String(publisher.ssrc.video), pcap, mjr]);
    run('janus-pp-rec', [mjr, webm]);
    if (!reference) {
      reference = path.join(work, 'reference.y4m');
      run('ffmpeg', ['-v', 'error', '-i', webm, '-vf', 'select=eq(n\\,30)', '-frames:v', '1', '-y', reference]);
    }
    return { scores: similarity(webm), errors: decodingErrors(webm) };
  } finally {
    await ann.context().close();
    await ben.context().close();
  }
}

/** A picture of the camera as Janus received it in a plain call: one frame of that call's capture, in Y4M. */
let reference;

/**
 * Where Chromium's fake camera draws its clock in a 320×240 frame (`0:00:01:850`, the time since the camera
 * started): the part of its picture that is not flat green. A flat frame, which is what a VP8 decoder often makes of
 * ciphertext (all-zero planes show as that same green), would look like the camera's background anywhere else.
 */
const CLOCK = 'crop=224:36:92:28';

/**
 * How like the reference picture each frame ffmpeg can decode from the file is, where the camera draws its clock:
 * the structural similarity (SSIM) of the luma there, 1 for the same picture. The camera's frames score above 0.6
 * against each other (only the last digits differ); frames decoded from ciphertext below 0.2.
 */
function similarity(file) {
  const stats = `${file}.ssim`;
  // ffmpeg fails when it decodes nothing at all, which is an answer here, not an error.
  const lavfi = `[0:v]${CLOCK}[frame];[1:v]${CLOCK}[reference];[frame][reference]ssim=stats_file=${stats}`;
  spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-i', reference, '-lavfi', lavfi, '-f', 'null', '-']);
  if (!existsSync(stats)) return [];
  return readFileSync(stats, 'utf8').split('\n').filter(Boolean).map((line) => Number(/ Y:(-?[0-9.]+)/.exec(line)[1]));
}

/** A decoded frame that shows the camera's picture: its clock scores 0.4 or more. */
const PICTURE = 0.4;

function decodingErrors(file) {
  const ffmpeg = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return [...new Set(ffmpeg.stderr.split('\n').map((line) => line.replace(/^\[\w+ @ 0x[0-9a-f]+\] /, '').trim()))]
    .filter((line) => line && !line.startsWith('Last message'));
}

test('a plain call: what Janus receives decodes into pictures', async () => {
  const { scores } = await captureAnn('plain_call', '');
  const pictures = scores.filter((score) => score >= PICTURE).length;
  console.log(`# plain call: ${scores.length} frames decoded from Janus's capture, ${pictures} of them the camera's picture (lowest SSIM ${Math.min(...scores)})`);
  assert.ok(pictures >= 30, `pictures decoded from the capture of a plain call: ${pictures} of ${scores.length} (expected: at least 30)`);
});

test('an end-to-end encrypted call: what Janus receives decodes into no picture, while the participants see each other', async () => {
  assert.ok(reference, "the plain call's test runs first: it captures the reference picture");
  const { scores, errors } = await captureAnn('secret_call', `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
  const pictures = scores.filter((score) => score >= PICTURE);
  console.log(`# encrypted call: ${scores.length} frames came out of the decoder (highest SSIM ${scores.length ? Math.max(...scores) : '-'}); ffmpeg says: ${errors.join(' | ')}`);
  assert.deepEqual(pictures, [], "SSIM of the frames of the encrypted call's capture that show the camera's picture (expected: none)");
});
