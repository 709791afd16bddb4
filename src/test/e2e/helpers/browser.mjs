// Headless Chromium (Debian's package) driving the demo page, for the end-to-end tests.
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/e2e/`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { REPO_ROOT, startServer } from '../../node/helpers/server.mjs';

export const CHROMIUM = process.env.SECUREVOX_CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'target', 'e2e-artifacts');

/** The flags the issue asks for: fake camera and microphone, no prompts, real host candidates. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * A development server (demo page and dev tokens on) with a reconnect grace, and a browser.
 * `env` overrides the server's settings.
 */
export async function startStack(env = {}, browserArgs = []) {
  const server = await startServer({
    SECUREVOX_CALL_ENV: 'development',
    SECUREVOX_CALL_RECONNECT_GRACE: '10s',
    // Keep ICE on this machine: no STUN lookups on the internet.
    SECUREVOX_CALL_STUN_URLS: 'stun:127.0.0.1:3478',
    ...env,
  });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...browserArgs] });
  } catch (err) {
    await server.stop();
    throw new Error(`cannot start ${CHROMIUM} (install Debian's chromium package): ${err.message}`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

/** A new browser context (a separate person) on the demo page, small video to keep CPU low. */
export async function openDemo(stack, query = '') {
  const context = await stack.browser.newContext({ viewport: { width: 1024, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.errors = errors;
  // A query naming its own camera size (res=…) keeps it; URLSearchParams reads the first value.
  await page.goto(`${stack.server.url}/?${query.includes('res=') ? '' : 'res=160x120'}${query}`);
  return page;
}

/** Fills the form and joins; resolves once the page says it is in the call. */
export async function join(page, name, callId) {
  await page.fill('#name', name);
  await page.fill('#call-id', callId);
  await page.click('#join');
  await page.waitForSelector('body[data-state="joined"]', { timeout: 15_000 });
  return page.evaluate(() => window.demo.userId);
}

/**
 * Per remote participant: video frames decoded, audio bytes received and the energy of the audio decoded and played
 * (WebRTC's totalAudioEnergy: it rises only with sound, so it shows that the audio is heard, not just received).
 */
export function mediaStats(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const userId of window.demo.call.participants.keys()) {
      const report = await window.demo.call.getStats(userId);
      const totals = { framesDecoded: 0, audioBytes: 0, audioEnergy: 0, screenFramesDecoded: 0 };
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') totals.framesDecoded += s.framesDecoded ?? 0;
        if (s.kind === 'audio') {
          totals.audioBytes += s.bytesReceived ?? 0;
          totals.audioEnergy += s.totalAudioEnergy ?? 0;
        }
      });
      out[userId] = totals;
    }
    return out;
  });
}

/** Polls until `check()` resolves truthy; throws with `what` and the last value after `ms`. */
export async function eventually(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await check();
    if (last && (last === true || last.ok !== false)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Asserts that every page receives video frames and audio from each of `expectedPeers[i]`
 * other participants, and that both counters keep rising.
 */
export async function expectMediaFlowing(pages, peersPerPage) {
  const before = await Promise.all(pages.map(mediaStats));
  await eventually(async () => {
    const now = await Promise.all(pages.map(mediaStats));
    const lagging = [];
    now.forEach((stats, i) => {
      const peers = Object.keys(stats);
      if (peers.length !== peersPerPage) lagging.push(`page ${i}: ${peers.length} peers`);
      for (const userId of peers) {
        const was = before[i][userId] ?? { framesDecoded: 0, audioBytes: 0 };
        if (!(stats[userId].framesDecoded > was.framesDecoded)) lagging.push(`page ${i} ← ${userId}: video`);
        if (!(stats[userId].audioBytes > was.audioBytes)) lagging.push(`page ${i} ← ${userId}: audio`);
      }
    });
    return lagging.length === 0 ? true : { ok: false, lagging };
  }, 'video frames decoded and audio bytes received rising on every page');
}

/** Asserts that every page hears every other participant: the energy of the audio it plays from each keeps rising. */
export async function expectAudioHeard(pages) {
  const before = await Promise.all(pages.map(mediaStats));
  await eventually(async () => {
    const now = await Promise.all(pages.map(mediaStats));
    const silent = [];
    now.forEach((stats, i) => {
      for (const userId of Object.keys(stats)) {
        if (!(stats[userId].audioEnergy > (before[i][userId]?.audioEnergy ?? 0))) silent.push(`page ${i} ← ${userId}`);
      }
    });
    return silent.length === 0 ? true : { ok: false, silent };
  }, 'the audio energy played from every peer rising on every page');
}

/** A stack whose server runs Janus as its SFU (managed mode), with `env` on top. */
export function startSfuStack(env = {}, browserArgs = []) {
  return startStack({ SECUREVOX_CALL_SFU: 'managed', ...env }, browserArgs);
}

/** Another browser on the same stack (for other fake devices); closed with the stack's stop() by the caller. */
export function launchBrowser(browserArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...browserArgs] });
}

/** Waits until every page says its call's media goes `mode` ('mesh' or 'sfu'). */
export async function expectMediaMode(pages, mode, ms = 20_000) {
  await eventually(async () => {
    const modes = await Promise.all(pages.map((p) => p.evaluate(() => window.demo.call?.mediaMode)));
    return modes.every((m) => m === mode) ? true : { ok: false, modes };
  }, `every page's media mode to be ${mode}`, ms);
}

/** Waits until no page keeps a peer-to-peer connection (the SFU carries everything). */
export async function expectNoMeshPeers(pages, ms = 20_000) {
  await eventually(async () => {
    const left = await Promise.all(pages.map((p) => p.evaluate(
      () => [...window.demo.call.participants.keys()].filter((u) => window.demo.call.peer(u)),
    )));
    return left.every((l) => l.length === 0) ? true : { ok: false, left };
  }, 'every peer-to-peer connection closed', ms);
}
