// SecureVOX Call — reference Node.js signaling server for benchmarks.
//
// This is the baseline the Java server is compared against: the protocol subset
// the benchmark exercises (see /work/shared/spec/PROTOCOL.md §3–§4), written the
// way a careful Node.js implementation would be, on the official `socket.io` 4
// package, plus the backend token endpoint `POST /api/call/token` (Bearer API
// key) so that "CPU per join" can include the mint. It is not the product: no
// Django `Token` credentials, no stats endpoint, no rate limiting, no reconnect
// grace (a dropped socket leaves its call at once).
//
//   SECUREVOX_CALL_JWT_SECRET=... SECUREVOX_CALL_API_KEY=... PORT=8003 node reference-server/server.mjs
//
// Environment:
//   SECUREVOX_CALL_JWT_SECRET  HS256 secret for call tokens (required)
//   SECUREVOX_CALL_API_KEY     API key of the trusted backend for POST /api/call/token
//                              (required; API_KEY is read when it is unset)
//   SECUREVOX_CALL_TOKEN_TTL   lifetime of minted tokens: seconds, or <n>s / <n>m / <n>h (default 1h)
//   PORT                       listen port (default 8003; SECUREVOX_CALL_PORT is
//                              honoured when PORT is unset)
//   HOST                       listen address (default 127.0.0.1)
//   SECUREVOX_CALL_MAX_PARTICIPANTS  participants per call (default 16)

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const SERVICE = 'SecureVOX Call Server';
const VERSION = '1.0.0';
const AUTH_TIMEOUT_MS = 10_000;
const MAX_SDP_BYTES = 64 * 1024;
const MAX_METADATA_BYTES = 1024;
const ID_RE = /^[A-Za-z0-9_.:@-]{1,128}$/;
const ROLES = new Set(['participant', 'host']);
const ICE_SERVERS = [{ urls: ['stun:stun.l.google.com:19302'] }];

const secret = process.env.SECUREVOX_CALL_JWT_SECRET;
if (!secret) {
  console.error('SECUREVOX_CALL_JWT_SECRET is required');
  process.exit(2);
}
const port = Number.parseInt(process.env.PORT ?? process.env.SECUREVOX_CALL_PORT ?? '8003', 10);
const host = process.env.HOST ?? '127.0.0.1';
const maxParticipants = Number.parseInt(process.env.SECUREVOX_CALL_MAX_PARTICIPANTS ?? '16', 10);
const secretBytes = Buffer.from(secret, 'utf8');

const apiKey = process.env.SECUREVOX_CALL_API_KEY || process.env.API_KEY;
if (!apiKey) {
  console.error('SECUREVOX_CALL_API_KEY (or API_KEY) is required');
  process.exit(2);
}
// Compared as SHA-256 digests in constant time, so neither the position of the first wrong
// character nor the key's length shows in the timing.
const apiKeyDigest = createHash('sha256').update(apiKey, 'utf8').digest();

const tokenTtlSec = (() => {
  const raw = process.env.SECUREVOX_CALL_TOKEN_TTL ?? '1h';
  const m = /^(\d+)([smh]?)$/.exec(raw.trim());
  const sec = m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 })[m[2]] : NaN;
  if (!Number.isSafeInteger(sec) || sec < 1) {
    console.error(`SECUREVOX_CALL_TOKEN_TTL: '${raw}' (expected: seconds, or <n>s, <n>m, <n>h; at least 1 s)`);
    process.exit(2);
  }
  return sec;
})();

// ---------------------------------------------------------------------------
// Call tokens: HS256 JWT, verified with node:crypto.

