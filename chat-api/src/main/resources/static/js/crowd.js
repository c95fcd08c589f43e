// The crowd view for ADMIN users: zones with live head counts (GET /api/crowd/zones, polled while the view is
// open) and alert toasts from /ws/crowd/location (CROWD_ALERT, CROWD_CLEARED). Either may be missing on the
// server; the view then says so and the chat keeps working.
import { formatTime, h, setChildren } from './dom.js';
import { ManagedSocket } from './socket.js';

const POLL_MS = 5000;
const POLL_MISSING_MS = 30000;

function zonesOf(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') return data.zones || data.items || data.content || [];
  return [];
}

function num(...values) {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

export class CrowdView {
  constructor({ api, token, root, list, status, toast }) {
    this.api = api;
    this.root = root;
    this.list = list;
    this.status = status;
    this.toast = toast;
    this.zones = new Map(); // zoneId -> {id, name, count, threshold, alert}
    this.visible = false;
    this.socket = new ManagedSocket({
      path: '/ws/crowd/location',
      token,
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

  async poll() {
    clearTimeout(this.pollTimer);
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
        this.zones.set(String(id), {
          ...known,
          id,
          name: z.name || z.label || String(id),
          count,
          threshold,
          alert: typeof z.alert === 'boolean' ? z.alert : (z.status === 'ALERT' || (threshold != null && count != null ? count >= threshold : known.alert)),
          updatedAt: z.updatedAt || new Date().toISOString(),
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
    if (this.visible) this.pollTimer = setTimeout(() => this.poll(), next);
  }

  onFrame(frame) {
    if (frame.type !== 'CROWD_ALERT' && frame.type !== 'CROWD_CLEARED') return;
    const id = String(frame.zoneId);
    const zone = this.zones.get(id) || { id: frame.zoneId, name: id };
    zone.count = num(frame.count) ?? zone.count;
    if (frame.threshold != null) zone.threshold = frame.threshold;
    zone.alert = frame.type === 'CROWD_ALERT';
    zone.updatedAt = new Date().toISOString();
    this.zones.set(id, zone);
    if (zone.alert) {
      this.toast.show(`${zone.name}: ${zone.count ?? '?'} people (threshold ${zone.threshold ?? '?'})`, { kind: 'alert', title: 'Crowd alert', timeout: 10000 });
    } else {
      this.toast.show(`${zone.name} is back to ${zone.count ?? '?'} people.`, { title: 'Crowd alert cleared' });
    }
    this.render();
  }

  renderStatus() {
    const live = this.socket.ready ? 'Live alerts on.' : 'Live alerts unavailable (retrying).';
    this.status.textContent = this.error ? `${this.error} ${live}` : live;
  }

  render() {
    this.renderStatus();
    const zones = [...this.zones.values()].sort((a, b) => Number(b.alert) - Number(a.alert) || String(a.name).localeCompare(String(b.name)));
    if (!zones.length) {
      setChildren(this.list, h('li', { class: 'muted empty', text: this.error ? 'No zone data.' : 'No zones yet.' }));
      return;
    }
    setChildren(this.list, zones.map((z) => {
      const ratio = z.threshold ? Math.min(1, (z.count || 0) / z.threshold) : 0;
      const bar = h('span', { class: 'zone-bar-fill' });
      bar.style.width = `${Math.round(ratio * 100)}%`;
      return h('li', { class: `zone${z.alert ? ' alert' : ''}`, dataset: { zoneId: z.id } },
        h('div', { class: 'zone-head' },
          h('span', { class: 'zone-name', text: z.name }),
          h('span', { class: 'zone-count', text: z.threshold != null ? `${z.count ?? '?'} / ${z.threshold}` : `${z.count ?? '?'}` })),
        h('span', { class: 'zone-bar' }, bar),
        h('div', { class: 'zone-foot muted', text: `${z.alert ? 'Over threshold · ' : ''}updated ${formatTime(z.updatedAt)}` }));
    }));
  }
}
