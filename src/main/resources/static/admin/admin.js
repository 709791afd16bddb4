// The dashboard: live calls over Server-Sent Events (whole lists, sent when they change; with several nodes, every
// node's calls, from whichever node serves the page) and the server's health.
import uPlot from '/admin/vendor/uPlot.esm.js';
import { eventTimes, markersPlugin, renderEvents, renderPaths } from '/admin/timeline.js';

// Durations tick here, counted from each call's start against the server's clock, so the stream stays quiet.
const callsBody = document.getElementById('calls-body');
const noCalls = document.getElementById('no-calls');
const callCount = document.getElementById('call-count');
const streamStatus = document.getElementById('stream-status');
let calls = [];
let clockOffset = 0; // server time minus this browser's time, in ms

function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  return `${h}:${two(m)}:${two(s)}`;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** A quality grade as a badge of fixed width (colour and word: never colour alone); "—" until a report has one. */
function gradeBadge(grade, description) {
  const badge = document.createElement('span');
  badge.className = `badge grade grade-${grade ?? 'none'}`;
  badge.textContent = grade ?? '—';
  badge.title = description;
  badge.setAttribute('aria-label', description);
  return badge;
}

/** A table row whose first cell heads it (`<th scope="row">`), keyed by `data-<key>`. */
function headedRow(key, value, heading) {
  const tr = document.createElement('tr');
  tr.dataset[key] = value;
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = heading;
  tr.append(th);
  return [tr, th];
}

/** Loads a list into a table body, says how many in its status line, or shows the error. */
async function loadList(url, { field, body, status, error, count }, toRow) {
  try {
    const list = (await getJson(url))[field];
    showError(error, null);
    document.getElementById(body).replaceChildren(...list.map(toRow));
    document.getElementById(status).textContent = count(list.length);
  } catch (err) {
    showError(error, err);
  }
}

/**
 * A host control: the first click arms it ("Confirm?") for 5 s, the second acts, so that a stray click or key press
 * never ends someone's call. The list re-renders from the server's events, which then shows the effect.
 */
/** How long a host control's first click arms it for the confirming second. */
const ARMED_FOR_MS = 5_000;
/** Armed host controls, by their description, until when. */
const armedUntil = new Map();

function hostButton(label, description, url) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary small host-control';
  button.setAttribute('aria-label', description);
  const show = (armed) => {
    button.textContent = armed ? 'Confirm?' : label;
    button.classList.toggle('armed', armed);
  };
  let timer;
  const disarmIn = (ms) => {
    timer = setTimeout(() => {
      if (!(armedUntil.get(description) > Date.now())) armedUntil.delete(description);
      show(false);
    }, ms);
  };
  // A live update rebuilds the rows: a button armed before it stays armed until its time is up.
  const until = armedUntil.get(description) ?? 0;
  show(until > Date.now());
  if (until > Date.now()) disarmIn(until - Date.now());
  button.addEventListener('click', async () => {
    if (!((armedUntil.get(description) ?? 0) > Date.now())) {
      armedUntil.set(description, Date.now() + ARMED_FOR_MS);
      show(true);
      disarmIn(ARMED_FOR_MS);
      return;
    }
    clearTimeout(timer);
    armedUntil.delete(description);
    button.disabled = true;
    const response = await fetch(url, { method: 'POST', credentials: 'same-origin' });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      streamStatus.textContent = `${description}: ${body.error?.message ?? `HTTP ${response.status}`}`;
      button.disabled = false;
    }
  });
  return button;
}

/**
 * Mutes a participant's audio or video (the participant alone can unmute). No confirmation: nothing is lost, and the
 * muted state shows as soon as the server's next event lists it.
 */
function muteButton(sessionId, userId, kind, muted) {
  const what = kind === 'video' ? 'video' : 'audio';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `secondary small host-control mute mute-${what}`;
  button.dataset.kind = what;
  button.textContent = what === 'video' ? (muted ? 'Video off' : 'Stop video') : (muted ? 'Muted' : 'Mute');
  button.disabled = muted;
  // Audio keeps the names it had before video had a button ("Mute ann in call"), which scripts and tests use.
  const label = what === 'video'
    ? (muted ? `${userId}'s video is muted in ${sessionId}` : `Mute ${userId}'s video in ${sessionId}`)
    : (muted ? `${userId} is muted in ${sessionId}` : `Mute ${userId} in ${sessionId}`);
  button.setAttribute('aria-label', label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const url = `/admin/api/calls/${encodeURIComponent(sessionId)}/participants/${encodeURIComponent(userId)}/mute`;
    const response = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: what }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      streamStatus.textContent = `Mute ${userId}'s ${what}: ${body.error?.message ?? `HTTP ${response.status}`}`;
      button.disabled = false;
    }
  });
  return button;
}