class CallError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Returns {userId, sessionId, role, expiresAt} or throws CallError. */
function verifyToken(token) {
  if (typeof token !== 'string' || token.length > 4096) {
    throw new CallError('INVALID_TOKEN', 'token missing or malformed');
  }
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 <= 0 || dot2 <= dot1 + 1 || token.indexOf('.', dot2 + 1) !== -1) {
    throw new CallError('INVALID_TOKEN', 'token malformed');
  }
  let header;
  let claims;
  try {
    header = b64urlJson(token.slice(0, dot1));
    claims = b64urlJson(token.slice(dot1 + 1, dot2));
  } catch {
    throw new CallError('INVALID_TOKEN', 'token malformed');
  }
  if (header === null || typeof header !== 'object' || header.alg !== 'HS256') {
    throw new CallError('INVALID_TOKEN', 'unsupported token algorithm');
  }
  const expected = createHmac('sha256', secretBytes).update(token.slice(0, dot2)).digest();
  const given = Buffer.from(token.slice(dot2 + 1), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CallError('INVALID_TOKEN', 'bad token signature');
  }
  if (claims === null || typeof claims !== 'object') {
    throw new CallError('INVALID_TOKEN', 'bad token claims');
  }
  const { sub, sid, exp, nbf } = claims;
  const role = claims.role ?? 'participant';
  if (typeof sub !== 'string' || !ID_RE.test(sub) || typeof sid !== 'string' || !ID_RE.test(sid)
      || !ROLES.has(role) || typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new CallError('INVALID_TOKEN', 'bad token claims');
  }
  const now = Date.now() / 1000;
  if (exp <= now) throw new CallError('TOKEN_EXPIRED', 'token expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now)) {
    throw new CallError('INVALID_TOKEN', 'token not yet valid');
  }
  return { userId: sub, sessionId: sid, role, expiresAt: exp };
}

// ---------------------------------------------------------------------------
// Calls: sessionId -> Map(userId -> {socket, participant}).

const calls = new Map();
let authenticatedSockets = 0;

function reply(socket, event, ack, result) {
  if (typeof ack === 'function') {
    ack(result);
  } else if (!result.ok) {
    socket.emit('call_error', { event, code: result.error.code, message: result.error.message });
  }
}

function fail(code, message) {
  return { ok: false, error: { code, message } };
}

const OK = Object.freeze({ ok: true });

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Removes the socket's participant from its call and tells the others. */
function leave(socket, reason) {
  const data = socket.data;
  const sessionId = data.callId;
  if (sessionId === null) return;
  data.callId = null;
  const call = calls.get(sessionId);
  if (call === undefined) return;
  const entry = call.get(data.userId);
  if (entry === undefined || entry.socket !== socket) return; // replaced meanwhile
  call.delete(data.userId);
  if (call.size === 0) {
    calls.delete(sessionId);
    return;
  }
  const msg = { sessionId, userId: data.userId, reason };
  for (const other of call.values()) other.socket.emit('participant_left', msg);
}

function onJoin(socket, payload, ack) {
  const data = socket.data;
  if (!isObject(payload) || typeof payload.sessionId !== 'string') {
    return reply(socket, 'join_call', ack, fail('INVALID_PAYLOAD', 'sessionId required'));
  }
  const { sessionId } = payload;
  if (sessionId !== data.sessionId) {
    return reply(socket, 'join_call', ack, fail('FORBIDDEN', 'token is not valid for this call'));
  }
  if (data.callId !== null) {
    return reply(socket, 'join_call', ack, fail('ALREADY_IN_CALL', 'socket is already in a call'));
  }
  let metadata = null;
  if (payload.metadata !== undefined && payload.metadata !== null) {
    if (!isObject(payload.metadata)
        || Buffer.byteLength(JSON.stringify(payload.metadata)) > MAX_METADATA_BYTES) {
      return reply(socket, 'join_call', ack, fail('INVALID_PAYLOAD', 'metadata must be an object of at most 1 KiB'));
    }
    metadata = payload.metadata;
  }
  let call = calls.get(sessionId);
  const previous = call?.get(data.userId);
  if (call !== undefined && previous === undefined && call.size >= maxParticipants) {
    return reply(socket, 'join_call', ack, fail('CALL_FULL', 'call is full'));
  }
  if (call === undefined) {
    call = new Map();
    calls.set(sessionId, call);
  }
  const participant = {
    userId: data.userId,
    role: data.role,
    audioMuted: payload.audioMuted === true,
    videoMuted: payload.videoMuted === true,
    joinedAt: Date.now(),
    metadata,
  };
  if (previous !== undefined) {
    // Same user from another socket: the new socket takes the place.
    previous.socket.data.callId = null;
    previous.socket.emit('participant_left', { sessionId, userId: data.userId, reason: 'replaced' });
  }
  call.set(data.userId, { socket, participant });
  data.callId = sessionId;

  const participants = [];
  for (const other of call.values()) {
    if (other.socket !== socket) participants.push(other.participant);
  }
  const joined = { sessionId, self: participant, participants, iceServers: ICE_SERVERS };
  socket.emit('call_joined', joined);
  if (typeof ack === 'function') ack({ ok: true, ...joined });
  if (previous === undefined && participants.length > 0) {
    const msg = { sessionId, participant };
    for (const other of call.values()) {
      if (other.socket !== socket) other.socket.emit('participant_joined', msg);
    }
  }
}

