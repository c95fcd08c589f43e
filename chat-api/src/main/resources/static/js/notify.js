// The notification bell, fed by /ws/notify (NOTIFICATION frames, acknowledged with ACK {id} once seen) and by
// GET /api/notifications?unread=true at start. If the endpoint is missing the bell says so and the rest works.
import { formatTime, h, name, setChildren, show } from './dom.js';
import { Connection } from './client/index.js';

const MAX_KEPT = 50;

function items(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') return data.items || data.notifications || data.content || [];
  return [];
}

/**
 * What a notification says, in words: its kind, and its text as parts (strings, and names as elements of their
 * own). {@code roomName} finds the name of a room this user is in, for payloads that only carry its id.
 */
export function describe(notification, roomName = () => null) {
  const payload = notification.payload;
  let parts = [];
  if (typeof payload === 'string') parts = [payload];
  else if (payload && typeof payload === 'object') {
    const room = payload.roomName || (payload.roomId != null ? roomName(payload.roomId) || `room ${payload.roomId}` : null);
    if (notification.kind === 'CROWD_ALERT') {
      parts = [name(payload.zoneName || `zone ${payload.zoneId}`),
        `: ${payload.count ?? '?'} people (threshold ${payload.threshold ?? '?'})`];
    } else if (notification.kind === 'ROOM_ADDED') {
      parts = payload.by ? [name(payload.by), ' added you to ', name(room ?? 'a room')] : ['You were added to ', name(room ?? 'a room')];
    } else {
      const from = payload.from || payload.senderId || payload.userId;
      const said = payload.deleted ? '(message deleted)'
        : clip(payload.excerpt ?? payload.body ?? payload.message ?? payload.text ?? payload.title);
      if (from) parts.push(name(from));
      const where = notification.kind === 'DIRECT_MESSAGE' ? null : room; // a direct room is named after its sender
      if (from && where) parts.push(' in ');
      if (where) parts.push(name(where));
      if (said) parts.push(parts.length ? `: ${said}` : said);
      if (!parts.length) parts = [clip(JSON.stringify(payload))];
    }
  }
  const kind = String(notification.kind || 'notification').toLowerCase().replace(/_/g, ' ');
  return { kind: kind.charAt(0).toUpperCase() + kind.slice(1), parts };
}

function clip(text) {
  if (text == null || text === '') return '';
  const s = String(text);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** Newest first, by createdAt and then id, as docs/protocol.md §14.1 says to sort them. */
function newestFirst(a, b) {
  const at = (item) => Date.parse(item.notification.createdAt) || 0;
  return at(b) - at(a) || Number(b.notification.id) - Number(a.notification.id);
}

export class NotificationBell {
  constructor({ api, token, button, count, panel, list, toast, onOpenRoom, roomName }) {
    this.roomName = roomName || (() => null);
    this.api = api;
    this.button = button;
    this.count = count;
    this.panel = panel;
    this.list = list;
    this.toast = toast;
    this.onOpenRoom = onOpenRoom;
    this.items = new Map(); // id -> {notification, read}
    this.available = null;
    this.socket = new Connection({
      url: '/ws/notify',
      getToken: token,
      device: 'web',
      baseDelay: 3000,
      maxDelay: 60000,
      heartbeatMs: 30000,
      onFrame: (frame) => this.onFrame(frame),
      onReady: () => this.setAvailable(true),
      onState: (state) => { if (state === 'offline') this.setAvailable(false); },
    });
    this.onButton = (event) => { event.stopPropagation(); this.toggle(); };
    this.onDocument = (event) => { if (!this.panel.hidden && !this.panel.contains(event.target)) this.close(); };
    this.onList = (event) => {
      const item = event.target.closest('[data-room-id]');
      if (item && this.onOpenRoom) {
        this.close();
        this.onOpenRoom(Number(item.dataset.roomId));
      }
    };
  }

  start() {
    this.button.addEventListener('click', this.onButton);
    document.addEventListener('click', this.onDocument);
    this.list.addEventListener('click', this.onList);
    this.render();
    this.loadUnread();
    this.socket.start();
  }

  stop() {
    this.socket.stop();
    this.button.removeEventListener('click', this.onButton);
    document.removeEventListener('click', this.onDocument);
    this.list.removeEventListener('click', this.onList);
    this.items.clear();
    this.close();
  }

  async loadUnread() {
    try {
      const data = await this.api.get('/api/notifications?unread=true');
      items(data).forEach((n) => this.add(n, false));
      this.render();
    } catch {
      // not available (yet): the socket may still bring notifications
    }
  }

  setAvailable(available) {
    this.available = available;
    this.button.classList.toggle('unavailable', available === false);
    this.button.title = available === false ? 'Notifications are unavailable right now' : 'Notifications';
  }

  onFrame(frame) {
    if (frame.type !== 'NOTIFICATION' || frame.id == null) return;
    if (this.add(frame, true)) {
      const { kind, parts } = describe(frame, this.roomName);
      this.toast.show(parts, { title: kind });
    }
    if (!this.panel.hidden) this.acknowledge();
    this.render();
  }

  add(notification, live) {
    if (notification.id == null || this.items.has(notification.id)) return false;
    this.items.set(notification.id, { notification, read: false, acked: false, live });
    if (this.items.size > MAX_KEPT) {
      const oldest = [...this.items.values()].sort(newestFirst).slice(MAX_KEPT);
      oldest.forEach((item) => this.items.delete(item.notification.id));
      if (!this.items.has(notification.id)) return false; // older than every one kept
    }
    return true;
  }

  unread() {
    return [...this.items.values()].filter((i) => !i.read).length;
  }

  toggle() {
    if (this.panel.hidden) this.open();
    else this.close();
  }

  open() {
    show(this.panel, true);
    this.button.setAttribute('aria-expanded', 'true');
    this.render();
    this.acknowledge();
  }

  close() {
    show(this.panel, false);
    this.button.setAttribute('aria-expanded', 'false');
    let changed = false;
    for (const item of this.items.values()) if (item.acked && !item.read) { item.read = true; changed = true; }
    if (changed) this.render();
  }

  acknowledge() {
    for (const item of this.items.values()) {
      if (!item.acked && this.socket.send({ type: 'ACK', id: item.notification.id })) item.acked = true;
      if (!this.socket.ready) item.acked = true; // seen; the server keeps it unread until an ACK goes through
    }
  }

  render() {
    const unread = this.unread();
    this.count.textContent = unread > 99 ? '99+' : String(unread);
    show(this.count, unread > 0);
    this.button.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications');
    if (this.panel.hidden) return;
    const all = [...this.items.values()].sort(newestFirst);
    if (!all.length) {
      setChildren(this.list, h('li', { class: 'muted empty', text: this.socket.everReady ? 'No notifications.' : 'Notifications are not available right now.' }));
      return;
    }
    setChildren(this.list, all.map(({ notification, read }) => {
      const { kind, parts } = describe(notification, this.roomName);
      const roomId = notification.payload && typeof notification.payload === 'object' ? notification.payload.roomId : null;
      return h('li', { class: `notification${read ? '' : ' unread'}`, dataset: { id: notification.id, roomId } },
        h('div', { class: 'notification-kind' }, h('span', { text: kind }), h('time', { text: formatTime(notification.createdAt) })),
        h('div', { class: 'notification-text' }, parts));
    }));
  }
}