/** Which nodes' calls are missing from the list, and why; hidden when every node answered. */
function renderNodes(nodes) {
  const missing = (nodes ?? []).filter((n) => n.status !== 'ok');
  const box = document.getElementById('nodes-missing');
  box.replaceChildren(...missing.map((n) => {
    const li = document.createElement('li');
    li.dataset.node = n.id;
    li.textContent = `Calls of node ${n.id} are missing: ${n.error ?? 'no answer'}`;
    return li;
  }));
  box.hidden = missing.length === 0;
}

function renderCalls() {
  const rows = calls.map((call) => {
    const [tr, id] = headedRow('sessionId', call.sessionId, '');
    const name = document.createElement('span');
    name.className = 'call-id';
    name.textContent = call.sessionId;
    id.append(name, ' ', gradeBadge(call.grade, `Call quality: ${call.grade ?? 'no reports yet'}`));
    if (call.node) {
      const node = document.createElement('span');
      node.className = 'badge node';
      node.dataset.node = call.node;
      node.textContent = call.node;
      node.title = `Served by node ${call.node}`;
      id.append(' ', node);
    }
    if (call.e2ee) {
      const badge = document.createElement('span');
      badge.className = 'badge e2ee';
      badge.textContent = 'E2EE';
      id.append(' ', badge);
    }
    const people = document.createElement('td');
    people.className = 'participants';
    const list = document.createElement('ul');
    for (const userId of call.participants) {
      const li = document.createElement('li');
      li.className = 'participant';
      const name = document.createElement('span');
      name.className = 'participant-name';
      name.textContent = userId;
      const grade = call.grades?.[userId];
      const muted = (call.audioMuted ?? []).includes(userId);
      const videoMuted = (call.videoMuted ?? []).includes(userId);
      li.dataset.userId = userId;
      li.dataset.audioMuted = String(muted);
      li.dataset.videoMuted = String(videoMuted);
      // Always there, shown or not, so that a mute does not move the row.
      const state = document.createElement('span');
      state.className = 'badge mute-state';
      state.textContent = 'muted';
      state.dataset.muted = String(muted);
      const videoState = document.createElement('span');
      videoState.className = 'badge video-state';
      videoState.textContent = 'no video';
      videoState.dataset.muted = String(videoMuted);
      li.append(gradeBadge(grade, `${userId}'s quality: ${grade ?? 'no reports yet'}`), name, state, videoState,
        muteButton(call.sessionId, userId, 'audio', muted), muteButton(call.sessionId, userId, 'video', videoMuted),
        hostButton('Remove', `Remove ${userId} from ${call.sessionId}`,
          `/admin/api/calls/${encodeURIComponent(call.sessionId)}/participants/${encodeURIComponent(userId)}/remove`));
      list.append(li);
    }
    const count = document.createElement('span');
    count.className = 'participant-count num';
    count.textContent = String(call.participants.length);
    people.append(count, list);
    people.dataset.label = 'Participants';
    const media = cell(call.media, 'media');
    media.dataset.label = 'Media';
    media.dataset.media = call.media;
    const time = cell(duration(Date.now() + clockOffset - call.startedAt), 'duration num');
    time.dataset.label = 'Duration';
    const actions = document.createElement('td');
    actions.className = 'actions';
    const charts = document.createElement('button');
    charts.type = 'button';
    charts.className = 'secondary small';
    charts.textContent = 'Charts';
    charts.setAttribute('aria-label', `Quality charts of ${call.sessionId}`);
    charts.addEventListener('click', () => showQuality(call.sessionId));
    actions.append(charts, ' ', hostButton('End call', `End call ${call.sessionId} for everyone`,
      `/admin/api/calls/${encodeURIComponent(call.sessionId)}/end`));
    tr.append(people, media, time, actions);
    return tr;
  });
  // Every live update rebuilds the rows: the control the operator's keyboard is on keeps the focus.
  const focused = callsBody.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  callsBody.replaceChildren(...rows);
  if (focused) [...callsBody.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focused)?.focus();
  callCount.textContent = String(calls.length);
  noCalls.hidden = calls.length > 0;
  document.getElementById('calls-table').dataset.count = String(calls.length);
}