function normalizeSdp(sdp) {
  if (typeof sdp === 'string') return sdp;
  if (isObject(sdp) && (sdp.type === 'offer' || sdp.type === 'answer') && typeof sdp.sdp === 'string') {
    return sdp;
  }
  return null;
}

function sdpTooLarge(text) {
  return text.length > MAX_SDP_BYTES
    || (text.length * 3 > MAX_SDP_BYTES && Buffer.byteLength(text) > MAX_SDP_BYTES);
}

function normalizeCandidate(c) {
  if (c === null) return null;
  if (!isObject(c) || typeof c.candidate !== 'string' || c.candidate.length > 4096) return undefined;
  const out = {
    candidate: c.candidate,
    sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid : null,
    sdpMLineIndex: Number.isInteger(c.sdpMLineIndex) ? c.sdpMLineIndex : null,
  };
  if (typeof c.usernameFragment === 'string') out.usernameFragment = c.usernameFragment;
  return out;
}

/** offer / answer / ice_candidate: relay to `to` in the caller's call. */
function onRelay(socket, event, payload, ack) {
  const data = socket.data;
  if (!isObject(payload) || typeof payload.to !== 'string') {
    return reply(socket, event, ack, fail('INVALID_PAYLOAD', '`to` required'));
  }
  let body;
  if (event === 'ice_candidate') {
    const candidate = normalizeCandidate(payload.candidate);
    if (candidate === undefined) {
      return reply(socket, event, ack, fail('INVALID_PAYLOAD', 'bad candidate'));
    }
    body = { sessionId: null, from: data.userId, candidate };
  } else {
    let sdp = normalizeSdp(payload.sdp);
    if (sdp === null) return reply(socket, event, ack, fail('INVALID_PAYLOAD', 'bad sdp'));
    const text = typeof sdp === 'string' ? sdp : sdp.sdp;
    if (sdpTooLarge(text)) return reply(socket, event, ack, fail('INVALID_PAYLOAD', 'sdp too large'));
    if (typeof sdp === 'string') sdp = { type: event, sdp };
    else sdp = { type: sdp.type, sdp: sdp.sdp };
    body = { sessionId: null, from: data.userId, sdp };
  }
  if (data.callId === null) return reply(socket, event, ack, fail('NOT_IN_CALL', 'not in a call'));
  const target = calls.get(data.callId)?.get(payload.to);
  if (target === undefined || target.socket === socket) {
    return reply(socket, event, ack, fail('PARTICIPANT_NOT_FOUND', 'no such participant in this call'));
  }
  body.sessionId = data.callId;
  target.socket.emit(event, body);
  if (typeof ack === 'function') ack(OK);
}

