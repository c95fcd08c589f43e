// The crowd view for ADMIN users: the zones drawn to scale on a plain SVG (no map tiles: an install has no tile
// server to reach), each coloured by its count against its threshold, a card per zone, and the alert history.
//
// Where the data comes from:
// - zones and their live counts: GET /api/crowd/zones, polled every POLL_MS while the view is open (the server
//   pushes no counts, only alerts and clears), and at once after every alert or clear;
// - alerts and clears: CROWD_ALERT / CROWD_CLEARED on /ws/crowd/location (ADMIN sessions only), applied at once;
// - the history: the stored CROWD_ALERT notifications (GET /api/notifications) when the app starts, then every
//   alert and clear heard live, newest first. Clears are not stored by the server, so only live ones are listed.
// Either endpoint may be missing on the server; the view then says so and the chat keeps working.
import { formatTime, h, setChildren } from './dom.js';
import { Connection } from './client/index.js';

const POLL_MS = 3000;
const POLL_MISSING_MS = 30000;
const HISTORY_KEPT = 100;
const SVG = 'http://www.w3.org/2000/svg';
const EARTH_RADIUS_M = 6371008.8;
const WARN_RATIO = 0.7;

function zonesOf(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') return data.zones || data.items || data.content || [];
  return [];
}

function num(...values) {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

/** An SVG element; attributes are set with setAttribute (presentation attributes, never style="…"). */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.entries(value).forEach(([k, v]) => { if (v != null) el.dataset[k] = String(v); });
    else el.setAttribute(key, String(value));
  }
  children.flat().forEach((child) => { if (child) el.appendChild(child); });
  return el;
}

/** ok below 70 % of the threshold, warn below it, over at or above it; unknown without numbers. */
export function levelOf(count, threshold) {
  if (count == null || !threshold) return 'unknown';
  if (count >= threshold) return 'over';
  return count < WARN_RATIO * threshold ? 'ok' : 'warn';
}

/**
 * Equirectangular projection centred on the zones' mean latitude, in metres: x = R·λ·cos φ0, y = −R·φ (SVG's y
 * grows downwards). A zone's radius in metres spans r/(R·cos φ) radians of longitude at its own latitude, so on
 * this projection it is an ellipse with rx = r·cos φ0 / cos φ and ry = r (a circle wherever φ ≈ φ0).
 */
export function project(zones) {
  const lats = zones.map((z) => z.lat);
  const phi0 = ((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI / 180;
  const k = Math.cos(phi0);
  const shapes = zones.map((z) => {
    const phi = z.lat * Math.PI / 180;
    const cosPhi = Math.max(Math.cos(phi), 1e-6);
    return {
      zone: z,
      cx: EARTH_RADIUS_M * (z.lng * Math.PI / 180) * k,
      cy: -EARTH_RADIUS_M * phi,
      rx: z.radiusMeters * k / cosPhi,
      ry: z.radiusMeters,
    };
  });
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const p of shapes) {
    minX = Math.min(minX, p.cx - p.rx); maxX = Math.max(maxX, p.cx + p.rx);
    minY = Math.min(minY, p.cy - p.ry); maxY = Math.max(maxY, p.cy + p.ry);
  }
  const pad = Math.max(maxX - minX, maxY - minY) * 0.12;
  // Shift the origin to the box's corner: SVG geometry is single precision, and millions of metres from the
  // equator and meridian would leave it about a metre to work with.
  const x0 = minX - pad;
  const y0 = minY - pad;
  for (const p of shapes) { p.cx -= x0; p.cy -= y0; }
  return { shapes, box: { x: 0, y: 0, w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad } };
}

/** A round length (1, 2 or 5 × 10^n metres) about a fifth of the width, for the scale bar. */
function scaleLength(width) {
  const target = width / 5;
  const base = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * base).find((v) => v <= target) || base;
}

function metres(m) {
  return m >= 1000 ? `${m / 1000} km` : `${m} m`;
}

export class CrowdView {
  constructor({ api, token, root, map, list, history, status, toast }) {
    this.api = api;
    this.root = root;
    this.map = map;
    this.list = list;
    this.history = history;
    this.status = status;
    this.toast = toast;
    this.zones = new Map(); // zoneId -> {id, name, lat, lng, radiusMeters, count, threshold, alert, frameAt}
    this.events = []; // newest first: {key, type, zoneId, zoneName, count, threshold, at, stored}
    this.visible = false;
    this.socket = new Connection({
      url: '/ws/crowd/location',
      getToken: token,
      device: 'web',
      baseDelay: 3000,
      maxDelay: 60000,
      heartbeatMs: 30000,
      onFrame: (frame) => this.onFrame(frame),
      onReady: () => this.renderStatus(),
      onState: () => this.renderStatus(),
    });
  }

