// The demo call page: a thin UI over the SDK. Development servers serve it at / (docs/README).
import { SecureVoxCall } from '/sdk/securevox-call.js';
import { setupRinging, slugOf } from '/demo/ring.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// ?res=160x120 keeps automated runs light; people get a normal camera size.
const [width, height] = (params.get('res') ?? '640x360').split('x').map(Number);
// ?ice=relay sends media through the server's TURN only (iceTransportPolicy 'relay').
const iceTransportPolicy = params.get('ice') === 'relay' ? 'relay' : undefined;
// ?sfu=0 plays an app that knows only the mesh: it does not tell the server it can use the SFU.
const sfu = params.get('sfu') !== '0';
// ?views=0 leaves the layer choice to the caller (tests call demo.call.setViews themselves).
const reportsViews = params.get('views') !== '0';
// ?e2ee=<passphrase> joins end-to-end encrypted (the form's passphrase field, filled in).
const presetPassphrase = params.get('e2ee');
// ?video=0 joins with the microphone only (an audio call), as a call rung for audio does.
const withVideo = params.get('video') !== '0';

/** Exposed for the end-to-end tests and for poking around in the console. */
const demo = {
  call: null, userId: null, joinClickedAt: null, firstRemoteFrameAt: null, mediaMode: null, speakers: [],
  /** Every `e2ee` event of the call, in order. */
  e2eeEvents: [],
  passphraseKey,
};
window.demo = demo;

/**
 * A passphrase typed by people is weak key material: PBKDF2 stretches it into the 32-byte key the
 * SDK takes. The call id salts it, so one passphrase gives each call its own key. A real app brings
 * a random key from its own encrypted messaging instead.
 */
async function passphraseKey(passphrase, sessionId) {
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(`SecureVOX Call demo ${sessionId}`), iterations: 200_000 },
    material,
    256,
  );
  return new Uint8Array(bits);
}

const tiles = new Map();

function tileFor(userId, kind, name) {
  const key = `${userId}:${kind}`;
  let tile = tiles.get(key);
  if (!tile) {
    tile = $('tile-template').content.firstElementChild.cloneNode(true);
    tile.dataset.userId = userId;
    tile.dataset.kind = kind;
    tile.dataset.local = String(userId === demo.userId);
    tiles.set(key, tile);
    $('grid').append(tile);
  }
  if (name) tile.querySelector('.name').textContent = kind === 'screen' ? `${name} (screen)` : name;
  return tile;
}

function removeTiles(userId, kind) {
  for (const [key, tile] of tiles) {
    if (tile.dataset.userId === userId && (!kind || tile.dataset.kind === kind)) {
      tile.remove();
      tiles.delete(key);
    }
  }
}

const displayName = (participant) => participant.metadata?.name ?? participant.userId;

/** userId → display name of everyone seen in the call. */
const names = new Map();

function showParticipant(participant) {
  const self = participant.userId === demo.userId;
  names.set(participant.userId, displayName(participant));
  // Our own tile keeps its "(you)" name; a host's mute of us shows on it and on our buttons.
  const tile = tileFor(participant.userId, 'camera', self ? undefined : displayName(participant));
  tile.querySelector('.audio-muted').hidden = !participant.audioMuted;
  tile.querySelector('.video-muted').hidden = !participant.videoMuted;
  if (self) {
    toggle($('mute-audio'), participant.audioMuted, ['Mute', 'Unmute']);
    toggle($('mute-video'), participant.videoMuted, ['Camera off', 'Camera on']);
  } else if (demo.host) {
    showHostActions(tile, participant);
  }
}

/** A host's buttons on someone else's tile: mute their microphone, remove them. */
function showHostActions(tile, participant) {
  const actions = tile.querySelector('.host-actions');
  actions.hidden = false;
  const mute = actions.querySelector('.mute-them');
  mute.disabled = participant.audioMuted;
  mute.onclick = () => demo.call.muteParticipant(participant.userId, 'audio').catch((err) => showError(`${err.code}: ${err.message}`));
  actions.querySelector('.remove-them').onclick = () =>
    demo.call.removeParticipant(participant.userId).catch((err) => showError(`${err.code}: ${err.message}`));
}

function chatLine(from, text) {
  const item = document.createElement('li');
  const who = document.createElement('b');
  who.textContent = `${from}: `;
  item.append(who, text);
  $('chat-log').append(item);
  item.scrollIntoView({ block: 'nearest' });
}

async function sendChat(event) {
  event.preventDefault();
  const text = $('chat-text').value.trim();
  if (!text || !demo.call) return;
  $('chat-text').value = '';
  try {
    await demo.call.sendData({ text }, { topic: 'chat' });
    chatLine('you', text);
  } catch (err) {
    showError(`${err.code}: ${err.message}`);
  }
}

function setState(userId, state) {
  const label = tileFor(userId, 'camera').querySelector('.state');
  label.textContent = state;
  label.dataset.state = state;
}

