// The chat platform's JavaScript client: /ws/chat with an outbox, reconnects, token refresh and catch-up, in
// browsers and in Node 20+. No dependencies, no build step. See README.md for the API, docs/protocol.md for the wire.
//
// Guarantees to the application:
// - each room's changes (MESSAGE, MESSAGE_UPDATED, MESSAGE_DELETED, REACTION, THREAD_UPDATED, MEMBER_*, ROOM_UPDATED)
//   are delivered in rev order, each exactly once, across reconnects: duplicates are dropped and what was missed is
//   caught up with SYNC {afterRev} (by seq for a server that sends no rev);
// - send() resolves once with the server's ACK (the message is durable); until then the SEND stays in the outbox and
//   goes again, with the same clientMsgId, after every reconnect, so the server stores it exactly once.

import { Connection, backoffDelay } from './connection.js';
import { RoomOrder } from './order.js';

export { Connection, backoffDelay, tokenExpiry, base64url, PROTOCOL } from './connection.js';
export { RoomOrder } from './order.js';

/** Frames that report a change of a room and carry its rev (protocol.md §6.2). */
export const CHANGE_TYPES = Object.freeze(['MESSAGE', 'MESSAGE_UPDATED', 'MESSAGE_DELETED', 'REACTION',
  'THREAD_UPDATED', 'MEMBER_JOINED', 'MEMBER_UPDATED', 'MEMBER_LEFT', 'ROOM_UPDATED']);
const CHANGES = new Set(CHANGE_TYPES);
const RATE_LIMITED_RETRY_MS = 1000; // when a RATE_LIMITED or UNAVAILABLE error names no retryAfterMs
const CLOSE_TOO_BIG = 1009;
// SYNC refusals after which the room cannot be read: it is no longer the user's.
const ROOM_LOST_CODES = new Set(['NOT_FOUND', 'FORBIDDEN']);
// Refusals that handled nothing and name when to try again: the same frame goes again after retryAfterMs.
const RETRY_AFTER_CODES = new Set(['RATE_LIMITED', 'UNAVAILABLE']);

function retryAfter(frame) {
  return Number.isFinite(frame.retryAfterMs) && frame.retryAfterMs > 0 ? frame.retryAfterMs : RATE_LIMITED_RETRY_MS;
}

/** A refusal by the server (code from protocol.md §10.2) or by the client (OFFLINE, TIMEOUT, CLOSED). */
export class ChatError extends Error {
  constructor(code, message, frame) {
    super(message || code);
    this.name = 'ChatError';
    this.code = code;
    this.frame = frame;
  }
}

/**
 * A frame's size as the server measures it against chat.ws.max-frame-size (protocol.md §12.1): the characters (UTF-16
 * code units) of its JSON text after decoding, not its UTF-8 bytes on the wire. (maxFrameBytes keeps its name.)
 */
function frameLength(frame) {
  return JSON.stringify(frame).length;
}

/**
 * The outbox's key of a message: a clientMsgId is scoped to (room, sender) (protocol.md §8), so the same id in two
 * rooms is two messages.
 */
function outboxKey(roomId, clientMsgId) {
  return `${roomId}\u0000${clientMsgId}`;
}

