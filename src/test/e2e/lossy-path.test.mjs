// Call quality on a real lossy network path: two audio calls at once through one coturn, with our own UDP relay
// (helpers/lossy-relay.mjs) between the browsers and coturn. The relay drops DROP of the datagrams of the lossy call's
// participants in each direction and forwards the clean call's untouched, so the clean call is the control. Media goes
// sender → relay → coturn → coturn → relay → receiver, crossing the relay twice, so a packet arrives with probability
// (1 − DROP)²: the receivers should measure a loss of 1 − (1 − DROP)². What the SDK measured (its quality_reports from
// getStats()) is read back through GET /api/calls/{sessionId}/quality, and the MOS and grades the server stored are
// recomputed here from the stored loss, jitter and RTT with the E-model documented in docs/protocol.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, eventually, expectAudioHeard, join, openDemo, startStack } from './helpers/browser.mjs';
import { shippedPolicy, startCoturn } from './helpers/coturn.mjs';
import { startLossyRelay } from './helpers/lossy-relay.mjs';

const SECRET = `e2e-lossy-secret-${process.pid}-0123456789`;
/** The share of datagrams the relay drops each way for the lossy call. */
const DROP = 0.1;
const EXPECTED_LOSS = 1 - (1 - DROP) ** 2;
/** Stored points with a MOS each participant needs: about 5 s each. */
const POINTS = 4;
const LOSSY = 'quality_lossy';
const CLEAN = 'quality_clean';

let coturn;
let relay;
let stack;
const pages = {};
const userIds = {};

before(async () => {
  coturn = await startCoturn({ secret: SECRET, directives: [...shippedPolicy(), 'allow-loopback-peers', 'allowed-peer-ip=127.0.0.1'] });
  // The TURN user name is "<expiry>:<userId>", and the demo page's user ids begin with the name's slug.
  relay = await startLossyRelay({ targetPort: coturn.port, dropShare: (username) => (/^\d+:lossy-/.test(username) ? DROP : 0) });
  stack = await startStack({ SECUREVOX_CALL_TURN_URLS: relay.url, SECUREVOX_CALL_TURN_SECRET: SECRET });
  const people = [['Lossy Ann', LOSSY], ['Lossy Bob', LOSSY], ['Clean Ann', CLEAN], ['Clean Bob', CLEAN]];
  await Promise.all(people.map(async ([name]) => { pages[name] = await openDemo(stack, '&ice=relay&video=0'); }));
  for (const [name, call] of people) userIds[name] = await join(pages[name], name, call);
});

after(async () => {
  await stack?.stop();
  await relay?.stop();
  await coturn?.stop();
});

/** The E-model as docs/protocol.md states it ("Call quality reports", MOS), for the test's own expectation. */
function eModelMos(rttMs, jitterMs, lossRatio) {
  const latency = rttMs / 2 + 2 * jitterMs + 10;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r = Math.min(Math.max(r - 2.5 * lossRatio * 100, 0), 100);
  return Math.min(Math.max(1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r), 1), 4.5);
}

