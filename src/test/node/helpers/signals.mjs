// Participants that stay in a call across faults, and sequence-numbered signals between them.
//
// A Participant is an official socket.io-client socket with the client's own reconnection on (as the SDK and the apps
// use it), connected with ?call=<sessionId> (so nginx routes it by call) and handshake auth {token}; after every
// (re)connection it joins the call again, as the SDK does. It records who it was told left or joined.
//
// A SignalStream sends numbered messages from one participant to another, cycling through `data`, `offer` and
// `ice_candidate` (the number is in the payload, the SDP's origin line and the candidate's foundation), one at a time,
// each awaiting its acknowledgement. A message is ACKNOWLEDGED when its sender got the ack {ok: true} for it: the
// server accepted it for delivery. A message whose ack did not come (the connection dropped, the ack timed out) or came
// with an error is unacknowledged; it may or may not arrive, and is never counted as lost. report() counts, over the
// acknowledged messages numbered from `from` on: lost (never received), and over everything received: duplicated
// (a number received again) and reordered (a number below one received before it).
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { io } from 'socket.io-client';

const ACK_MS = 5_000;
// a join on a node that waits for a dead owner's lease to lapse (up to its 10 s time to live, and 11 s at most)
const JOIN_ACK_MS = 20_000;
const SIGNALS = ['data', 'offer', 'ice_candidate'];

const all = new Set();
const streams = new Set();

/** A participant of `sessionId` as `userId` through `url`; resolves once it has joined. See the file's comment. */
export async function participant(cluster, userId, sessionId, { url = cluster.url, ca = cluster.pki.ca } = {}) {
  const p = new Participant(cluster, userId, sessionId, url, ca);
  all.add(p);
  await p.untilJoined();
  return p;
}

/** Stops every stream and closes every participant still open (for afterEach(), also after a failure). */
export function closeParticipants() {
  for (const s of streams) s.running = false;
  streams.clear();
  for (const p of all) p.close();
  all.clear();
}

