// The dashboard: live calls over Server-Sent Events (whole lists, sent when they change) and the server's health.
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

function renderCalls() {
  const rows = calls.map((call) => {
    const tr = document.createElement('tr');
    tr.dataset.sessionId = call.sessionId;
    const id = document.createElement('th');
    id.scope = 'row';
    id.textContent = call.sessionId;
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
      li.textContent = userId;
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
    tr.append(id, people, media, time);
    return tr;
  });
  callsBody.replaceChildren(...rows);
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
  connectedUsers: 'Connected users', connections: 'Connections', turn: 'TURN', sfu: 'SFU', node: 'Node',
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
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.dataset.key = key;
    dd.className = typeof health[key] === 'number' ? 'num' : '';
    dd.textContent = key === 'uptimeSeconds' ? duration(health[key] * 1000) : describe(health[key]);
    items.push(dt, dd);
  }
  document.getElementById('health-list').replaceChildren(...items);
}

document.getElementById('sign-out').addEventListener('click', async () => {
  await fetch('/admin/api/session', { method: 'DELETE', credentials: 'same-origin' });
  window.location.assign('/admin/sign-in');
});
document.getElementById('refresh-health').addEventListener('click', loadHealth);

renderCalls();
listen();
loadHealth();
setInterval(tick, 1000);
setInterval(loadHealth, 10_000);
