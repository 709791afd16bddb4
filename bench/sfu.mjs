// The SFU benchmark (docs/benchmarks.md, "Group calls through the SFU"): headless Chromium pages on
// the demo page against the packaged server with a managed Janus.
//   1. a client's uplink in an N-party call, mesh against SFU (bytes/s sent, from getStats);
//   2. through the SFU: packets Janus forwards per second, Janus's CPU and ours, so packets
//      forwarded per second per core of Janus and our server's CPU per forwarded packet;
//   3. join-to-first-frame through the SFU (join click to the first remote picture), p50/p90.
// Usage: node bench/sfu.mjs [--participants 6] [--seconds 15] [--res 640x360] [--joins 10]
// Needs: the jar built (make build), npm ci in src/test/e2e, Debian's chromium and janus.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  eventually, expectMediaFlowing, expectMediaMode, expectNoMeshPeers, join, openDemo, startSfuStack,
} from '../src/test/e2e/helpers/browser.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const PARTICIPANTS = Number(args.participants ?? 6);
const SECONDS = Number(args.seconds ?? 15);
const RES = args.res ?? '640x360';
const JOINS = Number(args.joins ?? 10);
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function janusPid(serverPid) {
  return Number(execFileSync('pgrep', ['-P', String(serverPid), '-x', 'janus'], { encoding: 'utf8' }).trim());
}

/** Bytes the page has sent, and media packets it has received, over all its connections. */
function counters(page) {
  return page.evaluate(async () => {
    const call = window.demo.call;
    const pcs = [...call.participants.keys()].map((u) => call.peer(u)?.pc).filter(Boolean);
    if (call.sfuSession?.publisher) pcs.push(call.sfuSession.publisher);
    if (call.sfuSession?.subscriber) pcs.push(call.sfuSession.subscriber);
    let sent = 0;
    let packetsIn = 0;
    const videoOut = [];
    for (const pc of pcs) {
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp') sent += s.bytesSent + (s.headerBytesSent ?? 0);
        if (s.type === 'inbound-rtp') packetsIn += s.packetsReceived;
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth) {
          videoOut.push(`${s.frameWidth}x${s.frameHeight}${s.qualityLimitationReason && s.qualityLimitationReason !== 'none' ? ` (${s.qualityLimitationReason})` : ''}`);
        }
      });
    }
    return { sent, packetsIn, videoOut };
  });
}

async function call(stack, callId) {
  const pages = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const page = await openDemo(stack, `res=${RES}`);
    await join(page, `P${i}`, callId);
    pages.push(page);
  }
  return pages;
}

async function measure(stack, pages) {
  const serverPid = stack.server.child.pid;
  const janus = janusPid(serverPid);
  await sleep(5_000); // let bandwidth estimation ramp up
  const before = await Promise.all(pages.map(counters));
  const cpu0 = { janus: cpuSeconds(janus), server: cpuSeconds(serverPid) };
  const t0 = Date.now();
  await sleep(SECONDS * 1000);
  const after = await Promise.all(pages.map(counters));
  const seconds = (Date.now() - t0) / 1000;
  const cpu = { janus: cpuSeconds(janus) - cpu0.janus, server: cpuSeconds(serverPid) - cpu0.server };
  const uplink = after.map((a, i) => (a.sent - before[i].sent) / seconds);
  const packets = after.reduce((sum, a, i) => sum + a.packetsIn - before[i].packetsIn, 0);
  return { seconds, uplink, packets, cpu, videoOut: after[0].videoOut };
}

const result = {
  when: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  participants: PARTICIPANTS,
  seconds: SECONDS,
  camera: RES,
};

// 1 and 2: the same call on the mesh, then on the SFU.
for (const media of ['mesh', 'sfu']) {
  const stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: media });
  try {
    const pages = await call(stack, `bench_${media}`);
    await expectMediaMode(pages, media, 60_000);
    if (media === 'sfu') await expectNoMeshPeers(pages, 60_000);
    await expectMediaFlowing(pages, PARTICIPANTS - 1);
    const m = await measure(stack, pages);
    const mean = m.uplink.reduce((a, b) => a + b, 0) / m.uplink.length;
    result[media] = {
      uplinkBytesPerSecond: { mean: Math.round(mean), perClient: m.uplink.map(Math.round) },
      // What the first client encodes at the end: one entry per video encoding, with Chrome's reason when limited.
      videoEncodingsOfOneClient: m.videoOut,
      packetsReceivedPerSecond: Math.round(m.packets / m.seconds),
      cpuSeconds: { janus: +m.cpu.janus.toFixed(2), server: +m.cpu.server.toFixed(2) },
    };
    if (media === 'sfu') {
      const pps = m.packets / m.seconds;
      const janusCores = m.cpu.janus / m.seconds;
      result.sfu.forwardedPacketsPerSecond = Math.round(pps);
      result.sfu.janusCores = +janusCores.toFixed(3);
      result.sfu.forwardedPacketsPerSecondPerJanusCore = Math.round(pps / janusCores);
      result.sfu.serverCpuMicrosPerForwardedPacket = +((m.cpu.server * 1e6) / m.packets).toFixed(2);
    }
  } finally {
    await stack.stop();
  }
}
result.uplinkSfuOverMesh = +(result.sfu.uplinkBytesPerSecond.mean / result.mesh.uplinkBytesPerSecond.mean).toFixed(3);

// 3: join to first frame through the SFU, a host already publishing.
{
  const stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: 'sfu' });
  try {
    const host = await openDemo(stack);
    const guest = await openDemo(stack);
    const times = [];
    for (let i = 0; i < JOINS; i++) {
      const callId = `bench_join_${i}`;
      await join(host, 'Host', callId);
      await eventually(() => host.evaluate(() => window.demo.call.sfuSession?.publisher?.connectionState === 'connected'), 'the host publishing');
      await join(guest, 'Guest', callId);
      const ms = await eventually(
        () => guest.evaluate(() => (window.demo.firstRemoteFrameAt === null ? false : window.demo.firstRemoteFrameAt - window.demo.joinClickedAt)),
        `the first remote frame in call ${i}`,
        15_000,
      );
      times.push(Math.round(ms));
      await guest.click('#leave');
      await host.click('#leave');
      await host.waitForSelector('body[data-state="idle"]');
    }
    const sorted = [...times].sort((a, b) => a - b);
    result.joinToFirstFrame = { ms: times, p50: percentile(sorted, 50), p90: percentile(sorted, 90), max: sorted.at(-1) };
  } finally {
    await stack.stop();
  }
}

const out = path.join(HERE, 'out');
mkdirSync(out, { recursive: true });
const file = path.join(out, `sfu-${result.when.replace(/[-:]/g, '').replace(/\..*/, 'Z')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`results in ${file}`);
process.exit(0);