function attach(tile, stream, local) {
  const video = tile.querySelector('video');
  if (video.srcObject === stream) return;
  video.srcObject = stream;
  video.muted = local;
  if (!local && demo.firstRemoteFrameAt === null && 'requestVideoFrameCallback' in video) {
    video.requestVideoFrameCallback(() => { demo.firstRemoteFrameAt ??= performance.now(); });
  }
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

async function fetchToken(userId, sessionId, role) {
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, sessionId, role }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `token: HTTP ${response.status}`);
  return body.token;
}

/**
 * A token handed in the URL (?token=…) is used as is: production servers have no dev token route,
 * so a demo enabled there (SECUREVOX_CALL_DEMO=1) takes tokens minted by the app's backend.
 */
const presetToken = params.get('token');

function tokenClaims(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload));
}

const tokenUserId = (token) => tokenClaims(token).sub;

function userIdFor(name) {
  const slug = slugOf(name) || 'guest';
  return `${slug}-${Math.random().toString(36).slice(2, 8)}`;
}

async function join(event) {
  event.preventDefault();
  const name = $('name').value.trim();
  const sessionId = $('call-id').value.trim();
  let userId;
  try {
    userId = presetToken ? tokenUserId(presetToken) : userIdFor(name);
  } catch (err) {
    showError(`token: ${err.message}`);
    return;
  }
  const host = presetToken ? tokenClaims(presetToken).role === 'host' : $('host').checked;
  const role = host ? 'host' : 'participant';
  const token = presetToken ? () => presetToken : () => fetchToken(userId, sessionId, role);
  await enterCall({ name, sessionId, userId, token, host, video: withVideo });
}

/**
 * Joins `sessionId` as `userId` with `token` (a call token or a function returning one): the call-id
 * form's path, and the one a call rung by name takes (ring.js) with the token its ring carries.
 * Resolves false when joining failed (the page says why).
 */
async function enterCall({ name, sessionId, userId, token, video = true, host = false }) {
  demo.joinClickedAt = performance.now();
  demo.firstRemoteFrameAt = null;
  $('error').hidden = true;
  $('join').disabled = true;
  const passphrase = $('e2ee-passphrase').value;
  try {
    demo.userId = userId;
    demo.host = host;
    const localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: video && { width, height } });
    const call = new SecureVoxCall({ token, localStream, iceTransportPolicy, sfu });
    demo.call = call;
    wire(call);
    attach(tileFor(demo.userId, 'camera', `${name} (you)`), localStream, true);
    $('media-mode').textContent = '· media peer to peer';
    setState(demo.userId, 'local');
    const e2ee = passphrase ? { key: await passphraseKey(passphrase, sessionId) } : undefined;
    await call.join({ sessionId, metadata: { name }, e2ee });
    $('e2ee').hidden = !call.e2ee;
    $('end-call').hidden = !demo.host;
    $('join-form').hidden = true;
    $('call').hidden = false;
    document.body.dataset.state = 'joined';
    $('status').textContent = `In call ${sessionId} as ${name}`;
    return true;
  } catch (err) {
    showError(err.message ?? String(err.code));
    removeTiles(demo.userId);
    demo.call?.leave();
    demo.call = null;
    $('join').disabled = false;
    return false;
  }
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

/** Tells the server how large each remote video is shown, so the SFU sends a layer that fits. */
let viewsTimer = null;
function reportViews() {
  clearTimeout(viewsTimer);
  viewsTimer = setTimeout(() => {
    const call = demo.call;
    if (!call || call.mediaMode !== 'sfu' || !reportsViews) return;
    const views = [...tiles.values()]
      .filter((tile) => tile.dataset.local === 'false' && tile.dataset.kind === 'camera')
      .map((tile) => ({ userId: tile.dataset.userId, width: tile.clientWidth, height: tile.clientHeight }));
    call.setViews(views).catch(() => {});
  }, 250);
}
new ResizeObserver(reportViews).observe($('grid'));

function aloneNotice(call) {
  if (call.participants.size === 0) notice('You are alone in the call.');
}

