// The recording benchmark (docs/benchmarks.md, "Recording"): an N-party call on the demo page
// (headless Chromium, managed Janus) recorded for --seconds, then the time the server takes to make
// its files once the call ended: the per-participant WebM files (janus-pp-rec + ffmpeg stream copy) and the composed
// grid (an ffmpeg re-encode), each per minute of recorded call, as the server logs them.
// Usage: node bench/recording.mjs [--participants 3] [--seconds 60] [--res 640x360]
// Needs: the jar built (make build), npm ci in src/test/e2e, Debian's chromium, janus, janus-tools, ffmpeg.
import os from 'node:os';
import {
  eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack,
} from '../src/test/e2e/helpers/browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const PARTICIPANTS = Number(args.participants ?? 3);
const SECONDS = Number(args.seconds ?? 60);
const RES = args.res ?? '640x360';
const CALL = 'bench_recording';

const stack = await startSfuStack({ SECUREVOX_CALL_RECORDING_COMPOSE: '1', SECUREVOX_CALL_MEDIA: 'sfu' });
try {
  const auth = { Authorization: `Bearer ${stack.server.apiKey}` };
  const pages = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const page = await openDemo(stack, `res=${RES}`);
    await join(page, `P${i + 1}`, CALL);
    pages.push(page);
  }
  await expectMediaMode(pages, 'sfu');
  await expectMediaFlowing(pages, PARTICIPANTS - 1);
  const started = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  // Everyone leaves, which ends the call and its recording: the browsers, which a server never runs, stop taking
  // this machine's CPU while the files are made.
  for (const page of pages) await page.click('#leave');
  let info;
  await eventually(async () => {
    info = (await stack.server.http('GET', `/api/recordings/${started.json.recordingId}`, { headers: auth })).json;
    return info?.status === 'ready' || info?.status === 'failed' ? true : { ok: false, status: info?.status };
  }, 'the recording ready', 30 * 60_000);
  if (info.status !== 'ready') throw new Error(`recording ${info.status}: ${info.failure}`);
  const line = stack.server.output.split('\n').find((l) => l.includes(`recording ${info.id} made:`));
  const m = /made: (\d+) participant files in (\d+) ms, composed in (-?\d+) ms, (\d+) ms of call/.exec(line ?? '');
  if (!m) throw new Error(`no timing line in the server's log for ${info.id}`);
  const [files, participantsMs, composedMs, callMs] = m.slice(1).map(Number);
  const minutes = callMs / 60_000;
  const bytes = info.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(JSON.stringify({
    machine: `${os.cpus().length} × ${os.cpus()[0].model}`,
    participants: PARTICIPANTS,
    res: RES,
    recordedSeconds: Math.round(callMs / 1000),
    participantFiles: files,
    participantFilesMsPerMinute: Math.round(participantsMs / minutes),
    participantFileMsPerMinuteEach: Math.round(participantsMs / minutes / files),
    composedMsPerMinute: Math.round(composedMs / minutes),
    totalBytes: bytes,
  }, null, 2));
} finally {
  await stack.stop();
}