  start() {
    this.socket.start();
    this.loadHistory();
    this.render();
  }

  stop() {
    this.socket.stop();
    clearTimeout(this.pollTimer);
    this.visible = false;
  }

  show(visible) {
    this.visible = visible;
    this.root.hidden = !visible;
    clearTimeout(this.pollTimer);
    if (visible) this.poll();
  }

  async loadHistory() {
    try {
      const data = await this.api.get('/api/notifications?limit=100');
      const stored = (Array.isArray(data) ? data : []).filter((n) => n.kind === 'CROWD_ALERT' && n.payload);
      for (const n of stored) {
        const p = n.payload;
        // An alert heard live while this list was on its way is the same alert: keep one.
        const twin = this.events.find((e) => !e.stored && e.type === 'CROWD_ALERT' && String(e.zoneId) === String(p.zoneId)
          && e.count === p.count && Math.abs(Date.parse(e.at) - Date.parse(n.createdAt)) < 10000);
        if (twin) { twin.zoneName = twin.zoneName || p.zoneName; continue; }
        this.events.push({ key: `n${n.id}`, type: 'CROWD_ALERT', zoneId: p.zoneId, zoneName: p.zoneName,
          count: num(p.count), threshold: num(p.threshold), at: n.createdAt, stored: true });
      }
      this.events.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      this.events.length = Math.min(this.events.length, HISTORY_KEPT);
      this.renderHistory();
    } catch {
      // no stored history (yet): live alerts still fill it
    }
  }

  async poll() {
    clearTimeout(this.pollTimer);
    const startedAt = Date.now();
    let next = POLL_MS;
    try {
      const data = await this.api.get('/api/crowd/zones');
      this.restAvailable = true;
      const seen = new Set();
      for (const z of zonesOf(data)) {
        const id = z.id ?? z.zoneId;
        if (id == null) continue;
        seen.add(String(id));
        const known = this.zones.get(String(id)) || { alert: false };
        const count = num(z.count, z.headCount, z.current, z.occupancy);
        const threshold = num(z.threshold, z.capacity, z.limit);
        // A frame that came after this request left is newer than its answer: keep the frame's count.
        const fresher = known.frameAt && known.frameAt > startedAt;
        this.zones.set(String(id), {
          ...known,
          id,
          name: z.name || z.label || String(id),
          lat: num(z.lat),
          lng: num(z.lng),
          radiusMeters: num(z.radiusMeters),
          count: fresher ? known.count : count,
          threshold,
          // Alert state from the frames once one came; before that (an alert raised before we connected) from the count.
          alert: known.frameAt ? known.alert : threshold != null && count != null && count >= threshold,
          updatedAt: fresher ? known.updatedAt : new Date().toISOString(),
        });
      }
      for (const id of [...this.zones.keys()]) if (!seen.has(id)) this.zones.delete(id);
      this.error = null;
    } catch (e) {
      this.restAvailable = false;
      this.error = e.status === 404 ? 'Crowd data is not available on this server yet.' : e.message;
      next = POLL_MISSING_MS;
    }
    this.render();
    if (this.visible) {
      clearTimeout(this.pollTimer);
      this.pollTimer = setTimeout(() => this.poll(), next);
    }
  }

  onFrame(frame) {
    if (frame.type !== 'CROWD_ALERT' && frame.type !== 'CROWD_CLEARED') return;
    const id = String(frame.zoneId);
    const zone = this.zones.get(id) || { id: frame.zoneId, name: id };
    zone.count = num(frame.count) ?? zone.count;
    if (frame.threshold != null) zone.threshold = frame.threshold;
    zone.alert = frame.type === 'CROWD_ALERT';
    zone.updatedAt = new Date().toISOString();
    zone.frameAt = Date.now();
    this.zones.set(id, zone);
    this.events.unshift({ key: `live${zone.frameAt}-${id}-${this.events.length}`, type: frame.type, zoneId: frame.zoneId,
      zoneName: zone.name !== id ? zone.name : null, count: zone.count, threshold: zone.threshold,
      at: zone.updatedAt, stored: false });
    this.events.length = Math.min(this.events.length, HISTORY_KEPT);
    if (zone.alert) {
      this.toast.show(`${zone.name}: ${zone.count ?? '?'} people (threshold ${zone.threshold ?? '?'})`, { kind: 'alert', title: 'Crowd alert', timeout: 10000 });
    } else {
      this.toast.show(`${zone.name} is back to ${zone.count ?? '?'} people.`, { title: 'Crowd alert cleared' });
    }
    this.render();
    if (this.visible) this.poll(); // the other zones' counts may have moved too
  }

  renderStatus() {
    const live = this.socket.ready ? `Live alerts on; counts refreshed every ${POLL_MS / 1000} s.` : 'Live alerts unavailable (retrying).';
    this.status.textContent = this.error ? `${this.error} ${live}` : live;
  }

