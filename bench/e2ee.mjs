// The end-to-end encryption benchmark (docs/benchmarks.md, "End-to-end encryption in the browser"): a two-party
// peer-to-peer call on the demo page in headless Chromium with 1280×720 cameras, once plain and once end-to-end
// encrypted (?e2ee=), each measured for --seconds after media flows: the frames per second each page encodes and
// decodes, and the CPU the whole browser (both pages, every process) takes, from /proc.
// Usage: node bench/e2ee.mjs [--seconds 30] [--res 1280x720]
// Needs: the jar built (make build), npm ci in src/test/e2e, Debian's chromium.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { expectMediaFlowing, join, openDemo, startStack } from '../src/test/e2e/helpers/browser.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const SECONDS = Number(args.seconds ?? 30);
const RES = args.res ?? '1280x720';
const TICKS = 100; // USER_HZ on Linux: /proc times are in these

/** CPU seconds used so far by every Chromium process on the machine (only the benchmark's browser runs). */
function chromiumCpuSeconds() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('chromium')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks / TICKS;
}

/** Frames this page encoded of its camera and decoded of the other's, so far. */
function frames(page) {
  return page.evaluate(async () => {
    const out = { encoded: 0, decoded: 0, width: 0 };
    for (const userId of window.demo.call.participants.keys()) {
      (await window.demo.call.getStats(userId)).forEach((s) => {
        if (s.kind !== 'video') return;
        if (s.type === 'outbound-rtp') {
          out.encoded += s.framesEncoded ?? 0;
          out.width = Math.max(out.width, s.frameWidth ?? 0);
        }
        if (s.type === 'inbound-rtp') out.decoded += s.framesDecoded ?? 0;
      });
    }
    return out;
  });
}

async function measure(label, query) {
  const stack = await startStack({ SECUREVOX_CALL_MEDIA: 'mesh', SECUREVOX_CALL_SFU: 'off' });
  try {
    const pages = [await openDemo(stack, `res=${RES}${query}`), await openDemo(stack, `res=${RES}${query}`)];
    await join(pages[0], 'Ann', `bench_${label}`);
    await join(pages[1], 'Ben', `bench_${label}`);
    await expectMediaFlowing(pages, 1);
    // Let the encoders settle (bandwidth estimation ramps up to the camera's full size).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const before = await Promise.all(pages.map(frames));
    const cpuBefore = chromiumCpuSeconds();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const after = await Promise.all(pages.map(frames));
    const cpu = chromiumCpuSeconds() - cpuBefore;
    const wall = (Date.now() - started) / 1000;
    const encoded = after.map((a, i) => (a.encoded - before[i].encoded) / wall);
    const decoded = after.map((a, i) => (a.decoded - before[i].decoded) / wall);
    const encrypted = query ? await pages[0].evaluate(() => window.demo.call.e2eeFrames ?? null) : null;
    return { label, encoded, decoded, width: after.map((a) => a.width), cpuCores: cpu / wall, encrypted };
  } finally {
    await stack.stop();
  }
}

const results = [await measure('plain', ''), await measure('e2ee', '&e2ee=benchmark-passphrase-0123456789')];
console.log(`# ${os.cpus().length} × ${os.cpus()[0].model}, ${SECONDS} s per run, cameras ${RES}`);
console.log('| call | frames/s encoded (each page) | frames/s decoded (each page) | width sent | browser CPU (cores) |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  const fps = (values) => values.map((v) => v.toFixed(1)).join(' / ');
  console.log(`| ${r.label} | ${fps(r.encoded)} | ${fps(r.decoded)} | ${r.width.join(' / ')} | ${r.cpuCores.toFixed(2)} |`);
}
for (const r of results.filter((x) => x.encrypted)) console.log(`# e2ee frame counters on the first page: ${JSON.stringify(r.encrypted)}`);
