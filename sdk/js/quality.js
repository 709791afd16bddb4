// Call quality reports (docs/protocol.md, "Call quality reports"): every few seconds the SDK reads
// getStats() of each of its RTCPeerConnections and sends the server one `quality_report`. Rates
// (bitrate, loss ratio) are over the interval since the previous reading of the same stream, so
// the first report of a stream has no bitrate; its loss ratio is over the stream's life so far.
// Every value is kept within the server's limits, which refuse the whole report otherwise.

/** How often a report is sent by default; the server caps a socket at 3 at once, then one per 2 s. */
export const QUALITY_REPORT_MS = 5000;

const MAX_CONNECTIONS = 16;
const MAX_TRACKS = 16;
const MAX_MS = 60_000;
const MAX_KBPS = 100_000;
const MAX_FPS = 240;
const MAX_DIMENSION = 16_384;
const MAX_COUNT = 2_147_483_647;
const CANDIDATE_TYPES = new Set(['host', 'srflx', 'prflx', 'relay']);
const PROTOCOLS = new Set(['udp', 'tcp', 'tls']);
const LIMITATIONS = new Set(['none', 'cpu', 'bandwidth', 'other']);
const CODEC = /^[A-Za-z0-9/._+-]{1,64}$/;

const number = (value, max) => (typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), max) : undefined);
const count = (value, max = MAX_COUNT) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(Math.min(Math.max(value, 0), max)) : undefined);
const round = (value, digits) => (value === undefined ? undefined : Number(value.toFixed(digits)));

/** Drops the fields whose value is undefined, so the report says only what the browser measured. */
function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/**
 * Turns successive getStats() readings into reports. One per call: it remembers the previous
 * counters of every stream (by connection and stats id) to compute rates.
 */
export class QualityReporter {
  /** `${connection}/${statsId}` → {timestamp, bytes, packets, lost} of the previous reading. */
  #previous = new Map();

  /**
   * @param {Array<{peer: string, pc: RTCPeerConnection}>} connections the call's connections now
   * @returns {Promise<{connections: object[]} | null>} the report, or null when there is nothing to say
   */
  async report(connections) {
    const seen = new Set();
    const out = [];
    for (const { peer, pc, key = peer } of connections.slice(0, MAX_CONNECTIONS)) {
      let stats;
      try {
        stats = await pc.getStats();
      } catch {
        continue; // closed while read: the next report goes without it
      }
      out.push(this.#connection(peer, key, stats, seen));
    }
    for (const id of this.#previous.keys()) if (!seen.has(id)) this.#previous.delete(id);
    return out.length === 0 ? null : { connections: out };
  }

  #connection(peer, key, stats, seen) {
    const byId = new Map();
    stats.forEach((s, id) => byId.set(s.id ?? id, s));
    const pair = selectedPair(byId);
    const local = pair ? byId.get(pair.localCandidateId) : undefined;
    const protocol = local?.candidateType === 'relay' && local?.relayProtocol ? local.relayProtocol : local?.protocol;
    const tracks = [];
    for (const s of byId.values()) {
      if (tracks.length >= MAX_TRACKS) break;
      if ((s.type !== 'inbound-rtp' && s.type !== 'outbound-rtp') || (s.kind !== 'audio' && s.kind !== 'video')) continue;
      const id = `${key}/${s.id}`;
      seen.add(id);
      tracks.push(this.#track(id, s, byId));
    }
    let rtt = pair?.currentRoundTripTime;
    if (rtt === undefined) {
      for (const s of byId.values()) if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') rtt = Math.max(rtt ?? 0, s.roundTripTime);
    }
    return defined({
      peer,
      candidateType: CANDIDATE_TYPES.has(local?.candidateType) ? local.candidateType : undefined,
      protocol: PROTOCOLS.has(protocol) ? protocol : undefined,
      rttMs: round(number(rtt === undefined ? undefined : rtt * 1000, MAX_MS), 1),
      tracks,
    });
  }

  #track(id, s, byId) {
    const inbound = s.type === 'inbound-rtp';
    const bytes = inbound ? s.bytesReceived : s.bytesSent;
    const codec = byId.get(s.codecId)?.mimeType?.replace(/^(audio|video)\//, '');
    let packets;
    let lost;
    let fractionLost;
    if (inbound) {
      packets = s.packetsReceived;
      lost = s.packetsLost;
    } else {
      const remote = [...byId.values()].find((r) => r.type === 'remote-inbound-rtp' && r.localId === s.id);
      fractionLost = remote?.fractionLost;
      lost = remote?.packetsLost;
    }
    const before = this.#previous.get(id);
    const now = { timestamp: s.timestamp, bytes, packets, lost };
    this.#previous.set(id, now);
    let bitrate;
    let lossRatio = number(fractionLost, 1);
    const rated = before !== undefined && typeof s.timestamp === 'number' && s.timestamp > before.timestamp;
    if (rated && typeof bytes === 'number' && typeof before.bytes === 'number') {
      bitrate = ((bytes - before.bytes) * 8) / (s.timestamp - before.timestamp); // bits per ms = kbit/s
    }
    // A stream's counters begin at 0, so its first reading has a loss interval too: the stream's life so far. Without
    // it a call's first report on a lossy path would say "no loss" and its MOS would count as excellent.
    const from = before === undefined ? { packets: 0, lost: 0 } : rated ? before : undefined;
    if (inbound && from && typeof packets === 'number' && typeof lost === 'number' && typeof from.packets === 'number' && typeof from.lost === 'number') {
      const newLost = Math.max(lost - from.lost, 0);
      const expected = Math.max(packets - from.packets, 0) + newLost;
      lossRatio = expected > 0 ? newLost / expected : 0;
    }
    return defined({
      kind: s.kind,
      direction: inbound ? 'inbound' : 'outbound',
      codec: codec && CODEC.test(codec) ? codec : undefined,
      bitrateKbps: round(number(bitrate, MAX_KBPS), 1),
      packetsLost: count(lost),
      lossRatio: round(number(lossRatio, 1), 4),
      jitterMs: round(number(typeof s.jitter === 'number' ? s.jitter * 1000 : undefined, MAX_MS), 1),
      fps: round(number(s.framesPerSecond, MAX_FPS), 1),
      width: count(s.frameWidth, MAX_DIMENSION),
      height: count(s.frameHeight, MAX_DIMENSION),
      framesDropped: count(s.framesDropped),
      freezes: count(s.freezeCount),
      qualityLimitation: LIMITATIONS.has(s.qualityLimitationReason) ? s.qualityLimitationReason : undefined,
    });
  }
}

/** The candidate pair in use: the transport's selected one, else a nominated succeeded one. */
function selectedPair(byId) {
  for (const s of byId.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) return byId.get(s.selectedCandidatePairId);
  }
  for (const s of byId.values()) {
    if (s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded'))) return s;
  }
  return undefined;
}
