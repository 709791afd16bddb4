// Calling a person by name on the demo page (docs/protocol.md, "Calling a person"): a device
// connection for the name typed in "Your name", the "Call a person" form with the caller's progress,
// and the callee's ringing screen. Joining the call itself is demo.js's job (enterCall), so a call
// that rang goes through the same SecureVoxCall path as one joined by its id.
import { SecureVoxDevice } from '/sdk/device.js';

const $ = (id) => document.getElementById(id);

/** The user id a name is called by: "Ann Lee" → "ann-lee". Whoever types a name is that person. */
export function slugOf(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
}

/** The caller's notice for each final invitee state; `who` is the name as the caller typed it. */
const OUTCOMES = {
  declined: (who) => `${who} declined the call.`,
  busy: (who) => `${who} is busy in another call.`,
  missed: (who) => `Missed: ${who} did not answer.`,
  unreachable: (who) => `${who} is unreachable: nobody is online as “${slugOf(who)}”.`,
  cancelled: (who) => `The call to ${who} was cancelled.`,
  forbidden: (who) => `You may not call ${who} (forbidden).`,
};

/** The callee's notice when its ringing screen goes away without it answering. */
const ENDINGS = {
  answered_elsewhere: (who) => `The call from ${who} was answered on another device.`,
  declined_elsewhere: (who) => `The call from ${who} was declined on another device.`,
  cancelled: (who) => `${who} cancelled the call.`,
  missed: (who) => `Missed call from ${who}.`,
};

/**
 * Wires the ringing UI. `enterCall({name, sessionId, userId, token, video, host})` joins a call and
 * resolves false when that failed; `leaveCall()` leaves the current one; `tokenUserId(jwt)` reads a
 * token's subject; `demo` is the page's test handle (it gets `device`).
 */