function onMute(socket, event, payload, ack) {
  const data = socket.data;
  if (!isObject(payload) || typeof payload.muted !== 'boolean') {
    return reply(socket, event, ack, fail('INVALID_PAYLOAD', '`muted` must be a boolean'));
  }
  if (data.callId === null) return reply(socket, event, ack, fail('NOT_IN_CALL', 'not in a call'));
  const call = calls.get(data.callId);
  const entry = call.get(data.userId);
  if (event === 'mute_audio') entry.participant.audioMuted = payload.muted;
  else entry.participant.videoMuted = payload.muted;
  const msg = { sessionId: data.callId, participant: entry.participant };
  for (const other of call.values()) {
    if (other.socket !== socket) other.socket.emit('participant_updated', msg);
  }
  if (typeof ack === 'function') ack(OK);
}

function onLeave(socket, payload, ack) {
  const data = socket.data;
  if (data.callId === null
      || (isObject(payload) && payload.sessionId !== undefined && payload.sessionId !== data.callId)) {
    return reply(socket, 'leave_call', ack, fail('NOT_IN_CALL', 'not in this call'));
  }
  leave(socket, 'left');
  if (typeof ack === 'function') ack(OK);
}

// ---------------------------------------------------------------------------
// HTTP + Socket.IO.

function sendJson(res, status, body, close = false) {
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

function sendError(res, status, code, message, close = false) {
  sendJson(res, status, { error: { code, message } }, close);
}

// ---------------------------------------------------------------------------
// POST /api/call/token: the trusted backend (Bearer API key) mints a call token.
// Same checks, messages and claims as the Java server (HttpApi.mint, TokenRequest,
// CallTokens.mint); a Django `Token` credential is answered 401 (the benchmark mints with the API key only).

const MAX_API_BODY_BYTES = 64 * 1024;
const ID_RULE = '1 to 128 characters of [A-Za-z0-9_.:@-]';
const TOKEN_BODY_EXAMPLE = '{"userId", "sessionId", "role"}';
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const utf8 = new TextDecoder('utf-8', { fatal: true });

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const unauthenticated = (message) => new ApiError(401, 'UNAUTHENTICATED', message);
const invalidPayload = (message) => new ApiError(400, 'INVALID_PAYLOAD', message);
const shorten = (v) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);
const idProblem = (field, id) => (id === undefined
  ? `${field}: missing (expected: ${ID_RULE})` : `${field}: '${shorten(id)}' (expected: ${ID_RULE})`);

/** The credential of `<scheme> <credential>` (scheme in any case), or null (as AuthorizationHeader.credential). */
function credential(header, scheme) {
  const h = header.trim();
  const space = h.indexOf(' ');
  if (space <= 0 || h.slice(0, space).toLowerCase() !== scheme) return null;
  const c = h.slice(space + 1).trim();
  return c === '' || /\s/.test(c) ? null : c;
}

function apiKeyMatches(presented) {
  return timingSafeEqual(apiKeyDigest, createHash('sha256').update(presented, 'utf8').digest());
}

function checkApiKey(authorization) {
  if (authorization === undefined) {
    throw unauthenticated('Authorization: missing (expected: Bearer <API key> or Token <user token>)');
  }
  const bearer = credential(authorization, 'bearer');
  if (bearer === null) {
    if (/^token /i.test(authorization)) {
      throw unauthenticated('Authorization: Token credentials are not enabled here (expected: Bearer <API key>)');
    }
    throw unauthenticated('Authorization: unknown scheme (expected: Bearer <API key> or Token <user token>)');
  }
  if (!apiKeyMatches(bearer)) throw unauthenticated('Authorization: wrong API key');
}

/** One JSON object (JSON.parse already refuses content after it; duplicate keys are not detected). */
function parseObject(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalidPayload(`body: not valid JSON (expected: a JSON object like ${TOKEN_BODY_EXAMPLE})`);
  }
  if (text.trim() === '') throw invalidPayload(`body: empty (expected: a JSON object like ${TOKEN_BODY_EXAMPLE})`);
  let root;
  try {
    root = JSON.parse(text);
  } catch {
    throw invalidPayload(`body: not valid JSON (expected: a JSON object like ${TOKEN_BODY_EXAMPLE})`);
  }
  if (!isObject(root)) {
    const type = root === null ? 'null' : Array.isArray(root) ? 'array' : typeof root;
    throw invalidPayload(`body: ${type} (expected: a JSON object)`);
  }
  return root;
}

