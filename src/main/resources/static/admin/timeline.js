// A call's events on its charts' time axis (a marker per event on every chart), the same events as a table (for the
// keyboard and screen readers: focusing a row moves every chart's cursor to its time), and each participant's
// connection path (selected candidate pair type and protocol) with its changes, from the stored quality points.

const EVENT_LABELS = {
  joined: 'joined',
  left: 'left',
  audio_muted: 'muted audio',
  audio_unmuted: 'unmuted audio',
  video_muted: 'camera off',
  video_unmuted: 'camera on',
  away: 'connection lost (reconnecting)',
  resumed: 'reconnected',
};

// Joins and leaves solid, the rest dashed: a marker says what it is by its shape as well as by the table.
const SOLID = new Set(['joined', 'left']);

const time = (ms) => new Date(ms).toLocaleTimeString();

/** The event's words: its kind, and for a leave its reason. */
export function describeEvent(event) {
  const label = EVENT_LABELS[event.kind] ?? event.kind;
  return event.kind === 'left' && event.reason ? `${label} (${event.reason.replaceAll('_', ' ')})` : label;
}

/** The times (ms) the charts' x axis must hold so that every event falls on it. */
export function eventTimes(quality) {
  return (quality.events ?? []).map((e) => e.at);
}

/** A uPlot plugin that draws a vertical marker per event, in its participant's colour. */
export function markersPlugin(events, colourOf) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = 2 * devicePixelRatio;
        for (const event of events) {
          const x = Math.round(u.valToPos(event.at / 1000, 'x', true));
          ctx.strokeStyle = colourOf(event.userId);
          ctx.setLineDash(SOLID.has(event.kind) ? [] : [4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
}

/** Fills the events table; a focused row puts every chart's cursor on its time. */
export function renderEvents(quality, colourOf, plots) {
  const body = document.getElementById('quality-events-body');
  body.replaceChildren();
  // Counts the renders, so that a test can tell this call's table from the one before.
  body.dataset.renders = String(Number(body.dataset.renders ?? 0) + 1);
  const events = quality.events ?? [];
  if (events.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 3;
    td.className = 'empty';
    td.textContent = 'No events recorded.';
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const event of events) {
    const tr = document.createElement('tr');
    tr.tabIndex = 0;
    tr.dataset.kind = event.kind;
    tr.dataset.userId = event.userId;
    const at = document.createElement('td');
    at.textContent = time(event.at);
    at.dataset.label = 'Time';
    const who = document.createElement('td');
    const swatch = document.createElement('span');
    swatch.className = 'event-swatch';
    swatch.style.background = colourOf(event.userId);
    swatch.setAttribute('aria-hidden', 'true');
    who.append(swatch, event.userId);
    who.dataset.label = 'Participant';
    const what = document.createElement('td');
    what.className = 'event-kind';
    what.textContent = describeEvent(event);
    what.dataset.label = 'Event';
    tr.append(at, who, what);
    tr.addEventListener('focus', () => {
      for (const row of body.querySelectorAll('tr.current')) row.classList.remove('current');
      tr.classList.add('current');
      for (const plot of plots()) {
        plot.setCursor({ left: plot.valToPos(event.at / 1000, 'x'), top: plot.bbox.height / devicePixelRatio / 2 });
      }
    });
    body.append(tr);
  }
}

/** Fills the paths table: each participant's latest path and every change of it, from the points. */
export function renderPaths(quality) {
  const body = document.getElementById('quality-paths-body');
  body.replaceChildren();
  for (const p of quality.participants) {
    const changes = [];
    for (const pt of p.points) {
      if (!pt.candidateType && !pt.protocol) continue;
      const path = `${pt.candidateType ?? '?'}/${pt.protocol ?? '?'}`;
      if (changes.length === 0 || changes[changes.length - 1].path !== path) changes.push({ at: pt.at, path });
    }
    const tr = document.createElement('tr');
    tr.dataset.userId = p.userId;
    const who = document.createElement('th');
    who.scope = 'row';
    who.textContent = p.userId;
    const now = document.createElement('td');
    now.className = 'path-now';
    now.dataset.label = 'Now';
    now.textContent = changes.length ? changes[changes.length - 1].path : '—';
    const history = document.createElement('td');
    history.className = 'path-changes';
    history.dataset.label = 'Changes';
    history.textContent = changes.length
      ? changes.map((c) => `${c.path} from ${time(c.at)}`).join(', ')
      : 'no report named its candidate pair';
    tr.append(who, now, history);
    body.append(tr);
  }
}