/** The grade bands of docs/protocol.md. */
function grade(mos) {
  if (mos >= 4.3) return 'excellent';
  if (mos >= 4.0) return 'good';
  if (mos >= 3.6) return 'fair';
  if (mos >= 3.1) return 'poor';
  return 'bad';
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

async function quality(sessionId) {
  const res = await stack.server.http('GET', `/api/calls/${sessionId}/quality`, { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });
  return res.status === 200 ? res.json : null;
}

/** Both calls' quality once each of their two participants has POINTS stored points with a MOS. */
async function bothCallsReported() {
  return eventually(async () => {
    const calls = { [LOSSY]: await quality(LOSSY), [CLEAN]: await quality(CLEAN) };
    const short = Object.entries(calls).flatMap(([id, q]) => {
      const counts = (q?.participants ?? []).map((p) => p.points.filter((point) => point.mos !== null).length);
      return counts.length === 2 && counts.every((n) => n >= POINTS) ? [] : [`${id}: ${JSON.stringify(counts)}`];
    });
    return short.length === 0 ? calls : { ok: false, short };
  }, `${POINTS} points with a MOS from each participant of both calls`, 75_000);
}

test('a lossy path lowers the measured loss, MOS and grade the server stores; the clean control call stays excellent', async () => {
  await expectAudioHeard(Object.values(pages));
  const calls = await bothCallsReported();
  writeFileSync(path.join(ARTIFACTS, 'lossy-path.json'), `${JSON.stringify({ drop: DROP, relay: relay.clients(), calls }, null, 1)}\n`);

  // Every page reached coturn through the relay (it saw each one's TURN user name) with relayed UDP media, and the
  // relay dropped about DROP of the lossy call's datagrams each way and none of the clean call's.
  const clients = relay.clients().filter((c) => c.username);
  for (const [name, userId] of Object.entries(userIds)) {
    const own = clients.filter((c) => c.username.endsWith(`:${userId}`));
    assert.ok(own.length > 0, `${name}'s TURN allocation went through the relay: ${JSON.stringify(clients)}`);
    // Summed over the user's allocations (a page may allocate from more than one local address; one carries the media).
    for (const way of ['up', 'down']) {
      const forwarded = own.reduce((n, c) => n + c[way].forwarded, 0);
      const dropped = own.reduce((n, c) => n + c[way].dropped, 0);
      const share = dropped / (dropped + forwarded);
      if (name.startsWith('Lossy')) {
        assert.ok(forwarded > 500 && Math.abs(share - DROP) < 0.03, `${name} ${way}: dropped ${share} (expected ${DROP}): ${JSON.stringify(own)}`);
      } else {
        assert.ok(forwarded > 500 && dropped === 0, `${name} ${way}: nothing dropped: ${JSON.stringify(own)}`);
      }
    }
  }

  const summary = {};
  for (const [sessionId, q] of Object.entries(calls)) {
    for (const participant of q.participants) {
      const points = participant.points.filter((p) => p.mos !== null);
      for (const p of points) {
        assert.equal(p.candidateType, 'relay', `${participant.userId}: relayed media`);
        assert.equal(p.protocol, 'udp');
        assert.equal(p.codec, 'opus');
        assert.equal(p.fps, null, 'an audio call (?video=0): no camera sent');
        // Every point has its loss, the first one too (a stream's first report counts since the stream began).
        assert.equal(typeof p.lossRatio, 'number', `${participant.userId}: a loss ratio in ${JSON.stringify(p)}`);
        if (sessionId === LOSSY) assert.ok(Math.abs(p.lossRatio - EXPECTED_LOSS) < 0.12, `${participant.userId}: loss in ${JSON.stringify(p)}`);
        else assert.ok(p.lossRatio <= 0.01, `${participant.userId}: no loss in ${JSON.stringify(p)}`);
        // The stored MOS is the E-model's of the stored inputs: exactly, for a point of one report; a point that also
        // stands for a report thinned out carries the worst of each input, which can only be as bad or worse.
        const expected = eModelMos(p.rttMs ?? 0, p.jitterMs ?? 0, p.lossRatio ?? 0);
        assert.ok(expected <= p.mos + 1e-9 && p.mos - expected < 0.05, `${participant.userId}: MOS ${p.mos}, the E-model of ${JSON.stringify(p)} gives ${expected}`);
      }
      // A participant's MOS is its points' mean, its grade that mean's band.
      const meanMos = mean(points.map((p) => p.mos));
      assert.ok(Math.abs(participant.mos - meanMos) < 0.01, `${participant.userId}: mos ${participant.mos}, points' mean ${meanMos}`);
      assert.equal(participant.grade, grade(participant.mos));
      summary[participant.userId] = {
        sessionId,
        loss: mean(points.map((p) => p.lossRatio)),
        lost: Math.max(...points.map((p) => p.packetsLost ?? 0)),
        mos: participant.mos,
        grade: participant.grade,
      };
    }
    const worst = Math.min(...q.participants.map((p) => p.mos));
    assert.ok(Math.abs(q.mos - worst) < 1e-9, `${sessionId}: the call's MOS is its worst participant's`);
    assert.equal(q.grade, grade(q.mos));
  }

  const lossy = Object.values(summary).filter((s) => s.sessionId === LOSSY);
  const clean = Object.values(summary).filter((s) => s.sessionId === CLEAN);
  const detail = JSON.stringify(summary);
  for (const s of lossy) {
    // Each report's loss is over about 250 packets (Opus at 50 a second for 5 s): a tolerant band around the expected.
    assert.ok(Math.abs(s.loss - EXPECTED_LOSS) < 0.05, `lossy call: measured loss ${s.loss} (expected ${EXPECTED_LOSS.toFixed(3)} ± 0.05): ${detail}`);
    assert.ok(s.lost > 100, `lossy call: packets lost ${s.lost}`);
    // About 19 % loss: R ≈ 45, MOS ≈ 2.3, whatever the loopback's few ms of RTT and jitter.
    assert.ok(Math.abs(s.mos - eModelMos(1, 5, EXPECTED_LOSS)) < 0.5, `lossy call: MOS ${s.mos}: ${detail}`);
    assert.equal(s.grade, 'bad', detail);
  }
  for (const s of clean) {
    assert.ok(s.loss < 0.01 && s.lost < 10, `clean call: loss ${s.loss}, ${s.lost} lost: ${detail}`);
    assert.equal(s.grade, 'excellent', detail);
    for (const l of lossy) assert.ok(s.mos - l.mos > 1.5, `the clean call's MOS ${s.mos} well above the lossy one's ${l.mos}`);
  }
  assert.equal(calls[LOSSY].grade, 'bad');
  assert.equal(calls[CLEAN].grade, 'excellent');
});