function tick() {
  for (const row of callsBody.rows) {
    const call = calls.find((c) => c.sessionId === row.dataset.sessionId);
    if (call) row.querySelector('.duration').textContent = duration(Date.now() + clockOffset - call.startedAt);
  }
}

function listen() {
  const source = new EventSource('/admin/api/calls/events');
  source.onopen = () => {
    document.body.dataset.stream = 'open';
    streamStatus.textContent = 'Live: updates as calls change.';
  };
  source.onmessage = (event) => {
    const live = JSON.parse(event.data);
    clockOffset = live.serverTime - Date.now();
    calls = live.calls;
    if (live.node) document.getElementById('node-id').textContent = live.node;
    renderNodes(live.nodes);
    renderCalls();
    // The health view's counts change with the calls: refresh it with them rather than wait for the next poll.
    loadHealth();
  };
  source.onerror = async () => {
    document.body.dataset.stream = 'reconnecting';
    streamStatus.textContent = 'Connection lost: reconnecting…';
    // A stream refused for an ended session would retry forever: go back to the sign-in page instead.
    const check = await fetch('/admin/api/calls', { credentials: 'same-origin' }).catch(() => null);
    if (check?.status === 401) {
      source.close();
      window.location.assign('/admin/sign-in');
    }
  };
}

function describe(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(describe).join('; ');
  return Object.entries(value).map(([k, v]) => `${k}: ${describe(v)}`).join(', ');
}

const HEALTH_LABELS = {
  status: 'Status', version: 'Version', uptimeSeconds: 'Uptime', activeCalls: 'Active calls',
  connectedUsers: 'Connected users', connections: 'Connections', turn: 'TURN', sfu: 'SFU', database: 'Database', node: 'Node',
  nodes: 'Nodes', redis: 'Redis', degraded: 'Degraded', leases: 'Call leases', inbox: 'Node bus inbox',
};

async function loadHealth() {
  const response = await fetch('/admin/api/health', { credentials: 'same-origin' });
  if (response.status === 401) {
    window.location.assign('/admin/sign-in');
    return;
  }
  const health = await response.json();
  const items = [];
  for (const [key, label] of Object.entries(HEALTH_LABELS)) {
    if (!(key in health)) continue;
    // With rows per node below, the raw list of nodes would say the same twice.
    if (key === 'nodes' && Array.isArray(health.nodeHealth)) continue;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.key = key;
    dd.className = typeof health[key] === 'number' ? 'num' : '';
    dd.textContent = key === 'uptimeSeconds' ? duration(health[key] * 1000) : describe(health[key]);
    items.push(dt, dd);
  }
  document.getElementById('health-list').replaceChildren(...items);
  renderNodeHealth(health.nodeHealth);
}

/**
 * One row per node of a cluster (its state, version, uptime, connections, calls); a node that did not answer says so
 * and why. Hidden on a lone server, whose own health is the list above.
 */
function renderNodeHealth(rows) {
  const wrap = document.getElementById('node-health-wrap');
  wrap.hidden = !Array.isArray(rows);
  if (!Array.isArray(rows)) return;
  const trs = rows.map((row) => {
    const tr = document.createElement('tr');
    tr.className = 'node-health';
    tr.dataset.node = row.id;
    tr.dataset.status = row.status;
    const id = cell(row.id, 'node-id');
    id.dataset.label = 'Node';
    const state = cell(row.status === 'unreachable' ? `unreachable: ${row.problem ?? ''}` : row.status, 'node-state');
    state.dataset.label = 'State';
    const version = cell(row.version ?? '—', 'node-version');
    version.dataset.label = 'Version';
    const uptime = cell(row.uptimeSeconds === undefined ? '—' : duration(row.uptimeSeconds * 1000), 'num node-uptime');
    uptime.dataset.label = 'Uptime';
    const connections = cell(String(row.connections ?? '—'), 'num node-connections');
    connections.dataset.label = 'Connections';
    const calls = cell(String(row.activeCalls ?? '—'), 'num node-calls');
    calls.dataset.label = 'Calls';
    tr.append(id, state, version, uptime, connections, calls);
    return tr;
  });
  document.getElementById('node-health-body').replaceChildren(...trs);
}

