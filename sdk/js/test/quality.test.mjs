import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecureVoxCall } from '../securevox-call.js';
import { QualityReporter } from '../quality.js';
import { FakePeerConnection, FakeSocket, until, track, stream } from './fakes.mjs';

/** getStats() as Chrome gives it: one reading of a connection to bob at `timestamp` ms. */
function chromeStats(timestamp, { bytesIn, received, lost, bytesOut, fractionLost }) {
  const stats = [
    { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
    { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', currentRoundTripTime: 0.08, nominated: true, state: 'succeeded' },
    { id: 'L1', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
    { id: 'C1', type: 'codec', mimeType: 'audio/opus' },
    { id: 'C2', type: 'codec', mimeType: 'video/VP8' },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp, codecId: 'C1', bytesReceived: bytesIn, packetsReceived: received, packetsLost: lost, jitter: 0.012 },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', timestamp, codecId: 'C2', bytesSent: bytesOut, framesPerSecond: 30, frameWidth: 1280, frameHeight: 720, qualityLimitationReason: 'bandwidth' },
    { id: 'RV', type: 'remote-inbound-rtp', kind: 'video', localId: 'OV', fractionLost, packetsLost: -2, roundTripTime: 0.09 },
    { id: 'MS', type: 'media-source', kind: 'audio', audioLevel: 0 },
  ];
  return new Map(stats.map((s) => [s.id, s]));
}

test('a report reads the selected pair, the codecs and counters, and rates over the interval since the previous one', async () => {
  const readings = [
    chromeStats(10_000, { bytesIn: 10_000, received: 900, lost: 10, bytesOut: 500_000, fractionLost: 0.5 }),
    chromeStats(15_000, { bytesIn: 35_000, received: 1_350, lost: 60, bytesOut: 1_125_000, fractionLost: 0.02 }),
  ];
  const pc = { getStats: async () => readings.shift() };
  const reporter = new QualityReporter();

  const first = await reporter.report([{ peer: 'bob', pc }]);
  assert.deepEqual(first.connections[0].tracks[0], {
    // 10 lost of 900 + 10 expected since the stream began: a lossy path shows in the first report already.
    kind: 'audio', direction: 'inbound', codec: 'opus', packetsLost: 10, lossRatio: 0.011, jitterMs: 12,
  }, 'no bitrate before a second reading, a loss ratio over the stream\'s life so far');

  const second = await reporter.report([{ peer: 'bob', pc }]);
  assert.deepEqual(second, {
    connections: [{
      peer: 'bob', candidateType: 'relay', protocol: 'tls', rttMs: 80,
      tracks: [
        // 25,000 bytes in 5 s = 40 kbit/s; 50 lost of 450 + 50 expected = 0.1.
        { kind: 'audio', direction: 'inbound', codec: 'opus', bitrateKbps: 40, packetsLost: 60, lossRatio: 0.1, jitterMs: 12 },
        // 625,000 bytes in 5 s = 1000 kbit/s; the receiver's own loss report; its negative count is kept at 0.
        { kind: 'video', direction: 'outbound', codec: 'VP8', bitrateKbps: 1000, packetsLost: 0, lossRatio: 0.02, fps: 30, width: 1280, height: 720, qualityLimitation: 'bandwidth' },
      ],
    }],
  });
});

test('values are kept within the server\'s limits and a connection that fails to read is left out', async () => {
  const wild = new Map([
    ['IV', { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: 1, framesPerSecond: 1000, frameWidth: 99_999, jitter: 120, framesDropped: 3.7, freezeCount: -1 }],
    ['CP', { id: 'CP', type: 'candidate-pair', selected: true, localCandidateId: 'L', currentRoundTripTime: 90 }],
    ['L', { id: 'L', type: 'local-candidate', candidateType: 'weird', protocol: 'sctp' }],
  ]);
  const reporter = new QualityReporter();
  const report = await reporter.report([
    { peer: 'sfu', pc: { getStats: async () => wild } },
    { peer: 'carol', pc: { getStats: async () => { throw new Error('closed'); } } },
  ]);
  assert.deepEqual(report, {
    connections: [{
      peer: 'sfu', rttMs: 60_000,
      tracks: [{ kind: 'video', direction: 'inbound', jitterMs: 60_000, fps: 240, width: 16_384, framesDropped: 4, freezes: 0 }],
    }],
  });
  assert.equal(await new QualityReporter().report([]), null, 'nothing to report without connections');
});

test('a joined call sends a quality_report every interval and stops when it leaves', async () => {
  const sockets = [];
  const call = new SecureVoxCall({
    url: 'http://server',
    token: () => 'token-a',
    localStream: stream('cam-a', [track('audio')]),
    io: (url, options) => {
      const socket = new FakeSocket(url, options);
      sockets.push(socket);
      return socket;
    },
    PeerConnection: FakePeerConnection,
    qualityReportInterval: 2000,
  });
  const reports = [];
  call.on('qualityreport', (report) => reports.push(report));
  const joining = call.join({ sessionId: 'call_1' });
  const socket = sockets[0];
  socket.open();
  const bob = { userId: 'bob', role: 'participant', audioMuted: false, videoMuted: false, joinedAt: 1, metadata: null };
  const alice = { ...bob, userId: 'alice' };
  socket.serverSends('call_joined', { sessionId: 'call_1', self: alice, participants: [bob], iceServers: [] });
  await joining;

  await until(() => socket.sent.some((m) => m.event === 'quality_report'), 'a quality_report', 5000);
  const sent = socket.sent.find((m) => m.event === 'quality_report');
  assert.deepEqual(sent.payload, { connections: [{ peer: 'bob', tracks: [] }] });
  assert.ok(socket.acks.some((a) => a.event === 'quality_report'), 'sent with an ack, so a refusal is no call_error');
  assert.deepEqual(reports, [sent.payload]);

  await call.leave();
  const count = socket.sent.filter((m) => m.event === 'quality_report').length;
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(socket.sent.filter((m) => m.event === 'quality_report').length, count, 'none after leaving');
});

test('the interval is checked: 0 turns reports off, below the server\'s cap is refused', () => {
  const options = { url: 'http://server', token: 't', io: () => new FakeSocket(), PeerConnection: FakePeerConnection };
  assert.doesNotThrow(() => new SecureVoxCall({ ...options, qualityReportInterval: 0 }));
  assert.throws(() => new SecureVoxCall({ ...options, qualityReportInterval: 500 }),
    /qualityReportInterval: 500 \(expected: 0, or whole ms from 2000/);
});