function randomId() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export class ChatClient {
  /**
   * url: ws(s)://host/ws/chat (in a browser a path such as '/ws/chat' will do); token (a JWT) or getToken (a
   * function returning one, or a promise of one; asked before every connection and before the token expires);
   * device: a label such as 'web'; WebSocket: a constructor when there is no global one (Node 20: the "ws" package,
   * or run Node with --experimental-websocket). Tuning: baseDelayMs, maxDelayMs, random, heartbeatMs,
   * refreshBeforeMs, ackTimeoutMs, opTimeoutMs, pageSize, maxFrameBytes, auth ('subprotocol' | 'query' | 'init').
   */
  constructor(options = {}) {
    const {
      url, token, getToken, device, WebSocket, baseDelayMs = 500, maxDelayMs = 15000, random = Math.random,
      heartbeatMs = 20000, readyTimeoutMs = 10000, refreshBeforeMs = 60000, ackTimeoutMs = 15000,
      opTimeoutMs = 10000, pageSize = 100, auth = 'subprotocol', timers = globalThis, watchBrowser = true,
      maxFrameBytes = 65536, maxInFlight = 64,
    } = options;
    this.maxFrameBytes = maxFrameBytes;
    // Flow control of the outbox: at most `window` SENDs unanswered on the connection; each ACK doubles it, up to
    // maxInFlight. A RATE_LIMITED answer (a server with pacing off refuses what comes over its rate) pauses the outbox
    // for retryAfterMs (the longest named while paused) and starts the window over at 1; from then on each ACK grows
    // it by one only (rateLimited), until it is back at maxInFlight. So a long outbox goes in pieces the server takes,
    // with few refusals, rather than all at once into refusals and, after flood-limit of them in a row, a 1008 close.
    // Order is not kept across refusals: the SENDs in flight behind a refused one may be stored before it.
    this.maxInFlight = Math.max(1, maxInFlight);
    this.window = this.maxInFlight;
    this.inFlight = 0;
    this.paused = false;
    this.pauseTimer = undefined;
    this.pauseEndsAt = 0;
    this.rateLimited = false;
    // The largest frame written on the current socket: a 1009 close is about it.
    this.largestSent = { length: -1, entry: null };
    this.final = null; // a ChatError once the client stopped for good (close(), or a token refused for good)
    this.listeners = new Map();
    this.timers = timers;
    this.random = random;
    this.ackTimeoutMs = ackTimeoutMs;
    this.opTimeoutMs = opTimeoutMs;
    this.pageSize = pageSize;
    this.userId = null;
    // outboxKey(roomId, clientMsgId) -> {frame, promise, resolve, reject, timer, attempts}, oldest first. An ERROR
    // names only ref = clientMsgId, so of the entries sharing a clientMsgId (in other rooms) only the oldest is sent;
    // the others wait until it is settled.
    this.outbox = new Map();
    this.acked = new Set(); // outbox keys settled lately: their repeated ACKs are dropped
    this.ops = []; // EDIT / DELETE waiting for their MESSAGE_UPDATED / MESSAGE_DELETED
    this.seqs = new Map(); // roomId -> {seq, syncing}: rooms followed by seq (a server without revs)
    this.syncsInFlight = []; // {roomId, bySeq}, oldest first: an ERROR with ref SYNC answers the oldest
    this.order = new RoomOrder({
      deliver: (frame, replayed) => this.deliver(frame, replayed),
      send: (frame) => this.sendSync(frame, false),
      onGap: (gap) => this.emit('gap', gap),
      pageSize,
      timers,
    });
    this.connection = new Connection({
      url, token, getToken, device, WebSocket, baseDelay: baseDelayMs, maxDelay: maxDelayMs, random, heartbeatMs,
      readyTimeoutMs, refreshBeforeMs, auth, timers, watchBrowser,
      onFrame: (frame) => this.handleFrame(frame),
      onReady: (frame, reconnected) => this.onReady(frame, reconnected),
      onState: (state, detail) => this.onState(state, detail),
    });
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  /** Connects (and keeps reconnecting until close()). Resolves on the first READY; rejects if the token is refused. */
  connect() {
    if (this.final && !this.connection.stopped) this.connection.stop(); // stopped for good by the server: start over
    this.final = null;
    if (!this.connected || this.connectedFailed) {
      this.connectedFailed = false;
      this.connected = new Promise((resolve, reject) => { this.connectedSettle = { resolve, reject }; });
      this.connected.catch(() => {});
    }
    this.connection.start();
    return this.connected;
  }

  /**
   * Closes for good: no reconnect. Sends still in the outbox, and sends made until the next connect(), are rejected
   * with CLOSED.
   */
  close() {
    this.stoppedForGood(new ChatError('CLOSED', 'the client was closed before the server confirmed the message'));
    this.connection.stop();
    this.failOps('CLOSED', 'the client was closed');
  }

  /** No more attempts (close(), or a token refused for good): every SEND waiting, and every later one, fails. */
  stoppedForGood(error) {
    this.final = error;
    this.order.reset();
    this.inFlight = 0;
    this.timers.clearTimeout(this.pauseTimer);
    this.paused = false;
    for (const [key, entry] of this.outbox) {
      this.timers.clearTimeout(entry.timer);
      entry.reject(error);
      this.outbox.delete(key);
    }
  }

  /** 'connecting' | 'open' | 'offline'. */
  get state() {
    return this.connection.state;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    const set = this.listeners.get(type);
    if (set) set.delete(fn);
  }

  emit(type, payload, info) {
    for (const key of [type, '*']) {
      const set = this.listeners.get(key);
      if (!set) continue;
      for (const fn of [...set]) {
        try {
          if (key === '*') fn(type, payload, info);
          else fn(payload, info);
        } catch (e) {
          // An application handler that throws must not break the order of what follows.
          if (type !== 'error') this.emit('error', new ChatError('HANDLER', `a '${type}' handler threw: ${e && e.message}`, e));
        }
      }
    }
  }

  // ---- what the application sends ----------------------------------------------------------------------------

  /**
   * Posts a message. Resolves with the ACK {roomId, clientMsgId, messageId, seq} once it is stored; rejects with a
   * ChatError when the server refuses it for good (BAD_REQUEST, TOO_LARGE, NOT_FOUND, FORBIDDEN, …) or on close().
   * Offline, it waits in the outbox and goes when the connection is back, as often as needed, under one clientMsgId.
   */
  send(roomId, body, { threadId, attributes, clientMsgId } = {}) {
    const id = clientMsgId || randomId();
    const existing = this.outbox.get(outboxKey(roomId, id));
    if (existing) return existing.promise;
    const frame = { type: 'SEND', roomId, clientMsgId: id, body };
    if (threadId != null) frame.threadId = threadId;
    if (attributes != null) frame.attributes = attributes;
    if (this.final) return Object.assign(Promise.reject(this.final), { clientMsgId: id });
    const length = frameLength(frame);
    if (length > this.maxFrameBytes) {
      // The server would close the socket (1009), and the outbox would send it again after every reconnect.
      return Object.assign(Promise.reject(new ChatError('TOO_LARGE',
        `the SEND frame is longer than ${this.maxFrameBytes} characters (the server's chat.ws.max-frame-size)`)),
      { clientMsgId: id });
    }
    const entry = { frame, length, attempts: 0, timer: undefined };
    entry.promise = new Promise((resolve, reject) => { entry.resolve = resolve; entry.reject = reject; });
    entry.promise.clientMsgId = id;
    entry.key = outboxKey(roomId, id);
    this.outbox.set(entry.key, entry);
    this.transmit(entry);
    return entry.promise;
  }

  /** The SENDs not confirmed yet, oldest first. */
  pending() {
    return [...this.outbox.values()].map((entry) => ({ ...entry.frame }));
  }

  /**
   * Catches a room up: by rev (CHANGES) from where this client is, or from `afterRev` when given (to replay what came
   * after a state read elsewhere, for example over REST); `{afterSeq}` uses the older form (HISTORY). Starts
   * following the room if it was not followed. Returns whether the SYNC went (false when offline: the next
   * connection catches every followed room up anyway).
   */
  sync(roomId, { afterRev, afterSeq } = {}) {
    if (typeof afterSeq === 'number') return this.syncBySeq(roomId, afterSeq);
    if (typeof afterRev === 'number') return this.order.sync(roomId, afterRev);
    // From the first change if the application did not follow the room yet, even if a live frame of it came first.
    this.order.followByApplication(roomId, 0);
    return this.order.sync(roomId);
  }

  /**
   * Follows a room from `rev` (e.g. GET /api/rooms' lastRev) without asking for anything now; a room followed only
   * from a live frame after `rev` is caught up from `rev` at once.
   */
  follow(roomId, rev) {
    const known = this.order.follows(roomId);
    if (this.order.followByApplication(roomId, rev) && known && this.connection.ready) this.order.sync(roomId);
  }

  /** Stops following a room. */
  forget(roomId) {
    this.order.forget(roomId);
    this.seqs.delete(roomId);
  }

  /** The last rev delivered for the room, or null when it is not followed. */
  rev(roomId) {
    return this.order.rev(roomId);
  }

  read(roomId, seq) {
    return this.write({ type: 'READ', roomId, seq });
  }

  typing(roomId) {
    return this.write({ type: 'TYPING', roomId });
  }

  /** Idempotent on the server: the REACTION event is the confirmation (none comes when nothing changed). */
  react(roomId, messageId, emoji) {
    return this.write({ type: 'REACT', roomId, messageId, emoji });
  }

  unreact(roomId, messageId, emoji) {
    return this.write({ type: 'UNREACT', roomId, messageId, emoji });
  }

  /** Resolves with the MESSAGE_UPDATED that confirms it. */
  edit(roomId, messageId, body) {
    return this.operation('EDIT', { type: 'EDIT', roomId, messageId, body }, 'MESSAGE_UPDATED');
  }

  /** Resolves with the MESSAGE_DELETED that confirms it. */
  delete(roomId, messageId) {
    return this.operation('DELETE', { type: 'DELETE', roomId, messageId }, 'MESSAGE_DELETED');
  }

  /** Sends any frame as it is (for frames this client has no method for); returns whether it went. */
  sendFrame(frame) {
    return this.write(frame);
  }

  /** Test and diagnostics hooks: lose the connection as a network failure would; hold it offline. */
  drop() {
    this.connection.drop();
  }

  setOffline(offline) {
    this.connection.hold(offline);
  }

  // ---- outbox -----------------------------------------------------------------------------------------------

  transmit(entry) {
    this.timers.clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.waiting = false;
    if (this.outbox.get(entry.key) !== entry) return;
    if (!entry.inFlight && (this.paused || this.inFlight >= this.window)) return; // pump() sends it in turn
    if (this.sharesIdWithOlder(entry)) return; // pump() sends it once the older one is settled
    if (!this.write(entry.frame, entry.length, entry)) return; // goes with the outbox after the next READY
    if (!entry.inFlight) {
      entry.inFlight = true;
      this.inFlight += 1;
    }
    entry.attempts += 1;
    // No answer on a live connection (a server fault, a lost frame): the same SEND again is safe (protocol.md §8).
    entry.timer = this.timers.setTimeout(() => this.transmit(entry), this.ackTimeoutMs);
  }

  /** Sends the SENDs waiting, oldest first, as far as the window lets. */
  pump() {
    const older = new Set();
    for (const entry of this.outbox.values()) {
      if (this.paused || this.inFlight >= this.window || !this.connection.ready) return;
      const first = !older.has(entry.frame.clientMsgId);
      older.add(entry.frame.clientMsgId);
      if (first && !entry.inFlight && !entry.waiting) this.transmit(entry);
    }
  }

  /** Whether an older entry (of another room) has the same clientMsgId: then this one waits for it. */
  sharesIdWithOlder(entry) {
    return this.oldestWithId(entry.frame.clientMsgId) !== entry;
  }

  /** The oldest entry with this clientMsgId: the only one of them sent, so the one an ERROR with this ref answers. */
  oldestWithId(clientMsgId) {
    for (const entry of this.outbox.values()) if (entry.frame.clientMsgId === clientMsgId) return entry;
    return undefined;
  }

  /** The SEND is answered (or will go again later): it no longer takes a place in the window. */
  landed(entry) {
    if (!entry.inFlight) return;
    entry.inFlight = false;
    this.inFlight -= 1;
  }

  settle(roomId, clientMsgId, ack) {
    const key = outboxKey(roomId, clientMsgId);
    const entry = this.outbox.get(key);
    if (!entry) return false;
    this.outbox.delete(key);
    this.landed(entry);
    this.window = Math.min(this.maxInFlight, this.rateLimited ? this.window + 1 : this.window * 2);
    if (this.window >= this.maxInFlight) this.rateLimited = false;
    this.pump();
    this.timers.clearTimeout(entry.timer);
    this.remember(key);
    entry.resolve(ack);
    return true;
  }

  remember(key) {
    this.acked.add(key);
    if (this.acked.size > 10000) this.acked.delete(this.acked.values().next().value);
  }

  onAck(frame) {
    const key = outboxKey(frame.roomId, frame.clientMsgId);
    if (this.settle(frame.roomId, frame.clientMsgId, frame)) {
      this.emit('ack', frame);
    } else if (!this.acked.has(key)) {
      this.remember(key);
      this.emit('ack', frame); // a SEND made with sendFrame()
    }
    // else: the ACK of a resend whose first ACK (or MESSAGE) settled it already
  }

  /** Our own MESSAGE (live or caught up) proves the SEND was stored, even if its ACK was lost with the connection. */
  settleFromMessage(frame) {
    if (frame.senderId == null || frame.senderId !== this.userId || !frame.clientMsgId) return;
    const ack = { type: 'ACK', roomId: frame.roomId, clientMsgId: frame.clientMsgId, messageId: frame.messageId, seq: frame.seq };
    if (this.settle(frame.roomId, frame.clientMsgId, ack)) this.emit('ack', ack);
  }

  onSendError(entry, frame) {
    this.landed(entry);
    this.timers.clearTimeout(entry.timer);
    entry.timer = undefined;
    if (frame.code === 'RATE_LIMITED') {
      // Not handled: it and every SEND not sent yet wait for retryAfterMs, then go from a window of one.
      this.window = 1;
      this.rateLimited = true;
      const wait = retryAfter(frame);
      const endsAt = Date.now() + wait;
      if (!this.paused || endsAt > this.pauseEndsAt) {
        this.timers.clearTimeout(this.pauseTimer);
        this.paused = true;
        this.pauseEndsAt = endsAt;
        this.pauseTimer = this.timers.setTimeout(() => { this.paused = false; this.pump(); }, wait);
      }
      return;
    }
    if (frame.code === 'UNAVAILABLE' || frame.code === 'INTERNAL') {
      // Not storable now (UNAVAILABLE), or nothing stored (INTERNAL): the same SEND, same clientMsgId, again later
      // (after retryAfterMs, or with backoff); it stays in the outbox meanwhile.
      const delay = frame.code === 'UNAVAILABLE'
        ? retryAfter(frame)
        : backoffDelay(entry.attempts, { random: this.random });
      entry.waiting = true;
      entry.timer = this.timers.setTimeout(() => this.transmit(entry), delay);
      this.pump();
      return;
    }
    // BAD_REQUEST, TOO_LARGE, NOT_FOUND, FORBIDDEN…, and codes this client does not know (treated as BAD_REQUEST,
    // protocol.md §10.2): the same SEND can never succeed.
    this.outbox.delete(entry.key);
    this.pump();
    this.remember(entry.key);
    entry.reject(new ChatError(frame.code || 'BAD_REQUEST', frame.message, frame));
  }

  // ---- EDIT / DELETE ----------------------------------------------------------------------------------------

  operation(kind, frame, confirmation) {
    const length = frameLength(frame);
    if (length > this.maxFrameBytes) {
      return Promise.reject(new ChatError('TOO_LARGE', `the ${kind} frame is longer than ${this.maxFrameBytes} characters`));
    }
    if (!this.write(frame, length)) return Promise.reject(new ChatError('OFFLINE', 'not connected'));
    return new Promise((resolve, reject) => {
      const op = { kind, confirmation, roomId: frame.roomId, messageId: frame.messageId, resolve, reject };
      op.timer = this.timers.setTimeout(() => {
        this.ops = this.ops.filter((o) => o !== op);
        reject(new ChatError('TIMEOUT', `the server did not confirm the ${kind}`));
      }, this.opTimeoutMs);
      this.ops.push(op);
    });
  }

  settleOp(frame) {
    const index = this.ops.findIndex((op) => op.confirmation === frame.type && op.roomId === frame.roomId
        && op.messageId === frame.messageId);
    if (index < 0) return;
    const [op] = this.ops.splice(index, 1);
    this.timers.clearTimeout(op.timer);
    op.resolve(frame);
  }

  /** The server handles a session's frames in order, so an ERROR for EDIT answers the oldest EDIT waiting. */
  failOp(kind, frame) {
    const index = this.ops.findIndex((op) => op.kind === kind);
    if (index < 0) return;
    const [op] = this.ops.splice(index, 1);
    this.timers.clearTimeout(op.timer);
    op.reject(new ChatError(frame.code, frame.message, frame));
  }

  failOps(code, message) {
    this.ops.splice(0).forEach((op) => {
      this.timers.clearTimeout(op.timer);
      op.reject(new ChatError(code, message));
    });
  }

  // ---- what the server sends --------------------------------------------------------------------------------

  onState(state, detail) {
    const tooBig = state === 'offline' && detail && detail.code === CLOSE_TOO_BIG ? this.largestSent : null;
    if (state !== 'open') this.largestSent = { length: -1, entry: null };
    if (state !== 'open') {
      this.order.reset();
      this.syncsInFlight = [];
      for (const room of this.seqs.values()) room.syncing = false;
      this.failOps('DISCONNECTED', 'the connection was lost before the server confirmed it');
      for (const entry of this.outbox.values()) {
        this.timers.clearTimeout(entry.timer);
        entry.timer = undefined;
        entry.inFlight = false;
        entry.waiting = false;
      }
      this.inFlight = 0;
    }
    if (state === 'offline' && detail && detail.final) {
      const code = detail.reason === 'closed' ? 'CLOSED' : detail.reason === 'forbidden' ? 'FORBIDDEN' : 'UNAUTHORIZED';
      const error = new ChatError(code, detail.closeReason || detail.reason);
      if (this.connectedSettle && !this.connection.everReady) {
        this.connectedSettle.reject(error);
        this.connectedFailed = true;
      }
      if (!this.final) this.stoppedForGood(error);
    }
    if (tooBig) this.refuseTooBig(tooBig);
    this.emit('state', { state, ...detail });
  }

  /**
   * The server closed the socket for a frame too big (1009): the largest frame written on it. When that was a SEND
   * still in the outbox, it is refused as the server would have (send() measures each against maxFrameBytes, so the
   * server's limit is lower), so the outbox does not send it again after every reconnect; the rest goes on. When it
   * was another frame (an EDIT, say), its own call has failed already.
   */
  refuseTooBig({ length, entry }) {
    if (!entry || this.outbox.get(entry.key) !== entry) return;
    this.onSendError(entry, { type: 'ERROR', code: 'TOO_LARGE', ref: entry.frame.clientMsgId,
      message: `the server closed the connection (1009) for a frame too big; this SEND was ${length} characters` });
  }

  /**
   * Hands a frame to the socket, noting the largest one written on it (what a 1009 close is about); `length` when the
   * caller measured it already (each SEND once, when it enters the outbox).
   */
  write(frame, length = frameLength(frame), entry = null) {
    if (!this.connection.send(frame)) return false;
    if (length > this.largestSent.length) this.largestSent = { length, entry };
    return true;
  }

  onReady(frame, reconnected) {
    this.userId = frame.userId;
    if (this.connectedSettle) this.connectedSettle.resolve(frame);
    this.emit('ready', frame, { reconnected });
    // Every room seen catches up (protocol.md §9.4), then the outbox goes again (§9.2 step 7): a SEND that was in
    // fact stored comes back with its first ACK, and never as a second message.
    this.order.syncAll();
    for (const [roomId, room] of this.seqs) if (!this.order.follows(roomId)) this.syncBySeq(roomId, room.seq);
    this.pump();
  }

  /** Every frame from the server. (Replaceable in tests, to lose frames on purpose.) */
  handleFrame(frame) {
    if (CHANGES.has(frame.type)) {
      this.onChange(frame);
      return;
    }
    switch (frame.type) {
      case 'READY': return; // onReady
      case 'ACK': this.onAck(frame); return;
      case 'CHANGES': this.answered(frame.roomId, false); this.emit('changes', frame); this.order.changes(frame); return;
      case 'HISTORY': this.answered(frame.roomId, true); this.emit('history', frame); this.onHistory(frame); return;
      case 'ERROR': this.onError(frame); return;
      case 'ROOM_DELETED':
        this.forget(frame.roomId);
        break;
      default: break;
    }
    this.emit(frame.type.toLowerCase(), frame);
  }

  onChange(frame) {
    if (typeof frame.rev !== 'number') {
      if (frame.type === 'MESSAGE') this.offerBySeq(frame);
      else this.deliver(frame, false);
      return;
    }
    if (frame.type === 'MEMBER_LEFT' && frame.userId === this.userId) {
      // Losing the room needs no order, and no SYNC could follow it.
      if (!this.order.follows(frame.roomId) || frame.rev > this.order.rev(frame.roomId)) this.deliver(frame, false);
      this.forget(frame.roomId);
      return;
    }
    this.order.offer(frame);
  }

  /** One change, in order: to the application, and to the outbox and the waiting EDIT/DELETE. */
  deliver(frame, replayed) {
    if (frame.type === 'MESSAGE') {
      const room = this.seqs.get(frame.roomId);
      if (room && frame.seq > room.seq) room.seq = frame.seq;
      this.settleFromMessage(frame);
    }
    if (frame.type === 'MESSAGE_UPDATED' || frame.type === 'MESSAGE_DELETED') this.settleOp(frame);
    this.emit(frame.type.toLowerCase(), frame, { replayed });
  }

  onError(frame) {
    const ref = frame.ref;
    const entry = ref != null ? this.oldestWithId(ref) : undefined;
    if (entry) this.onSendError(entry, frame);
    else if (ref === 'EDIT' || ref === 'DELETE') this.failOp(ref, frame);
    else if (ref === 'SYNC') this.onSyncError(frame);
    this.emit('error', frame);
  }

  // ---- SYNCs in flight --------------------------------------------------------------------------------------

  sendSync(frame, bySeq) {
    if (!this.write(frame)) return false;
    this.syncsInFlight.push({ roomId: frame.roomId, bySeq });
    return true;
  }

  answered(roomId, bySeq) {
    const index = this.syncsInFlight.findIndex((s) => s.roomId === roomId && s.bySeq === bySeq);
    if (index >= 0) this.syncsInFlight.splice(index, 1);
  }

  /**
   * The ERROR does not say which room's SYNC it answers, but the server handles a session's frames in order: it
   * answers the oldest SYNC in flight. Only that room's catch-up fails; the others, and the live frames they hold
   * until their pages come, are untouched. A room the user can no longer read is forgotten; otherwise the SYNC goes
   * again later (after retryAfterMs for RATE_LIMITED / UNAVAILABLE).
   */
  onSyncError(frame) {
    const oldest = this.syncsInFlight.shift();
    if (!oldest) return;
    const { roomId, bySeq } = oldest;
    if (bySeq) {
      const room = this.seqs.get(roomId);
      if (room) room.syncing = false;
    } else {
      this.order.refused(roomId);
    }
    if (ROOM_LOST_CODES.has(frame.code)) {
      // Removed from the room, or the room was deleted, while away: no MEMBER_LEFT or ROOM_DELETED can be replayed
      // to someone who may no longer read the room, so this says it.
      this.forget(roomId);
      this.emit('room_lost', { roomId, code: frame.code, message: frame.message });
      return;
    }
    if (!RETRY_AFTER_CODES.has(frame.code) && frame.code !== 'INTERNAL') {
      // BAD_REQUEST (a roomId that is no room id, say) or a code this client does not know: the same SYNC would be
      // refused again (protocol.md §10.2). The room is no longer followed; the 'error' event carries the refusal.
      this.forget(roomId);
      return;
    }
    const delay = RETRY_AFTER_CODES.has(frame.code) ? retryAfter(frame) : RATE_LIMITED_RETRY_MS;
    this.timers.setTimeout(() => {
      if (!this.connection.ready) return; // the next READY catches every followed room up anyway
      if (bySeq) {
        const room = this.seqs.get(roomId);
        if (room && !room.syncing) this.syncBySeq(roomId, room.seq);
      } else if (this.order.follows(roomId)) {
        this.order.sync(roomId);
      }
    }, delay);
  }

  // ---- by seq, for a server without revs (protocol.md §9.2) --------------------------------------------------

  offerBySeq(frame) {
    let room = this.seqs.get(frame.roomId);
    if (!room) {
      room = { seq: frame.seq - 1, syncing: false };
      this.seqs.set(frame.roomId, room);
    }
    if (frame.seq <= room.seq) return; // a duplicate
    if (room.syncing) return; // the HISTORY under way brings it
    if (frame.seq > room.seq + 1) {
      this.emit('gap', { roomId: frame.roomId, afterSeq: room.seq, seq: frame.seq });
      this.syncBySeq(frame.roomId, room.seq); // it comes back in HISTORY, after what is missing
      return;
    }
    this.deliver(frame, false);
  }

  syncBySeq(roomId, afterSeq) {
    let room = this.seqs.get(roomId);
    if (!room) {
      room = { seq: afterSeq, syncing: false };
      this.seqs.set(roomId, room);
    }
    room.seq = Math.min(room.seq, afterSeq);
    if (!this.sendSync({ type: 'SYNC', roomId, afterSeq: room.seq, limit: this.pageSize }, true)) return false;
    room.syncing = true;
    return true;
  }

  onHistory(frame) {
    const room = this.seqs.get(frame.roomId);
    if (!room) return;
    room.syncing = false;
    for (const message of frame.messages || []) {
      if (message.seq > room.seq) this.deliver({ ...message, type: 'MESSAGE', roomId: frame.roomId }, true);
    }
    if (frame.hasMore) this.syncBySeq(frame.roomId, room.seq);
  }
}

export default ChatClient;
