// The chat client: rooms over REST, messages over /ws/chat, and what the views need to render. It emits events
// (EventTarget) and holds no DOM.
//
// Events: 'connection' {state, delay}, 'rooms', 'room' {roomId}, 'members' {roomId}, 'typing' {roomId},
// 'presence', 'current' {roomId}, 'toast' {message, kind}, 'unauthorized' {code}, 'announcement' {body, createdAt},
// 'thread' {roomId, threadId} (the open thread changed or was loaded).
//
// The socket, the order of each room's changes, the outbox and the catch-up after a reconnect are the JavaScript
// client's (clients/js, served as /js/client/): it hands this controller each room's changes in rev order, exactly
// once, live or replayed from a CHANGES page, and confirms each send once with its ACK. This controller keeps what
// the views show.

import { ApiError } from './api.js';
import { ChatClient, CHANGE_TYPES as CLIENT_CHANGE_TYPES } from './client/index.js';
import { isolate, randomId } from './dom.js';
import { RoomMessages } from './store.js';

const TYPING_SHOWN_MS = 4000;
const TYPING_EVERY_MS = 3000;
const PAGE_SIZE = 50;
const SYNC_PAGE_SIZE = 100;
const THREAD_PAGE_SIZE = 100;
export const REACTION_PALETTE = ['👍', '❤️', '😂', '🎉', '😮', '😢'];
const CHANGE_TYPES = new Set(CLIENT_CHANGE_TYPES);
export const MAX_BODY_LENGTH = 4000;

export class ChatController extends EventTarget {
  constructor({ api, session }) {
    super();
    this.api = api;
    this.session = session;
    this.me = session.userId;
    this.rooms = new Map(); // roomId -> RoomView (+ lastActivity)
    this.messages = new Map(); // roomId -> RoomMessages
    this.members = new Map(); // roomId -> Map(userId -> MemberView)
    this.online = new Set([this.me]);
    this.typing = new Map(); // roomId -> Map(userId -> until)
    this.currentRoomId = null;
    this.lastReadSent = new Map();
    this.lastTypingSent = new Map();
    this.readTimers = new Map();
    this.thread = null; // {roomId, threadId, loaded, loading}: the thread open beside the room
    this.client = new ChatClient({
      url: '/ws/chat',
      getToken: () => this.session.accessToken,
      device: 'web',
      pageSize: SYNC_PAGE_SIZE,
    });
    this.client.on('*', (type, payload, info) => this.handle(type, payload, info));
  }

  /** Connects and loads the room list; the promise settles once the list is in (or failed to load). */
  start() {
    this.client.connect();
    const loaded = this.loadRooms();
    this.typingSweep = setInterval(() => this.sweepTyping(), 1000);
    this.onVisible = () => {
      if (document.visibilityState === 'visible' && this.currentRoomId != null) this.markRead(this.currentRoomId);
    };
    document.addEventListener('visibilitychange', this.onVisible);
    return loaded;
  }