/** GET of admin JSON; a lapsed session goes back to the sign-in page. */
async function getJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (response.status === 401) {
    window.location.assign('/admin/sign-in');
    throw new Error('signed out');
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

function showError(id, err) {
  const el = document.getElementById(id);
  el.textContent = err ? err.message : '';
  el.hidden = !err;
}

const when = (ms) => (ms ? new Date(ms).toLocaleString() : '—');

async function searchHistory(event) {
  event?.preventDefault();
  const form = document.getElementById('history-form');
  const query = new URLSearchParams();
  if (form.userId.value.trim()) query.set('userId', form.userId.value.trim());
  // Dates are the operator's local days: from the start of "from" to the end of "to".
  if (form.from.value) query.set('from', String(new Date(`${form.from.value}T00:00:00`).getTime()));
  if (form.to.value) query.set('to', String(new Date(`${form.to.value}T00:00:00`).getTime() + 86_400_000));
  const list = {
    field: 'calls', body: 'history-body', status: 'history-status', error: 'history-error',
    count: (n) => `${n} call${n === 1 ? '' : 's'} found.`,
  };
  await loadList(`/admin/api/history?${query}`, list, (call) => {
    const [tr] = headedRow('sessionId', call.sessionId, call.sessionId);
    const ended = call.durationSeconds === null || call.durationSeconds === undefined;
    tr.append(cell(when(call.startedAt), 'num'),
      cell(ended ? 'ongoing' : duration(call.durationSeconds * 1000), 'num'),
      cell(call.participants.map((p) => p.userId).join(', '), 'participants'),
      cell(call.media, 'media'), cell(call.endReason ?? '—'));
    return tr;
  });
}

async function loadWebhooks(event) {
  event?.preventDefault();
  const status = document.getElementById('webhooks-status').value;
  const list = {
    field: 'deliveries', body: 'webhooks-body', status: 'webhooks-status-line', error: 'webhooks-error',
    count: (n) => `${n} deliver${n === 1 ? 'y' : 'ies'}.`,
  };
  await loadList(`/admin/api/webhooks/deliveries${status ? `?status=${status}` : ''}`, list, (d) => {
    const [tr] = headedRow('deliveryId', d.id, d.type);
    const state = cell(d.status, 'delivery-status');
    const action = document.createElement('td');
    if (d.status === 'dead') {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'secondary small retry';
      retry.textContent = 'Retry';
      retry.setAttribute('aria-label', `Retry ${d.type} of ${d.sessionId}`);
      retry.addEventListener('click', () => retryDelivery(d.id, retry));
      action.append(retry);
    }
    tr.append(cell(d.sessionId), state, cell(String(d.attempts), 'num'), cell(d.lastError ?? '—', 'last-error'), action);
    return tr;
  });
}

async function retryDelivery(id, button) {
  button.disabled = true;
  const response = await fetch(`/admin/api/webhooks/deliveries/${id}/retry`, { method: 'POST', credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError('webhooks-error', new Error(body.error?.message ?? `HTTP ${response.status}`));
    button.disabled = false;
    return;
  }
  await loadWebhooks();
  // After the reload, whose count would otherwise replace it at once.
  const line = document.getElementById('webhooks-status-line');
  line.textContent = `Delivery ${id} queued again. ${line.textContent}`;
}

/** The charts of one call: a metric each, a line per participant, on one time axis. */
const METRICS = [
  { key: 'mos', label: 'MOS', unit: '' },
  { key: 'rttMs', label: 'Round-trip time', unit: 'ms' },
  { key: 'lossRatio', label: 'Packet loss', unit: '%', scale: 100 },
  { key: 'jitterMs', label: 'Jitter', unit: 'ms' },
  { key: 'outboundKbps', label: 'Sent', unit: 'kbit/s' },
  { key: 'inboundKbps', label: 'Received', unit: 'kbit/s' },
];
const COLOURS = ['#58a6ff', '#3fb950', '#d29922', '#f778ba', '#a371f7', '#ff7b72'];
let plots = [];

async function showQuality(sessionId) {
  const form = document.getElementById('quality-form');
  form.sessionId.value = sessionId;
  document.getElementById('quality').scrollIntoView({ block: 'start' });
  try {
    const quality = await getJson(`/admin/api/calls/${encodeURIComponent(sessionId)}/quality`);
    showError('quality-error', null);
    drawQuality(quality);
  } catch (err) {
    showError('quality-error', err);
  }
}

function drawQuality(quality) {
  for (const plot of plots) plot.destroy();
  plots = [];
  const box = document.getElementById('quality-charts');
  box.replaceChildren();
  box.dataset.sessionId = quality.sessionId;
  // One x axis for everyone: the union of the participants' report times and of the call's events (joins, leaves,
  // mutes, reconnects: a marker each), in seconds as uPlot wants.
  const times = [...new Set([
    ...quality.participants.flatMap((p) => p.points.map((pt) => pt.at)),
    ...eventTimes(quality),
  ])].sort((a, b) => a - b);
  const users = [...new Set([...quality.participants.map((p) => p.userId), ...(quality.events ?? []).map((e) => e.userId)])];
  const colourOf = (userId) => COLOURS[Math.max(0, users.indexOf(userId)) % COLOURS.length];
  const events = quality.events ?? [];
  const span = times.length ? [times[0] / 1000, Math.max(times[0] / 1000 + 1, times[times.length - 1] / 1000)] : [0, 1];
  const pointsCount = quality.participants.reduce((n, p) => n + p.points.length, 0);
  document.getElementById('quality-status').textContent =
    `${quality.sessionId}: grade ${quality.grade ?? '—'}, ${quality.participants.length} participants, ${pointsCount} points.`;
  renderEvents(quality, colourOf, () => plots);
  renderPaths(quality);
  for (const metric of METRICS) {
    const figure = document.createElement('figure');
    figure.className = 'chart';
    figure.dataset.metric = metric.key;
    figure.dataset.markers = String(events.length);
    const caption = document.createElement('figcaption');
    caption.textContent = metric.unit ? `${metric.label} (${metric.unit})` : metric.label;
    figure.append(caption);
    box.append(figure);
    const width = Math.max(260, figure.clientWidth);
    const data = [times.map((t) => t / 1000)];
    const series = [{}];
    // A line per participant from its client's reports and, in SFU calls where the server reads Janus, a dashed one
    // of the same colour from the server's own view of its upload (labelled so in the legend).
    for (const p of quality.participants) {
      for (const source of ['client', 'server']) {
        const points = p.points.filter((pt) => (pt.source ?? 'client') === source);
        if (source === 'server' && points.length === 0) continue;
        const byTime = new Map(points.map((pt) => [pt.at, pt[metric.key]]));
        data.push(times.map((t) => {
          const v = byTime.get(t);
          return v === null || v === undefined ? null : v * (metric.scale ?? 1);
        }));
        series.push(source === 'client'
          ? { label: p.userId, stroke: colourOf(p.userId), width: 2, spanGaps: true }
          : { label: `${p.userId} (server view)`, stroke: colourOf(p.userId), width: 2, dash: [6, 4], spanGaps: true });
      }
    }
    figure.dataset.serverSeries = String(series.filter((x) => x.dash).length);
    plots.push(new uPlot({
      width, height: 160, series, plugins: [markersPlugin(events, colourOf)],
      // Every chart spans the whole call as recorded, so a marker sits at the same place on each.
      scales: { x: { time: true, range: () => span } },
      axes: [{ stroke: '#8b98a5', grid: { stroke: '#30363d' } }, { stroke: '#8b98a5', grid: { stroke: '#30363d' } }],
    }, data, figure));
  }
}

document.getElementById('quality-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showQuality(document.getElementById('quality-call').value.trim());
});
document.getElementById('history-form').addEventListener('submit', searchHistory);
document.getElementById('webhooks-form').addEventListener('submit', loadWebhooks);
document.getElementById('sign-out').addEventListener('click', async () => {
  await fetch('/admin/api/session', { method: 'DELETE', credentials: 'same-origin' });
  window.location.assign('/admin/sign-in');
});
document.getElementById('refresh-health').addEventListener('click', loadHealth);

renderCalls();
listen();
loadHealth();
searchHistory();
loadWebhooks();
setInterval(tick, 1000);
setInterval(loadHealth, 10_000);