  render() {
    this.renderStatus();
    this.renderMap();
    this.renderList();
    this.renderHistory();
  }

  renderMap() {
    const drawable = [...this.zones.values()].filter((z) => z.lat != null && z.lng != null && z.radiusMeters > 0);
    if (!drawable.length) {
      setChildren(this.map, h('p', { class: 'muted empty', text: this.error ? 'No zone data.' : 'No zones to draw yet.' }));
      return;
    }
    const { shapes, box } = project(drawable);
    const font = Math.max(box.w, box.h) / 32;
    const bar = scaleLength(box.w);
    const barY = box.y + box.h - font * 0.8;
    const barX = box.x + font * 0.8;
    const svg = s('svg', {
      class: 'crowd-map-svg', viewBox: `${box.x} ${box.y} ${box.w} ${box.h}`, preserveAspectRatio: 'xMidYMid meet',
      role: 'img', 'aria-label': `Map of ${drawable.length} crowd zone${drawable.length === 1 ? '' : 's'}`,
    },
    s('rect', { class: 'crowd-map-bg', x: box.x, y: box.y, width: box.w, height: box.h }),
    shapes.map(({ zone, cx, cy, rx, ry }) => {
      const level = levelOf(zone.count, zone.threshold);
      const label = `${zone.name}: ${zone.count ?? '?'}${zone.threshold != null ? ` / ${zone.threshold}` : ''}`;
      return s('g', { class: `zone-shape${zone.alert ? ' alerting' : ''}`, dataset: { zoneId: zone.id, level, count: zone.count } },
        s('title', { text: `${label} (radius ${zone.radiusMeters} m)` }),
        s('ellipse', { cx, cy, rx, ry }),
        s('text', { class: 'zone-label', x: cx, y: cy, 'font-size': font, 'text-anchor': 'middle', text: zone.name }),
        s('text', { class: 'zone-label-count', x: cx, y: cy + font * 1.15, 'font-size': font * 0.9, 'text-anchor': 'middle',
          text: zone.threshold != null ? `${zone.count ?? '?'} / ${zone.threshold}` : `${zone.count ?? '?'}` }));
    }),
    s('g', { class: 'crowd-scale' },
      s('line', { x1: barX, y1: barY, x2: barX + bar, y2: barY }),
      s('text', { x: barX, y: barY - font * 0.4, 'font-size': font * 0.8, text: metres(bar) })));
    setChildren(this.map, svg);
  }

  renderList() {
    const zones = [...this.zones.values()].sort((a, b) => Number(b.alert) - Number(a.alert) || String(a.name).localeCompare(String(b.name)));
    if (!zones.length) {
      setChildren(this.list, h('li', { class: 'muted empty', text: this.error ? 'No zone data.' : 'No zones yet.' }));
      return;
    }
    setChildren(this.list, zones.map((z) => {
      const ratio = z.threshold ? Math.min(1, (z.count || 0) / z.threshold) : 0;
      const bar = h('span', { class: 'zone-bar-fill' });
      bar.style.width = `${Math.round(ratio * 100)}%`;
      return h('li', { class: `zone${z.alert ? ' alert' : ''}`, dataset: { zoneId: z.id, level: levelOf(z.count, z.threshold) } },
        h('div', { class: 'zone-head' },
          h('span', { class: 'zone-name', text: z.name }),
          h('span', { class: 'zone-count', text: z.threshold != null ? `${z.count ?? '?'} / ${z.threshold}` : `${z.count ?? '?'}` })),
        h('span', { class: 'zone-bar' }, bar),
        h('div', { class: 'zone-foot muted', text: `${z.alert ? 'Over threshold · ' : ''}updated ${formatTime(z.updatedAt)}` }));
    }));
  }

  renderHistory() {
    if (!this.history) return;
    if (!this.events.length) {
      setChildren(this.history, h('li', { class: 'muted empty', text: 'No alerts yet.' }));
      return;
    }
    setChildren(this.history, this.events.map((e) => {
      const known = this.zones.get(String(e.zoneId));
      const name = e.zoneName || (known && known.name) || `zone ${e.zoneId}`;
      const alert = e.type === 'CROWD_ALERT';
      const text = alert
        ? `${name}: ${e.count ?? '?'} people${e.threshold != null ? ` (threshold ${e.threshold})` : ''}`
        : `${name}: back to ${e.count ?? '?'} people`;
      return h('li', { class: `crowd-event ${alert ? 'alert' : 'cleared'}`, dataset: { kind: e.type, zoneId: e.zoneId, count: e.count } },
        h('div', { class: 'crowd-event-head' }, h('span', { text: alert ? 'Alert' : 'Cleared' }), h('time', { text: formatTime(e.at) })),
        h('div', { class: 'crowd-event-text', text }));
    }));
  }
}