function optionalId(root, field) {
  const v = root[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidPayload(`${field}: not a string (expected: ${ID_RULE})`);
  if (!ID_RE.test(v)) throw invalidPayload(idProblem(field, v));
  return v;
}

/** {userId?, sessionId, role} from the body, as TokenRequest.parse. */
function tokenRequest(bytes) {
  const root = parseObject(bytes);
  const userId = optionalId(root, 'userId');
  const sessionId = optionalId(root, 'sessionId');
  if (sessionId === undefined) throw invalidPayload(idProblem('sessionId', undefined));
  let role = 'participant';
  if (root.role !== undefined && root.role !== null) {
    if (typeof root.role !== 'string') throw invalidPayload('role: not a string (expected: "participant" or "host")');
    if (!ROLES.has(root.role)) throw invalidPayload(`role: '${shorten(root.role)}' (expected: "participant" or "host")`);
    role = root.role;
  }
  return { userId, sessionId, role };
}

/** Claims as CallTokens.mint: sub, sid, role, iat, exp (whole seconds), jti (16 random bytes). */
function mintToken(userId, sessionId, role) {
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.floor(nowMs / 1000 + tokenTtlSec);
  const claims = { sub: userId, sid: sessionId, role, iat, exp, jti: randomBytes(16).toString('base64url') };
  const signingInput = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = createHmac('sha256', secretBytes).update(signingInput).digest('base64url');
  return { token: `${signingInput}.${signature}`, expiresAt: exp };
}

function onMint(req, res, body) {
  checkApiKey(req.headers.authorization);
  const request = tokenRequest(body);
  if (request.userId === undefined) throw invalidPayload(idProblem('userId', undefined));
  const { token, expiresAt } = mintToken(request.userId, request.sessionId, request.role);
  // The Java server logs every mint at INFO (an audit line); so does this one.
  console.log(`${new Date().toISOString()} INFO token minted userId=${request.userId} `
    + `sessionId=${request.sessionId} role=${request.role} by=backend`);
  sendJson(res, 200, {
    token,
    expiresAt,
    userId: request.userId,
    sessionId: request.sessionId,
    role: request.role,
    iceServers: ICE_SERVERS,
  });
}

/**
 * Reads the request body, at most MAX_API_BODY_BYTES: a longer one (announced or counted) is answered
 * 413 and the connection closed, since the rest of the body may still be on its way.
 */
function readBody(req, res, then) {
  const tooLarge = (length) => sendError(res, 413, 'PAYLOAD_TOO_LARGE',
    `body: ${length} bytes (expected: at most ${MAX_API_BODY_BYTES})`, true);
  const announced = Number(req.headers['content-length']);
  if (announced > MAX_API_BODY_BYTES) return tooLarge(announced);
  const chunks = [];
  let length = 0;
  let refused = false;
  req.on('data', (chunk) => {
    if (refused) return;
    length += chunk.length;
    if (length > MAX_API_BODY_BYTES) {
      refused = true;
      tooLarge(length);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!refused) then(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
  });
  req.on('error', () => {}); // aborted by the client: nothing to answer
}

function api(req, res, handler) {
  readBody(req, res, (body) => {
    try {
      handler(req, res, body);
    } catch (e) {
      if (e instanceof ApiError) return sendError(res, e.status, e.code, e.message);
      const ref = randomBytes(4).toString('hex');
      console.error(`internal error ref=${ref} method=${req.method} path=${req.url.split('?', 1)[0]}`, e);
      sendError(res, 500, 'INTERNAL', `internal error (ref ${ref})`);
    }
  });
}

const httpServer = createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (path === '/api/call/token') {
    if (req.method !== 'POST') {
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `method ${req.method} on ${path} (expected: POST)`);
    }
    return api(req, res, onMint);
  }
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    return sendJson(res, 200, {
      status: 'healthy',
      service: SERVICE,
      version: VERSION,
      activeCalls: calls.size,
      connectedUsers: authenticatedSockets,
      implementation: 'node-reference',
    });
  }
  sendError(res, 404, 'NOT_FOUND', `no route for ${path}`);
});

