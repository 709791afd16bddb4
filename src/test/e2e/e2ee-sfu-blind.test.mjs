// The SFU is blind to an end-to-end encrypted call. The test runs its own Janus (SECUREVOX_CALL_SFU=external) with
// the Admin API open, captures what Janus receives from a publisher (start_pcap: the RTP after Janus removed
// DTLS-SRTP, what it forwards and would record) and makes it into a recording with Janus's own tools (pcap2mjr, then
// janus-pp-rec, as for its .mjr recordings). Decoded with ffmpeg, a plain call's capture gives pictures; an
// encrypted call's gives none, while the participants, who have the key, see each other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
 * frames from her; the capture is made into a WebM file with Janus's tools and decoded with ffmpeg. Returns how many
 * frames ffmpeg decoded and how many errors it reported.
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
    // One line per decoded frame; errors go to stderr, which framemd5 leaves alone.
    const decoded = run('sh', ['-c', `ffmpeg -v error -i '${webm}' -f framemd5 - 2>'${webm}.err'`])
      .split('\n')
      .filter((line) => line && !line.startsWith('#')).length;
    const errors = run('sh', ['-c', `grep -c . '${webm}.err' || true`]).trim();
    return { decoded, errors: Number(errors), annId, annEvents: await ann.evaluate(() => window.demo.e2eeEvents ?? []) };
  } finally {
    await ann.context().close();
    await ben.context().close();
  }
}

test('a plain call: what Janus receives decodes into pictures', async () => {
  const { decoded } = await captureAnn('plain_call', '');
  console.log(`# plain call: ${decoded} frames decoded from Janus's capture`);
  assert.ok(decoded >= 30, `frames decoded from the capture of a plain call: ${decoded} (expected: at least 30)`);
});

test('an end-to-end encrypted call: what Janus receives decodes into no picture, while the participants see each other', async () => {
  const { decoded, errors } = await captureAnn('secret_call', `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
  console.log(`# encrypted call: ${decoded} frames decoded from Janus's capture, ${errors} decoding errors`);
  assert.equal(decoded, 0, `frames decoded from the capture of an encrypted call: ${decoded} (expected: none)`);
});