function wire(call) {
  call.on('joined', ({ participants }) => {
    participants.forEach(showParticipant);
    aloneNotice(call);
  });
  call.on('participantjoined', ({ participant }) => {
    showParticipant(participant);
    notice(`${displayName(participant)} joined.`);
    reportViews();
  });
  call.on('participantupdated', ({ participant }) => showParticipant(participant));
  call.on('participantleft', ({ userId, reason }) => {
    const name = tiles.get(`${userId}:camera`)?.querySelector('.name').textContent ?? userId;
    removeTiles(userId);
    notice(`${name} ${reason === 'disconnected' ? 'lost their connection' : 'left'}.`);
    aloneNotice(call);
  });
  call.on('mediaMode', (mode) => {
    demo.mediaMode = mode;
    document.body.dataset.media = mode;
    $('media-mode').textContent = mode === 'sfu' ? '· media through the server (SFU)' : '· media peer to peer';
    reportViews();
  });
  call.on('recording', ({ recording }) => {
    $('recording').hidden = !recording;
    notice(recording ? 'This call is being recorded.' : 'Recording stopped.');
  });
  call.on('activeSpeakers', (userIds) => {
    demo.speakers = userIds;
    for (const tile of tiles.values()) {
      tile.classList.toggle('speaking', tile.dataset.kind === 'camera' && tile.dataset.userId === userIds[0]);
    }
  });
  call.on('track', ({ userId, stream, kind }) => {
    const participant = call.participants.get(userId);
    attach(tileFor(userId, kind, participant ? displayName(participant) : userId), stream, false);
  });
  call.on('streamremoved', ({ userId, kind }) => { if (kind === 'screen') removeTiles(userId, 'screen'); });
  call.on('connectionstatechange', ({ userId, state }) => setState(userId, state));
  call.on('e2ee', (event) => {
    demo.e2eeEvents.push(event);
    // Frames still in flight from someone who left must not bring their tile back.
    const tile = tiles.get(`${event.userId}:camera`);
    if (tile) tile.querySelector('.e2ee-failed').hidden = event.state !== 'decrypt-failed';
  });
  call.on('reconnecting', () => { $('status').textContent = 'Connection lost, re-joining…'; });
  call.on('reconnected', () => { $('status').textContent = 'Back in the call'; });
  call.on('error', (err) => showError(`${err.code}: ${err.message}`));
  // Names outlive the call: when a host ends it, the SDK has forgotten the participants by the time we say who did.
  const nameOf = (userId) => (userId === 'api' ? 'the organiser' : names.get(userId) ?? userId);
  call.on('muteRequest', ({ kind, by }) => notice(`${nameOf(by)} turned your ${kind === 'audio' ? 'microphone' : 'camera'} off.`));
  call.on('removed', ({ by }) => { resetUi(); showError(`${nameOf(by)} removed you from the call.`); });
  call.on('callEnded', ({ by }) => { resetUi(); showError(`${nameOf(by)} ended the call for everyone.`); });
  call.on('data', ({ from, topic, payload }) => {
    if (topic === 'chat' && typeof payload?.text === 'string') chatLine(nameOf(from), payload.text);
  });
}

function toggle(button, on, labels) {
  button.setAttribute('aria-pressed', String(on));
  button.textContent = labels[on ? 1 : 0];
}

async function muteAudio() {
  const muted = $('mute-audio').getAttribute('aria-pressed') !== 'true';
  toggle($('mute-audio'), muted, ['Mute', 'Unmute']);
  await demo.call.muteAudio(muted);
  tileFor(demo.userId, 'camera').querySelector('.audio-muted').hidden = !muted;
}

async function muteVideo() {
  const muted = $('mute-video').getAttribute('aria-pressed') !== 'true';
  toggle($('mute-video'), muted, ['Camera off', 'Camera on']);
  await demo.call.muteVideo(muted);
  tileFor(demo.userId, 'camera').querySelector('.video-muted').hidden = !muted;
}

/** Shares the screen, or `stream` when given (tests share a canvas). */
async function share(stream) {
  const call = demo.call;
  if (call.screenStream) {
    call.stopScreenShare();
    removeTiles(demo.userId, 'screen');
    toggle($('share'), false, ['Share screen', 'Stop sharing']);
    return;
  }
  try {
    const screen = await call.startScreenShare(stream instanceof MediaStream ? stream : undefined);
    attach(tileFor(demo.userId, 'screen', 'Your screen'), screen, true);
    toggle($('share'), true, ['Share screen', 'Stop sharing']);
    screen.getVideoTracks()[0]?.addEventListener('ended', () => {
      removeTiles(demo.userId, 'screen');
      toggle($('share'), false, ['Share screen', 'Stop sharing']);
    });
  } catch (err) {
    showError(`Screen sharing: ${err.message}`);
  }
}
demo.share = share;

async function leave() {
  await demo.call.leave();
  resetUi();
}

/** Back to the join form: after leaving, or when a host removed us or ended the call (the SDK has left). */
function resetUi() {
  demo.call = null;
  for (const tile of tiles.values()) tile.querySelector('video').srcObject?.getTracks().forEach((t) => t.stop());
  tiles.forEach((tile) => tile.remove());
  tiles.clear();
  $('call').hidden = true;
  $('e2ee').hidden = true;
  $('end-call').hidden = true;
  $('chat-log').replaceChildren();
  notice('');
  $('join-form').hidden = false;
  $('join').disabled = false;
  document.body.dataset.state = 'idle';
}

$('name').value = params.get('name') ?? '';
if (params.get('call')) $('call-id').value = params.get('call');
if (presetPassphrase) $('e2ee-passphrase').value = presetPassphrase;
$('join-form').addEventListener('submit', join);
$('mute-audio').addEventListener('click', muteAudio);
$('mute-video').addEventListener('click', muteVideo);
$('share').addEventListener('click', () => share());
$('leave').addEventListener('click', leave);
$('end-call').addEventListener('click', () => demo.call?.endCall().catch((err) => showError(`${err.code}: ${err.message}`)));
$('chat-form').addEventListener('submit', sendChat);
setupRinging({ demo, params, enterCall, leaveCall: leave, tokenUserId });