const io = new Server(httpServer, {
  path: '/socket.io/',
  serveClient: false,
  transports: ['polling', 'websocket'],
  // 64 KiB SDP plus JSON escaping and envelope; engine.io's default is 1 MB.
  maxHttpBufferSize: 256 * 1024,
  perMessageDeflate: false,
});

function markAuthenticated(socket, auth) {
  socket.data = { ...auth, callId: null, authTimer: null };
  authenticatedSockets++;
  socket.emit('authenticated', auth);
}

// Handshake authentication: a bad token fails the connection with the error code
// as the connect_error message; no token lets the socket connect and use the
// `authenticate` event instead.
io.use((socket, next) => {
  const token = socket.handshake.auth?.token;
  if (token === undefined || token === null || token === '') {
    socket.data = null;
    return next();
  }
  try {
    socket.data = { pendingAuth: verifyToken(token) };
    next();
  } catch (e) {
    const err = new Error(e.code ?? 'INVALID_TOKEN');
    err.data = { code: e.code ?? 'INVALID_TOKEN', message: e.message };
    next(err);
  }
});

const RELAYS = ['offer', 'answer', 'ice_candidate'];

io.on('connection', (socket) => {
  if (socket.data !== null) {
    markAuthenticated(socket, socket.data.pendingAuth);
  } else {
    // Event authentication; one timer per not-yet-authenticated socket only.
    const timer = setTimeout(() => socket.disconnect(true), AUTH_TIMEOUT_MS);
    socket.data = { callId: null, authTimer: timer };
  }

  socket.on('authenticate', (payload, ack) => {
    if (socket.data.userId !== undefined) {
      return reply(socket, 'authenticate', ack, fail('INVALID_PAYLOAD', 'already authenticated'));
    }
    let auth;
    try {
      auth = verifyToken(isObject(payload) ? payload.token : undefined);
    } catch (e) {
      const error = { code: e.code ?? 'INVALID_TOKEN', message: e.message };
      if (typeof ack === 'function') ack({ ok: false, error });
      socket.emit('auth_error', error);
      socket.disconnect(true);
      return;
    }
    clearTimeout(socket.data.authTimer);
    markAuthenticated(socket, auth);
    if (typeof ack === 'function') ack({ ok: true, ...auth });
  });

  // Every other event requires authentication.
  socket.use(([event, , ack], next) => {
    if (event === 'authenticate' || socket.data.userId !== undefined) return next();
    const result = fail('UNAUTHENTICATED', 'authenticate first');
    const cb = typeof ack === 'function' ? ack : undefined;
    reply(socket, event, cb, result);
  });

  socket.on('join_call', (payload, ack) => onJoin(socket, payload, ack));
  socket.on('leave_call', (payload, ack) => onLeave(socket, payload, ack));
  for (const event of RELAYS) {
    socket.on(event, (payload, ack) => onRelay(socket, event, payload, ack));
  }
  socket.on('mute_audio', (payload, ack) => onMute(socket, 'mute_audio', payload, ack));
  socket.on('mute_video', (payload, ack) => onMute(socket, 'mute_video', payload, ack));

  socket.on('disconnect', () => {
    const data = socket.data;
    if (data.authTimer !== null) clearTimeout(data.authTimer);
    if (data.userId === undefined) return;
    authenticatedSockets--;
    leave(socket, 'disconnected');
  });
});

httpServer.listen(port, host, () => {
  console.log(`${SERVICE} (node reference) listening on http://${host}:${port} pid=${process.pid}`);
});

let closing = false;
function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  // Bounded: exit even if some connection refuses to close.
  setTimeout(() => process.exit(0), 5000).unref();
  io.close(() => process.exit(0));
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
