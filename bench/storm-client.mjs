// One client process of the reconnect storm (storm.mjs forks it): holds the sockets of a range of calls, both members
// of each, and does what the coordinator says over IPC:
//   connect {url, secret, first, last, concurrency} → joined {joined, errors}   sockets [first, last) connect and join
//   arm                                            → armed                      from now on, count and time the storm
//   report                                         → report {backAt, verifiedAt, attempts, failed, …}
//   close                                                                       disconnect everything and exit
// While armed it sends progress {back, verified} every 500 ms.
//
// Each socket behaves as the SDK's (sdk/js): socket.io-client with its default reconnection back-off, `join_call`
// again on every `authenticated`, and `connect()` after a server-side disconnect (`io server disconnect`, which
// socket.io does not retry by itself). A client is back when its join is acknowledged; a call is back when an offer
// from its first member has reached its second through the new server.
import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { OFFER_SDP } from './sdp.mjs';

const now = () => performance.timeOrigin + performance.now();
const userIdOf = (i) => `u${i}`;
const sessionIdOf = (i) => `storm_${Math.floor(i / 2)}`;

let first = 0;
let sockets = [];
let joinedOnce;
let backAt; // per socket: when its join was last acknowledged after arming, 0 while it is out
let verifiedAt; // per call (local index): when the offer last arrived after both members were back
let armed = false;
let progressTimer = null;
const count = { attempts: 0, failed: 0, failedBy: {}, joinErrors: {}, disconnects: {}, verifyErrors: {} };
const bump = (map, key) => { map[key] = (map[key] ?? 0) + 1; };

function token(userId, sessionId, secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, sid: sessionId, role: 'participant', iat, exp: iat + 4 * 3600 })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The first member of a call, once both are back, sends one offer to the second. */
function verify(local) {
  const a = local - (local % 2);
  if (!armed || backAt[a] === 0 || backAt[a + 1] === 0) return;
  sockets[a].emit('offer', { to: userIdOf(first + a + 1), sdp: { type: 'offer', sdp: OFFER_SDP } }, (ack) => {
    if (ack?.ok !== true) bump(count.verifyErrors, ack?.error?.code ?? 'BAD_ACK');
  });
}

function open(url, secret, local) {
  const i = first + local;
  const userId = userIdOf(i);
  const sessionId = sessionIdOf(i);
  // socket.io-client's defaults (reconnection on, 1 s doubling to 5 s with ±50 % jitter, 20 s connect timeout), on
  // the websocket transport, without permessage-deflate as in load.mjs.
  const s = io(url, { transports: ['websocket'], forceNew: true, perMessageDeflate: false, auth: { token: token(userId, sessionId, secret) } });
  sockets[local] = s;
  return new Promise((resolve) => {
    s.on('authenticated', () => {
      s.emit('join_call', { sessionId }, (ack) => {
        if (ack?.ok !== true || ack.sessionId !== sessionId) {
          bump(count.joinErrors, ack?.error?.code ?? 'BAD_ACK');
          return;
        }
        if (!joinedOnce[local]) {
          joinedOnce[local] = 1;
          resolve(true);
        }
        if (armed) {
          backAt[local] = now();
          verify(local);
        }
      });
    });
    s.on('offer', (msg) => {
      if (armed && msg?.from === userIdOf(i - 1) && backAt[local] !== 0) verifiedAt[local >> 1] = now();
    });
    s.on('connect_error', (err) => {
      if (!armed) return;
      count.failed++;
      // "websocket error" with the HTTP status or errno where the library gives one (503 while draining, ECONNREFUSED
      // while nothing listens), or the server's CONNECT_ERROR message.
      const cause = err?.description?.message ?? err?.context?.statusCode ?? err?.description ?? '';
      bump(count.failedBy, `${err?.message ?? err}${cause === '' ? '' : `: ${typeof cause === 'object' ? JSON.stringify(cause) : cause}`}`);
    });
    s.io.on('reconnect_attempt', () => { if (armed) count.attempts++; });
    s.on('disconnect', (reason) => {
      if (armed) {
        bump(count.disconnects, reason);
        backAt[local] = 0;
        verifiedAt[local >> 1] = 0;
      }
      if (reason === 'io server disconnect') {
        if (armed) count.attempts++;
        s.connect();
      }
    });
  });
}

async function connect({ url, secret, first: from, last, concurrency }) {
  first = from;
  const n = last - from;
  sockets = new Array(n);
  joinedOnce = new Uint8Array(n);
  backAt = new Float64Array(n);
  verifiedAt = new Float64Array(n / 2);
  let next = 0;
  let joined = 0;
  const worker = async () => {
    for (let local = next++; local < n; local = next++) {
      if (await open(url, secret, local)) joined++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  process.send({ type: 'joined', joined, errors: { joinErrors: count.joinErrors } });
}

process.on('message', (m) => {
  switch (m.type) {
    case 'connect':
      connect(m).catch((e) => {
        console.error(e);
        process.exit(1);
      });
      break;
    case 'arm':
      armed = true;
      progressTimer = setInterval(() => {
        let back = 0;
        for (const t of backAt) if (t > 0) back++;
        let verified = 0;
        for (const t of verifiedAt) if (t > 0) verified++;
        process.send({ type: 'progress', back, verified });
      }, 500);
      process.send({ type: 'armed' });
      break;
    case 'report':
      process.send({ type: 'report', backAt: Array.from(backAt), verifiedAt: Array.from(verifiedAt), ...count });
      break;
    case 'close':
      clearInterval(progressTimer);
      for (const s of sockets) {
        s?.io.reconnection(false);
        s?.disconnect();
      }
      setTimeout(() => process.exit(0), 200);
      break;
    default:
      throw new Error(`storm-client: unknown message ${JSON.stringify(m)}`);
  }
});