  stop() {
    this.client.close();
    clearInterval(this.typingSweep);
    clearTimeout(this.roomsTimer);
    document.removeEventListener('visibilitychange', this.onVisible);
    [...this.readTimers.values()].forEach(clearTimeout);
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  toast(message, kind = 'info') {
    this.emit('toast', { message, kind });
  }

  // ---- rooms ---------------------------------------------------------------------------------------------

  async loadRooms() {
    let list;
    try {
      list = await this.api.get('/api/rooms');
    } catch (e) {
      if (e.status !== 401) this.toast(`Could not load rooms: ${e.message}`, 'error');
      return;
    }
    const seen = new Set();
    for (const room of list || []) {
      const before = this.rooms.get(room.id);
      this.rooms.set(room.id, { ...room, lastActivity: before ? before.lastActivity : 0 });
      if (typeof room.lastRev === 'number') this.client.follow(room.id, room.lastRev);
      seen.add(room.id);
      if (room.type === 'DIRECT' && !this.members.has(room.id)) this.loadMembers(room.id);
    }
    for (const id of [...this.rooms.keys()]) {
      if (!seen.has(id)) this.forgetRoom(id);
    }
    if (this.currentRoomId != null) {
      const current = this.rooms.get(this.currentRoomId);
      if (current) current.unreadCount = 0;
    }
    this.emit('rooms');
  }

  scheduleLoadRooms() {
    clearTimeout(this.roomsTimer);
    this.roomsTimer = setTimeout(() => this.loadRooms(), 150);
  }

  forgetRoom(roomId) {
    this.rooms.delete(roomId);
    this.client.forget(roomId);
    if (this.thread && this.thread.roomId === roomId) this.closeThread();
    this.messages.delete(roomId);
    this.members.delete(roomId);
    this.typing.delete(roomId);
    if (this.currentRoomId === roomId) {
      this.currentRoomId = null;
      this.emit('current', { roomId: null });
    }
  }

  roomMessages(roomId) {
    let rm = this.messages.get(roomId);
    if (!rm) {
      rm = new RoomMessages(roomId);
      this.messages.set(roomId, rm);
    }
    return rm;
  }

  /** The other member of a DIRECT room, once its members are known. */
  directPeer(roomId) {
    const room = this.rooms.get(roomId);
    const members = this.members.get(roomId);
    if (!room || room.type !== 'DIRECT' || !members) return null;
    for (const id of members.keys()) if (id !== this.me) return id;
    return null;
  }

  displayName(roomId) {
    const room = this.rooms.get(roomId);
    if (!room) return '';
    return this.directPeer(roomId) || room.name;
  }

  /** Whether someone in the room (other than me) is online; null when nobody's presence is known. */
  roomOnline(roomId) {
    const members = this.members.get(roomId);
    if (!members) return null;
    for (const id of members.keys()) if (id !== this.me && this.online.has(id)) return true;
    return false;
  }

  canManage(roomId) {
    const room = this.rooms.get(roomId);
    return !!room && (room.myRole === 'OWNER' || room.myRole === 'ADMIN');
  }

  async openRoom(roomId) {
    if (!this.rooms.has(roomId)) return;
    if (this.currentRoomId !== roomId) {
      this.currentRoomId = roomId;
      this.emit('current', { roomId }); // the view starts over: only when the room changes, not on a rename or a click
    }
    const rm = this.roomMessages(roomId);
    const jobs = [];
    if (!rm.loaded) jobs.push(this.loadLatest(roomId));
    if (!this.members.has(roomId)) jobs.push(this.loadMembers(roomId));
    await Promise.all(jobs);
    if (this.currentRoomId === roomId) this.markRead(roomId);
  }

  closeRoom() {
    this.currentRoomId = null;
    this.emit('current', { roomId: null });
  }

  async loadLatest(roomId) {
    const rm = this.roomMessages(roomId);
    if (rm.loading) return;
    rm.loading = true;
    // The page is read as it is now; the changes after this rev are replayed on it, so nothing between is lost.
    const fromRev = this.client.rev(roomId);
    try {
      const page = await this.api.get(`/api/rooms/${roomId}/messages?limit=${PAGE_SIZE}&replies=false`);
      const list = page.messages || [];
      list.forEach((m) => this.mergeStored(rm, m));
      rm.oldestSeq = list.length ? list[0].seq : null;
      rm.hasOlder = !!page.hasMore;
      rm.headSeq = Math.max(rm.headSeq, list.length ? list[list.length - 1].seq : 0);
      rm.advanceHead();
      rm.loaded = true;
      // Anything posted between the REST read and now arrives live; a SYNC closes the window if the socket was down.
      if (fromRev != null) this.client.sync(roomId, { afterRev: fromRev });
    } catch (e) {
      if (e.status !== 401) this.toast(`Could not load messages: ${e.message}`, 'error');
    } finally {
      rm.loading = false;
      rm.version += 1;
      this.emit('room', { roomId });
    }
  }

  /** Reads the page before the oldest message shown; returns how many messages were added. */
  async loadOlder(roomId) {
    const rm = this.roomMessages(roomId);
    if (!rm.loaded || !rm.hasOlder || rm.loadingOlder || rm.oldestSeq == null) return 0;
    rm.loadingOlder = true;
    try {
      const page = await this.api.get(`/api/rooms/${roomId}/messages?beforeSeq=${rm.oldestSeq}&limit=${PAGE_SIZE}&replies=false`);
      const list = page.messages || [];
      let added = 0;
      list.forEach((m) => { if (this.mergeStored(rm, m).added) added += 1; });
      if (list.length) rm.oldestSeq = Math.min(rm.oldestSeq, list[0].seq);
      rm.hasOlder = !!page.hasMore && list.length > 0;
      this.emit('room', { roomId, older: true });
      return added;
    } catch (e) {
      if (e.status !== 401) this.toast(`Could not load older messages: ${e.message}`, 'error');
      return 0;
    } finally {
      rm.loadingOlder = false;
    }
  }

  async loadMembers(roomId) {
    try {
      const list = await this.api.get(`/api/rooms/${roomId}/members`);
      const map = new Map();
      (list || []).forEach((m) => map.set(m.userId, m));
      this.members.set(roomId, map);
      this.emit('members', { roomId });
      this.emit('room', { roomId });
      this.emit('rooms');
    } catch (e) {
      if (e.status !== 401 && e.status !== 403 && e.status !== 404) this.toast(`Could not load members: ${e.message}`, 'error');
    }
  }

  async createRoom(name, memberIds) {
    const room = await this.api.post('/api/rooms', { name, type: 'GROUP', members: memberIds });
    this.rooms.set(room.id, { ...room, lastActivity: Date.now() });
    if (typeof room.lastRev === 'number') this.client.follow(room.id, room.lastRev);
    this.emit('rooms');
    return room;
  }

  async addMember(roomId, userId) {
    const member = await this.api.post(`/api/rooms/${roomId}/members`, { userId });
    const map = this.members.get(roomId);
    if (map && member) map.set(member.userId, member);
    this.emit('members', { roomId });
    return member;
  }

  async removeMember(roomId, userId) {
    await this.api.del(`/api/rooms/${roomId}/members/${encodeURIComponent(userId)}`);
    if (userId === this.me) {
      this.forgetRoom(roomId);
      this.emit('rooms');
      return;
    }
    const map = this.members.get(roomId);
    if (map) map.delete(userId);
    this.emit('members', { roomId });
    this.emit('room', { roomId });
  }

  /** Opens the DIRECT room with a user, creating it when needed. */
  async openDirect(userId) {
    if (userId === this.me) throw new ApiError(400, 'BAD_REQUEST', 'That is you.');
    for (const [roomId, room] of this.rooms) {
      if (room.type === 'DIRECT' && this.directPeer(roomId) === userId) {
        await this.openRoom(roomId);
        return room;
      }
    }
    const room = await this.api.post('/api/rooms/direct', { userId });
    this.rooms.set(room.id, { ...room, lastActivity: Date.now() });
    if (typeof room.lastRev === 'number') this.client.follow(room.id, room.lastRev);
    this.members.set(room.id, new Map([[this.me, { userId: this.me, role: room.myRole }], [userId, { userId, role: 'MEMBER', lastReadSeq: 0 }]]));
    this.emit('rooms');
    await this.openRoom(room.id);
    this.loadMembers(room.id);
    return room;
  }

  // ---- messages ------------------------------------------------------------------------------------------

  /**
   * Sends a message to the room, or as a reply to the thread of `threadId` (its root's messageId). It shows at once
   * as pending and stays so while offline: the client's outbox sends it when the connection is back, under one
   * clientMsgId, until the server confirms it. It fails only when the server refuses it for good.
   */
  send(roomId, body, threadId = null) {
    const text = body.replace(/\s+$/, '');
    if (!text.trim() || text.length > MAX_BODY_LENGTH) return null;
    const rm = this.roomMessages(roomId);
    const entry = rm.addLocal(randomId(), text, this.me, threadId);
    const room = this.rooms.get(roomId);
    if (room) room.lastActivity = Date.now();
    this.transmit(entry);
    this.emit('room', { roomId, own: true, threadId });
    this.emit('rooms');
    return entry;
  }

  /** Sends a failed message again under the same clientMsgId, so the server stores it at most once. */
  retry(roomId, clientMsgId) {
    const rm = this.messages.get(roomId);
    const entry = rm && rm.byClient.get(clientMsgId);
    if (!entry || entry.status !== 'failed') return;
    entry.status = 'pending';
    entry.error = null;
    rm.touch(entry);
    this.transmit(entry);
    this.emit('room', { roomId, own: true });
  }

  transmit(entry) {
    // The ACK itself arrives as the client's 'ack' event (onAck); here only a refusal for good matters.
    this.client.send(entry.roomId, entry.body, { threadId: entry.threadId ?? undefined, clientMsgId: entry.clientMsgId })
      .catch((e) => this.failSend(entry.roomId, entry.clientMsgId, e.message || e.code));
  }

  failSend(roomId, clientMsgId, reason) {
    const rm = this.messages.get(roomId);
    if (rm && rm.fail(clientMsgId, reason)) this.emit('room', { roomId });
  }

  edit(roomId, messageId, body) {
    const text = body.replace(/\s+$/, '');
    if (!text.trim()) return false;
    if (text.length > MAX_BODY_LENGTH) {
      this.toast(`A message can be at most ${MAX_BODY_LENGTH} characters.`, 'error');
      return false;
    }
    return this.operation('EDIT', { type: 'EDIT', roomId, messageId, body: text });
  }

  deleteMessage(roomId, messageId) {
    return this.operation('DELETE', { type: 'DELETE', roomId, messageId });
  }

  /** Adds my reaction, or takes it back when I already reacted with that emoji. Shown once the server reports it. */
  toggleReaction(roomId, messageId, emoji) {
    const rm = this.messages.get(roomId);
    const entry = rm && rm.byId.get(messageId);
    const mine = !!entry && (entry.reactions || []).some((r) => r.emoji === emoji && r.me);
    if (!(mine ? this.client.unreact(roomId, messageId, emoji) : this.client.react(roomId, messageId, emoji))) {
      this.toast('Not connected: try again when the connection is back.', 'error');
      return false;
    }
    return true;
  }

  // ---- threads -------------------------------------------------------------------------------------------

  /** Opens the thread of a root message beside the room and reads its replies. */
  async openThread(roomId, threadId) {
    if (this.thread && this.thread.roomId === roomId && this.thread.threadId === threadId) return;
    this.thread = { roomId, threadId, loaded: false, loading: false };
    this.emit('thread', { roomId, threadId });
    await this.loadThread(this.thread);
  }

  closeThread() {
    if (!this.thread) return;
    const { roomId, threadId } = this.thread;
    this.thread = null;
    this.emit('thread', { roomId, threadId, closed: true });
  }

  /** Reads the thread's replies page by page (GET .../thread?afterSeq=), merged like any other message. */
  async loadThread(thread) {
    if (thread.loading) return;
    thread.loading = true;
    const { roomId, threadId } = thread;
    const rm = this.roomMessages(roomId);
    let afterSeq = 0;
    try {
      for (let pages = 0; pages < 50; pages += 1) {
        const page = await this.api.get(
          `/api/rooms/${roomId}/messages/${threadId}/thread?afterSeq=${afterSeq}&limit=${THREAD_PAGE_SIZE}`);
        const list = (page && (page.messages || page.replies)) || [];
        // The thread endpoint does not report reactions (yet): those known from the room's changes are kept.
        list.forEach((m) => this.mergeStored(rm, m, { withoutReactions: true }));
        if (page && page.root) this.mergeStored(rm, page.root, { withoutReactions: true });
        if (!page || !page.hasMore || !list.length) break;
        afterSeq = list[list.length - 1].seq;
      }
      rm.advanceHead();
    } catch (e) {
      if (e.status !== 401) {
        this.toast(e.missingEndpoint ? 'Threads are not supported by this server yet.'
          : `Could not load the thread: ${e.message}`, 'error');
      }
    } finally {
      thread.loading = false;
      thread.loaded = true;
      if (this.thread === thread) this.emit('thread', { roomId, threadId });
    }
  }

  /**
   * EDIT or DELETE: confirmed by the MESSAGE_UPDATED / MESSAGE_DELETED the client resolves it with. Returns false when
   * not sent (offline), else the promise of the confirmation, whose failure has already been told in a toast.
   */
  operation(kind, frame) {
    if (this.client.state !== 'open') {
      this.toast('Not connected: try again when the connection is back.', 'error');
      return false;
    }
    const done = kind === 'EDIT' ? this.client.edit(frame.roomId, frame.messageId, frame.body)
      : this.client.delete(frame.roomId, frame.messageId);
    done.catch((e) => {
      const what = kind === 'EDIT' ? 'Editing' : 'Deleting';
      if (e.code === 'TIMEOUT') this.toast(`The server did not confirm the ${kind === 'EDIT' ? 'edit' : 'deletion'}.`, 'error');
      else if (e.code === 'DISCONNECTED' || e.code === 'CLOSED') this.toast(`${what} the message was interrupted: try again.`, 'error');
      else if (/unknown frame type/i.test(e.message)) this.toast(`${what} messages is not supported by this server yet.`, 'error');
      else this.toast(`${what} the message failed: ${e.message}`, 'error');
    });
    return done;
  }

  typingNow(roomId) {
    const last = this.lastTypingSent.get(roomId) || 0;
    if (Date.now() - last < TYPING_EVERY_MS) return;
    if (this.client.typing(roomId)) this.lastTypingSent.set(roomId, Date.now());
  }

  typingUsers(roomId) {
    const map = this.typing.get(roomId);
    if (!map) return [];
    const now = Date.now();
    return [...map.entries()].filter(([, until]) => until > now).map(([id]) => id);
  }

  sweepTyping() {
    const now = Date.now();
    for (const [roomId, map] of this.typing) {
      let changed = false;
      for (const [id, until] of map) if (until <= now) { map.delete(id); changed = true; }
      if (changed) this.emit('typing', { roomId });
    }
  }

  /** Moves my read marker to the newest message of the room, when there is something new. */
  markRead(roomId) {
    if (document.visibilityState === 'hidden') return;
    const room = this.rooms.get(roomId);
    const rm = this.messages.get(roomId);
    const seq = Math.max(rm ? rm.maxSeq() : 0, room ? room.lastSeq || 0 : 0);
    if (room && room.unreadCount) {
      room.unreadCount = 0;
      this.emit('rooms');
    }
    if (seq <= 0 || seq <= (this.lastReadSent.get(roomId) || 0)) return;
    if (this.client.read(roomId, seq)) this.lastReadSent.set(roomId, seq);
  }

  scheduleMarkRead(roomId) {
    clearTimeout(this.readTimers.get(roomId));
    this.readTimers.set(roomId, setTimeout(() => this.markRead(roomId), 250));
  }

  // ---- the client's events ------------------------------------------------------------------------------

  /** Catches the room up again from `afterRev` (0: every change since the room was created). */
  syncFrom(roomId, afterRev) {
    return this.client.sync(roomId, { afterRev });
  }

  /** The client's states, in the names the page shows: 'offline' with a retry coming is 'waiting'. */
  onSocketState(detail) {
    let state = detail.state;
    if (state === 'offline') {
      if (detail.reason === 'unauthorized' || detail.reason === 'forbidden') state = 'unauthorized';
      else if (detail.reason === 'closed' && detail.final) state = 'stopped';
      else if (typeof detail.retryInMs === 'number') state = 'waiting';
    }
    if (state === 'unauthorized') this.emit('unauthorized', { code: detail.code, reason: detail.closeReason });
    this.emit('connection', { ...detail, state, delay: detail.retryInMs });
  }

  onReady(frame, reconnected) {
    this.lastReadSent.clear();
    // The client catches every room it follows up by rev (new messages, and the edits, deletions, reactions,
    // replies and member changes made while away) and resends its outbox; rooms joined or lost meanwhile come
    // with the room list.
    if (reconnected) this.loadRooms();
    if (reconnected && this.thread) this.loadThread(this.thread);
    if (this.currentRoomId != null) this.scheduleMarkRead(this.currentRoomId);
  }

  handle(type, payload, info) {
    if (type === 'state') { this.onSocketState(payload); return; }
    if (type === 'ready') { this.onReady(payload, !!(info && info.reconnected)); return; }
    if (type === 'gap' || type === 'changes' || type === 'history' || type === 'refreshed') return;
    if (type === 'error') {
      if (payload && payload.type === 'ERROR') this.onError(payload);
      else console.error(payload); // eslint-disable-line no-console
      return;
    }
    const frame = payload;
    if (CHANGE_TYPES.has(frame.type)) {
      this.applyChange(frame, !!(info && info.replayed));
      return;
    }
    switch (frame.type) {
      case 'ACK': this.onAck(frame); break;
      case 'TYPING': this.onTyping(frame); break;
      case 'READ': this.onRead(frame); break;
      case 'PRESENCE': this.onPresence(frame); break;
      case 'ROOM_CREATED': this.scheduleLoadRooms(); break;
      case 'ROOM_DELETED': this.onRoomDeleted(frame); break;
      case 'ANNOUNCEMENT': this.emit('announcement', frame); break;
      default: break; // frames this client does not know yet are ignored
    }
  }

  /** One change of a room: live, or replayed from a CHANGES page (then a MESSAGE is the message as it is now). */
  applyChange(frame, replayed) {
    switch (frame.type) {
      case 'MESSAGE':
        if (replayed) this.onReplayedMessage(frame);
        else this.onMessage(frame);
        break;
      case 'MEMBER_JOINED':
      case 'MEMBER_UPDATED': this.onMemberChanged(frame); break;
      case 'MEMBER_LEFT': this.onMemberLeft(frame); break;
      case 'ROOM_UPDATED': this.onRoomUpdated(frame); break;
      case 'MESSAGE_UPDATED': this.onMessageUpdated(frame); break;
      case 'MESSAGE_DELETED': this.onMessageDeleted(frame); break;
      case 'REACTION': this.onReaction(frame); break;
      case 'THREAD_UPDATED': this.onThreadUpdated(frame); break;
      default: break;
    }
  }

  mergeStored(rm, message, options) {
    return rm.merge(message, this.me, options);
  }

  onMessage(message) {
    const roomId = message.roomId;
    const rm = this.roomMessages(roomId);
    const { added } = this.mergeStored(rm, message);
    rm.advanceHead();
    const room = this.rooms.get(roomId);
    if (!room) {
      this.scheduleLoadRooms();
    } else {
      room.lastSeq = Math.max(room.lastSeq || 0, message.seq || 0);
      room.lastActivity = Date.now();
      if (added && message.senderId !== this.me) {
        if (this.currentRoomId === roomId && document.visibilityState !== 'hidden') this.scheduleMarkRead(roomId);
        else room.unreadCount = (room.unreadCount || 0) + 1;
      }
      this.emit('rooms');
    }
    const typing = this.typing.get(roomId);
    if (typing && typing.delete(message.senderId)) this.emit('typing', { roomId });
    this.emit('room', { roomId, own: message.senderId === this.me, threadId: message.threadId ?? null });
  }

  /** A message of a CHANGES page, as it is now: merged like HISTORY (the room list's unread count is the server's). */
  onReplayedMessage(message) {
    const roomId = message.roomId;
    const rm = this.roomMessages(roomId);
    this.mergeStored(rm, message);
    rm.advanceHead();
    const room = this.rooms.get(roomId);
    if (room) room.lastSeq = Math.max(room.lastSeq || 0, message.seq || 0);
    if (this.currentRoomId === roomId) this.scheduleMarkRead(roomId);
    this.emit('room', { roomId, threadId: message.threadId ?? null });
  }

  onReaction(frame) {
    const rm = this.messages.get(frame.roomId);
    const entry = rm && rm.react(frame, this.me);
    if (entry) this.emit('room', { roomId: frame.roomId, threadId: entry.threadId ?? null });
  }

  onThreadUpdated(frame) {
    const rm = this.messages.get(frame.roomId);
    if (rm && rm.threadUpdated(frame)) this.emit('room', { roomId: frame.roomId });
  }

  onAck(frame) {
    const rm = this.roomMessages(frame.roomId);
    if (!rm.ack(frame)) return;
    rm.advanceHead();
    const room = this.rooms.get(frame.roomId);
    if (room) room.lastSeq = Math.max(room.lastSeq || 0, frame.seq || 0);
    this.lastReadSent.set(frame.roomId, Math.max(this.lastReadSent.get(frame.roomId) || 0, frame.seq || 0));
    this.emit('room', { roomId: frame.roomId, own: true });
  }

  /**
   * An ERROR frame. The client deals with what concerns it: a SEND refused for the rate goes again after
   * retryAfterMs, one refused for good rejects its send (failSend), a refused EDIT or DELETE rejects its promise.
   */
  onError(frame) {
    const ref = frame.ref;
    const message = frame.message || frame.code || 'error';
    if (frame.code === 'RATE_LIMITED') return;
    if (ref) {
      for (const rm of this.messages.values()) if (rm.byClient.has(ref)) return;
    }
    if (ref === 'REACT' || ref === 'UNREACT') {
      this.toast(/unknown frame type/i.test(message)
        ? 'Reactions are not supported by this server yet.' : `The reaction failed: ${message}`, 'error');
      return;
    }
    if (ref === 'SYNC' || ref === 'EDIT' || ref === 'DELETE' || ref === 'READ' || ref === 'TYPING' || ref === 'PING') return;
    this.toast(message, 'error');
  }

  onTyping(frame) {
    if (frame.userId === this.me) return;
    let map = this.typing.get(frame.roomId);
    if (!map) {
      map = new Map();
      this.typing.set(frame.roomId, map);
    }
    map.set(frame.userId, Date.now() + TYPING_SHOWN_MS);
    this.emit('typing', { roomId: frame.roomId });
  }

  onRead(frame) {
    const members = this.members.get(frame.roomId);
    const member = members && members.get(frame.userId);
    if (member) member.lastReadSeq = Math.max(member.lastReadSeq || 0, frame.seq || 0);
    if (frame.userId === this.me) {
      const room = this.rooms.get(frame.roomId);
      if (room && frame.seq >= (room.lastSeq || 0) && room.unreadCount) {
        room.unreadCount = 0;
        this.emit('rooms');
      }
      this.lastReadSent.set(frame.roomId, Math.max(this.lastReadSent.get(frame.roomId) || 0, frame.seq || 0));
    } else {
      this.emit('room', { roomId: frame.roomId });
    }
    this.emit('members', { roomId: frame.roomId });
  }

  onPresence(frame) {
    if (!frame.userId || frame.userId === this.me) return;
    if (frame.online) this.online.add(frame.userId);
    else this.online.delete(frame.userId);
    this.emit('presence', { userId: frame.userId });
  }

  onMemberChanged(frame) {
    const { roomId, userId } = frame;
    if (userId === this.me) {
      const room = this.rooms.get(roomId);
      if (room && frame.role) {
        room.myRole = frame.role;
        this.emit('rooms');
        this.emit('members', { roomId });
      } else {
        this.scheduleLoadRooms(); // I was added to a room
      }
    }
    const members = this.members.get(roomId);
    if (members) {
      const member = members.get(userId) || { userId, joinedAt: new Date().toISOString(), lastReadSeq: 0 };
      member.role = frame.role || member.role;
      members.set(userId, member);
      this.emit('members', { roomId });
      this.emit('rooms');
    }
  }

  onMemberLeft(frame) {
    const { roomId, userId } = frame;
    if (userId === this.me) {
      const name = this.displayName(roomId);
      const wasOpen = this.currentRoomId === roomId;
      this.forgetRoom(roomId);
      this.emit('rooms');
      if (name && wasOpen) this.toast(`You are no longer a member of ${isolate(name)}.`);
      return;
    }
    const members = this.members.get(roomId);
    if (members && members.delete(userId)) {
      this.emit('members', { roomId });
      this.emit('room', { roomId });
    }
  }

  onRoomUpdated(frame) {
    const room = this.rooms.get(frame.roomId);
    if (!room) return;
    if (frame.name) room.name = frame.name;
    this.emit('rooms');
  }

  onRoomDeleted(frame) {
    const name = this.displayName(frame.roomId);
    const wasOpen = this.currentRoomId === frame.roomId;
    this.forgetRoom(frame.roomId);
    this.emit('rooms');
    if (wasOpen) this.toast(`${name ? isolate(name) : 'The room'} was deleted.`);
  }

  onMessageUpdated(frame) {
    const rm = this.messages.get(frame.roomId);
    if (rm && rm.update(frame)) this.emit('room', { roomId: frame.roomId });
  }

  onMessageDeleted(frame) {
    const rm = this.messages.get(frame.roomId);
    if (rm && rm.markDeleted(frame)) this.emit('room', { roomId: frame.roomId });
  }
}