export class Participant {
  constructor(cluster, userId, sessionId, url, ca) {
    this.userId = userId;
    this.sessionId = sessionId;
    this.joined = false;
    /** Every join's ack, in order: {at, ack} (ack.ok false for a refusal, ack.error when none came). */
    this.joins = [];
    /** participant_left / participant_joined / call_error / removed / call_ended as received: {at, event, payload}. */
    this.told = [];
    /** Numbered messages received: {from, seq, type, at, socket (the id of the one it came on)}. */
    this.inbox = [];
    this.disconnects = [];
    this.waiters = new Set();
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 1_000,
      randomizationFactor: 0,
      timeout: 5_000,
      auth: { token: cluster.token(userId, sessionId) },
      query: { call: sessionId },
      ca,
    });
    this.socket.on('connect', () => this.join());
    this.socket.on('disconnect', (reason) => {
      this.joined = false;
      this.disconnects.push({ at: Date.now(), reason });
      this.notify();
    });
    for (const event of ['participant_left', 'participant_joined', 'call_error', 'removed', 'call_ended']) {
      this.socket.on(event, (payload) => this.told.push({ at: Date.now(), event, payload }));
    }
    for (const type of SIGNALS) this.socket.on(type, (payload) => this.received(type, payload));
  }

  join() {
    const socket = this.socket;
    socket.timeout(JOIN_ACK_MS).emit('join_call', { sessionId: this.sessionId }, (err, ack) => {
      // an ack for a connection that has since dropped (the client fails it then) says nothing about the next one
      if (!socket.connected) return;
      this.joins.push({ at: Date.now(), ack: err ? { ok: false, error: err.message } : ack });
      this.joined = Boolean(ack?.ok) && !err;
      this.notify();
    });
  }

  received(type, payload) {
    let seq;
    if (type === 'data') seq = payload?.payload?.seq;
    else if (type === 'offer') seq = Number(/^o=- (\d+) /m.exec(payload?.sdp?.sdp ?? '')?.[1]);
    else seq = Number(/^candidate:(\d+) /.exec(payload?.candidate?.candidate ?? '')?.[1]);
    if (Number.isInteger(seq)) this.inbox.push({ from: payload.from, seq, type, at: Date.now(), socket: this.socket.id });
    this.notify();
  }

  notify() {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `predicate()` holds, re-checked on every event; rejects after timeoutMs naming `what`. */
  until(predicate, what, timeoutMs = 30_000) {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.userId}: ${what} not within ${timeoutMs} ms; joins ${JSON.stringify(this.joins)}, `
          + `disconnects ${JSON.stringify(this.disconnects)}, told ${JSON.stringify(this.told)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves once joined; with `after`, by a join acknowledged after that time (a rejoin). */
  untilJoined({ after = 0, timeoutMs = 30_000 } = {}) {
    return this.until(
      () => this.joined && this.joins.some((j) => j.at >= after && j.ack.ok),
      `joined ${this.sessionId}${after ? ` after ${new Date(after).toISOString()}` : ''}`,
      timeoutMs,
    );
  }

  /** Leaves the call (acknowledged) and closes the socket. */
  async leave() {
    if (this.socket.connected) {
      await this.socket.timeout(ACK_MS).emitWithAck('leave_call', { sessionId: this.sessionId }).catch(() => {});
    }
    this.close();
  }

  close() {
    this.socket.disconnect();
    all.delete(this);
  }
}

/** Numbered messages from `sender` to `receiver`; see the file's comment. */
export class SignalStream {
  constructor(sender, receiver, { gapMs = 30 } = {}) {
    this.sender = sender;
    this.receiver = receiver;
    this.gapMs = gapMs;
    this.next = 1;
    /** seq -> {type, outcome: 'acked' | 'refused' | 'no-ack', sentAt, socket (its id), at (when the ack came), reason} */
    this.sent = new Map();
    this.running = false;
  }

  /** Starts sending in the background; each message waits for the previous one's ack (or its timeout). */
  start() {
    streams.add(this);
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        if (this.sender.joined) await this.sendOne();
        await new Promise((r) => setTimeout(r, this.gapMs));
      }
    })();
    return this;
  }

  /** Stops sending; resolves once the last message's ack is in. */
  async stop() {
    this.running = false;
    streams.delete(this);
    await this.loop;
  }

  /** The number the next message gets: what report({from}) counts from, for "the messages sent after now". */
  mark() {
    return this.next;
  }

  async sendOne() {
    const seq = this.next++;
    const type = SIGNALS[seq % SIGNALS.length];
    const to = this.receiver.userId;
    const payload = type === 'data'
      ? { to, topic: 'seq', payload: { seq } }
      : type === 'offer'
        ? { to, sdp: { type: 'offer', sdp: `v=0\r\no=- ${seq} 0 IN IP4 0.0.0.0\r\ns=-\r\n` } }
        : { to, candidate: { candidate: `candidate:${seq} 1 udp 2122260223 192.0.2.1 9 typ host`, sdpMid: '0', sdpMLineIndex: 0 } };
    const entry = { type, outcome: 'no-ack', sentAt: Date.now(), socket: this.sender.socket.id };
    this.sent.set(seq, entry);
    try {
      const ack = await this.sender.socket.timeout(ACK_MS).emitWithAck(type, payload);
      entry.at = Date.now();
      if (ack?.ok) entry.outcome = 'acked';
      else {
        entry.outcome = 'refused';
        entry.reason = JSON.stringify(ack);
      }
    } catch (e) {
      entry.reason = e.message;
    }
  }

  /** The acknowledged numbers from `from` on that have not arrived. */
  missing(from = 1) {
    const got = new Set(this.inbox().map((m) => m.seq));
    return [...this.sent].filter(([seq, e]) => seq >= from && e.outcome === 'acked' && !got.has(seq)).map(([seq]) => seq);
  }

  inbox() {
    return this.receiver.inbox.filter((m) => m.from === this.sender.userId);
  }

  /** Resolves once every acknowledged message from `from` on has arrived, or after timeoutMs (report() tells). */
  async settle({ from = 1, timeoutMs = 5_000 } = {}) {
    await this.receiver.until(() => this.missing(from).length === 0, 'every acknowledged message', timeoutMs).catch(() => {});
  }

  /**
   * {from, sent, acked, refused, noAck, received, lost, duplicated, reordered, reorderedFrom, reorderedSeqs, lostSeqs,
   * lostTimes}: sent, its outcomes, lost and reorderedFrom count the messages numbered `from` on; received, duplicated
   * and reordered everything received (reorderedSeqs: the first of those that came after a higher number).
   */
  report({ from = 1 } = {}) {
    const outcomes = [...this.sent].filter(([seq]) => seq >= from).map(([, e]) => e.outcome);
    const seen = new Set();
    let max = 0;
    let duplicated = 0;
    let reordered = 0;
    let reorderedFrom = 0;
    const reorderedSeqs = [];
    for (const { seq } of this.inbox()) {
      if (seen.has(seq)) {
        duplicated += 1;
        continue;
      }
      seen.add(seq);
      if (seq < max) {
        reordered += 1;
        if (seq >= from) reorderedFrom += 1;
        if (reorderedSeqs.length < 20) reorderedSeqs.push(seq);
      }
      max = Math.max(max, seq);
    }
    const lostSeqs = this.missing(from);
    return {
      from,
      sent: outcomes.length,
      acked: outcomes.filter((o) => o === 'acked').length,
      refused: outcomes.filter((o) => o === 'refused').length,
      noAck: outcomes.filter((o) => o === 'no-ack').length,
      received: this.inbox().length,
      lost: lostSeqs.length,
      duplicated,
      reordered,
      reorderedFrom,
      reorderedSeqs,
      lostSeqs: lostSeqs.slice(0, 20),
      // when each of the first lost was sent and acknowledged, to find it in the servers' logs
      // what arrived just before and after the first lost, and on which socket
      receivedAround: lostSeqs.length === 0 ? [] : this.inbox()
        .filter((m) => Math.abs(m.seq - lostSeqs[0]) <= 3)
        .map((m) => `${m.seq} on ${m.socket} ${new Date(m.at).toISOString()}`),
      lostTimes: lostSeqs.slice(0, 5).map((seq) => {
        const e = this.sent.get(seq);
        return `${seq} ${e.type} sent on ${e.socket} ${new Date(e.sentAt).toISOString()} acked ${new Date(e.at).toISOString()}`;
      }),
    };
  }
}