export function setupRinging({ demo, params, enterCall, leaveCall, tokenUserId }) {
  // ?userToken=… plays the production case: no dev token route, a user token minted by the app's
  // backend (POST /api/user/token), like ?token=… for the call token.
  const presetUserToken = params.get('userToken');
  const myName = () => $('name').value.trim();
  let device = null;
  let deviceUserId = null;
  /** The call this page is ringing: {sessionId, who, media, ack, ended}. */
  let outgoing = null;
  /** The call ringing on this page: {sessionId, who, media, timer}. */
  let incoming = null;

  function ringNotice(text, outcome = '') {
    $('ring-notice').textContent = text;
    $('ring-notice').dataset.outcome = outcome;
    $('ring-notice').hidden = !text;
  }

  function deviceState(state, text) {
    document.body.dataset.device = state;
    $('device-status').textContent = text;
    updateButtons();
  }

  /** One call at a time, and only once the device connection is up. */
  function updateButtons() {
    const idle = document.body.dataset.device !== 'online' || outgoing !== null;
    $('call-video').disabled = idle;
    $('call-audio').disabled = idle;
  }

  async function fetchUserToken(userId) {
    const response = await fetch('/api/dev/user-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (response.status === 404) {
      throw new Error('calling a person needs a user token: this server mints none for the page (development only); '
        + 'open the page with ?userToken=<a token from POST /api/user/token>');
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error?.message ?? `user token: HTTP ${response.status}`);
    return body.token;
  }

  /** (Re)connects the device connection for the current name; one page is one device of that person. */
  async function openDevice() {
    const userId = presetUserToken ? tokenUserId(presetUserToken) : slugOf(myName());
    if (userId === deviceUserId) return;
    device?.close();
    device = null;
    demo.device = null;
    deviceUserId = userId;
    if (outgoing) endOutgoing(`The call to ${outgoing.who} stopped: you changed your name.`, 'cancelled');
    if (incoming) endIncoming(`The call from ${incoming.who} stopped: you changed your name.`);
    if (!userId) {
      deviceState('offline', 'Type your name above: others call you by it.');
      return;
    }
    deviceState('connecting', `Connecting as “${userId}”…`);
    let first;
    try {
      first = presetUserToken ?? await fetchUserToken(userId);
    } catch (err) {
      if (deviceUserId === userId) deviceState('unavailable', err.message);
      return;
    }
    if (deviceUserId !== userId) return; // renamed while the token was on its way
    // The first connection uses the token just fetched; reconnections fetch a fresh one.
    const token = () => {
      const t = first ?? presetUserToken ?? fetchUserToken(userId);
      first = null;
      return t;
    };
    device = new SecureVoxDevice({ token });
    demo.device = device;
    device.on('authenticated', () => deviceState('online', `Others can call you as “${userId}”.`));
    device.on('error', (err) => deviceState('error', `${err.code}: ${err.message}`));
    device.socket.on('disconnect', () => deviceState('connecting', `Connection lost, reconnecting as “${userId}”…`));
    device.on('inviteState', onInviteState);
    device.on('incomingCall', onIncomingCall);
    device.on('incomingCallEnded', ({ sessionId, reason }) => {
      if (incoming?.sessionId === sessionId) endIncoming(ENDINGS[reason]?.(incoming.who) ?? `The call ended (${reason}).`);
    });
  }

  function showOutgoing(text) {
    $('outgoing-status').textContent = text;
    $('outgoing').hidden = false;
  }

  function endOutgoing(text, outcome) {
    outgoing.ended = true;
    outgoing = null;
    $('outgoing').hidden = true;
    updateButtons();
    ringNotice(text, outcome);
  }

  async function callPerson(event) {
    event.preventDefault();
    const who = $('callee').value.trim();
    const calleeId = slugOf(who);
    if (!device || outgoing) return;
    if (!calleeId) {
      ringNotice('Type the name of the person to call.');
      return;
    }
    const media = event.submitter?.value === 'audio' ? 'audio' : 'video';
    // The page names the call, so it knows which invite_state is about it (they may arrive before
    // the acknowledgement) and can cancel before the acknowledgement is back.
    const sessionId = crypto.randomUUID?.() ?? `ring-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const call = { sessionId, who, media, ended: false };
    call.ack = device.invite(calleeId, { media, sessionId, metadata: { name: myName() } });
    outgoing = call;
    ringNotice('');
    updateButtons();
    showOutgoing(`Calling ${who}…`);
    $('cancel-call').focus();
    try {
      const ack = await call.ack;
      // The states at the acknowledgement; invite_state brings the same, whichever comes first wins.
      for (const invitee of ack.invitees) onInviteState({ sessionId, userId: invitee.userId, state: invitee.state });
    } catch (err) {
      if (!call.ended) endOutgoing(`Calling ${who} failed: ${err.message}`, 'failed');
    }
  }

  async function onInviteState({ sessionId, state }) {
    const call = outgoing;
    if (!call || call.sessionId !== sessionId || call.ended) return;
    if (state === 'calling') return;
    if (state === 'ringing') {
      showOutgoing(`Ringing ${call.who}…`);
      return;
    }
    if (state !== 'accepted') {
      endOutgoing(OUTCOMES[state]?.(call.who) ?? `The call to ${call.who} ended (${state}).`, state);
      return;
    }
    endOutgoing('', '');
    const grant = await call.ack;
    // Glare: the callee was ringing this page at the same time, and the server made the two one
    // call, theirs (grant.sessionId); that ring is answered by this invite, so its screen goes.
    if (incoming?.sessionId === grant.sessionId) endIncoming('');
    await enterCall({
      name: myName(), sessionId: grant.sessionId, userId: tokenUserId(grant.token), token: () => grant.token,
      video: call.media === 'video', host: grant.role === 'host',
    });
  }

  async function cancelCall() {
    const call = outgoing;
    if (!call) return;
    try {
      await device.cancel(call.sessionId);
      if (!call.ended) endOutgoing(OUTCOMES.cancelled(call.who), 'cancelled');
    } catch (err) {
      // Answered or over already: its invite_state tells how; say why the cancel did not happen.
      if (!call.ended) ringNotice(`Cancelling failed: ${err.message}`);
    }
  }

  function onIncomingCall({ sessionId, from, media, expiresAt }) {
    if (incoming) {
      // One ringing screen at a time: a second caller hears "busy".
      device.decline(sessionId, 'busy').catch(() => {});
      return;
    }
    const who = typeof from.metadata?.name === 'string' && from.metadata.name ? from.metadata.name : from.userId;
    incoming = { sessionId, who, media };
    // The server ends the ring at expiresAt too (incoming_call_ended missed); this is for a lost connection.
    incoming.timer = setTimeout(() => endIncoming(ENDINGS.missed(who)), Math.max(0, expiresAt - Date.now()));
    $('ringing-title').textContent = `${who} is calling`;
    $('ringing-media').textContent = media === 'audio' ? 'Audio call' : 'Video call';
    $('accept-call').setAttribute('aria-label', `Accept the ${media} call from ${who}`);
    $('decline-call').setAttribute('aria-label', `Decline the call from ${who}`);
    $('accept-call').disabled = false;
    $('decline-call').disabled = false;
    ringNotice('');
    $('ringing').showModal();
    $('accept-call').focus();
  }

  function endIncoming(text) {
    clearTimeout(incoming?.timer);
    incoming = null;
    if ($('ringing').open) $('ringing').close();
    if (text !== undefined) ringNotice(text);
  }

  async function answer(accept) {
    const ring = incoming;
    if (!ring) return;
    $('accept-call').disabled = true;
    $('decline-call').disabled = true;
    try {
      if (!accept) {
        await device.decline(ring.sessionId);
        endIncoming(`You declined the call from ${ring.who}.`);
        return;
      }
      const grant = await device.accept(ring.sessionId);
      endIncoming('');
      if (demo.call) await leaveCall();
      await enterCall({
        name: myName(), sessionId: ring.sessionId, userId: tokenUserId(grant.token), token: () => grant.token,
        video: ring.media === 'video', host: grant.role === 'host',
      });
    } catch (err) {
      if (incoming === ring) endIncoming(`Answering the call from ${ring.who} failed: ${err.message}`);
    }
  }

  let renameTimer = null;
  $('name').addEventListener('input', () => {
    clearTimeout(renameTimer);
    renameTimer = setTimeout(openDevice, 500);
  });
  $('ring-form').addEventListener('submit', callPerson);
  $('cancel-call').addEventListener('click', cancelCall);
  $('accept-call').addEventListener('click', () => answer(true));
  $('decline-call').addEventListener('click', () => answer(false));
  // Escape on the ringing screen declines, as its Decline button does.
  $('ringing').addEventListener('cancel', (event) => {
    event.preventDefault();
    answer(false);
  });
  openDevice();
}
