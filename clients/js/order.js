// Each room's changes, delivered in rev order, each exactly once (docs/protocol.md §7 rules 8-9, §9.4).
//
// Every change of a room's visible state (a message, an edit, a deletion, a reaction, a thread's summary, a member,
// a rename) takes the room's next rev. A live frame is delivered only when its rev is the next one: an older rev is
// a duplicate (or a change a CHANGES page already covered) and is dropped; a newer one means something is missing,
// so the frame is held and the room is caught up with SYNC {afterRev}, whose CHANGES pages are delivered in order,
// then the held frames that still follow.
//
// A room is followed from the rev the application gives (follow), or from the first live frame of it that arrives
// (its rev - 1: nothing before it was ever seen here, so nothing before it is owed). When the application later asks
// for a room followed so from an earlier rev (followByApplication: a sync just after connect that a live frame of an
// active room overtook), the room is re-based: the changes between are caught up, after the live ones already
// delivered, and those are not delivered again.

const MAX_HELD = 500; // beyond this a SYNC is cheaper than keeping frames that may never line up

/** Whether the rev was delivered live before a re-base (see followByApplication). */
function delivered(state, rev) {
  return rev >= state.skipFrom && rev <= state.skipTo;
}

export class RoomOrder {
  /**
   * deliver(frame, replayed): hands one change to the application (a live frame, or an entry of a CHANGES page).
   * send(frame): hands a SYNC to the connection; returns whether it went.
   * onGap({roomId, afterRev, rev}): something is missing and is being caught up.
   */
  constructor({ deliver, send, onGap = () => {}, pageSize = 100, syncTimeoutMs = 15000, timers = globalThis }) {
    this.deliver = deliver;
    this.send = send;
    this.onGap = onGap;
    this.pageSize = pageSize;
    this.syncTimeoutMs = syncTimeoutMs;
    this.timers = timers;
    // roomId -> {rev, held: Map(rev -> frame), syncing, timer, implicitFrom, skipFrom, skipTo, stale, outstanding}:
    // implicitFrom is the rev before the live frame the room was followed from (-1 once the application follows
    // it); [skipFrom, skipTo] the revs delivered before a re-base; outstanding the SYNCs sent on this connection and
    // not answered yet, timed out ones included (the server answers a session's SYNCs in order); stale those of them
    // asked before the room's rev was moved back, whose pages (from the old rev) are ignored.
    this.rooms = new Map();
  }

  follows(roomId) {
    return this.rooms.has(roomId);
  }

  /** The last rev delivered in the room, or null when the room is not followed. */
  rev(roomId) {
    const state = this.rooms.get(roomId);
    return state ? state.rev : null;
  }

  /** Starts following a room at `rev` (what the application already has); a followed room keeps its own rev. */
  follow(roomId, rev) {
    if (!this.rooms.has(roomId)) {
      this.rooms.set(roomId, { rev: Math.max(0, Number(rev) || 0), held: new Map(), syncing: false, timer: null,
        implicitFrom: -1, skipFrom: -1, skipTo: -1, stale: 0, outstanding: 0 });
    }
    return this.rooms.get(roomId);
  }

  /**
   * The application follows the room from `rev`. A room followed only from a live frame later than that is re-based:
   * the changes in between are caught up by the next SYNC, and those delivered since the live frame are not delivered
   * again. Returns whether the room needs a SYNC from its new rev (a new room, or a re-based one).
   */
  followByApplication(roomId, rev) {
    const from = Math.max(0, Number(rev) || 0);
    const state = this.rooms.get(roomId);
    if (!state) {
      this.follow(roomId, from);
      return true;
    }
    const implicitFrom = state.implicitFrom;
    state.implicitFrom = -1;
    if (implicitFrom <= from) return false;
    if (state.rev > implicitFrom) {
      state.skipFrom = implicitFrom + 1;
      state.skipTo = state.rev;
    }
    state.rev = from;
    state.stale = state.outstanding; // their pages start after the old rev (a timed-out one's too); ours follows
    return true;
  }

  forget(roomId) {
    const state = this.rooms.get(roomId);
    if (state) this.timers.clearTimeout(state.timer);
    this.rooms.delete(roomId);
  }

  /** A live frame with a rev. Returns whether it was delivered now. */
  offer(frame) {
    let state = this.rooms.get(frame.roomId);
    if (!state) {
      state = this.follow(frame.roomId, frame.rev - 1);
      state.implicitFrom = state.rev;
    }
    if (frame.rev <= state.rev || delivered(state, frame.rev)) return false;
    if (state.syncing || frame.rev > state.rev + 1) {
      this.hold(state, frame);
      if (!state.syncing) {
        this.onGap({ roomId: frame.roomId, afterRev: state.rev, rev: frame.rev });
        this.sync(frame.roomId);
      }
      return false;
    }
    state.rev = frame.rev;
    this.deliver(frame, false);
    this.drain(frame.roomId, state);
    return true;
  }

  /**
   * Asks for the changes after the last delivered rev, or after `fromRev` when that is lower (the application
   * read the room as of `fromRev` and wants what came since, again). Does nothing while a SYNC of the room is under
   * way, or when the connection is down (the next READY catches every followed room up).
   */
  sync(roomId, fromRev) {
    const state = this.rooms.get(roomId) || this.follow(roomId, fromRev);
    if (state.syncing) return false;
    if (typeof fromRev === 'number') {
      if (fromRev < state.rev) state.stale = state.outstanding; // pages asked from the later rev are ignored
      state.rev = Math.min(state.rev, Math.max(0, fromRev));
      state.implicitFrom = -1; // the application says where it stands
      state.skipFrom = state.skipTo = -1; // and asks for everything after it again
    }
    if (!this.send({ type: 'SYNC', roomId, afterRev: state.rev, limit: this.pageSize })) return false;
    state.syncing = true;
    state.outstanding += 1;
    this.timers.clearTimeout(state.timer);
    state.timer = this.timers.setTimeout(() => {
      state.syncing = false;
      if (state.held.size) this.sync(roomId);
    }, this.syncTimeoutMs);
    return true;
  }

  /** A CHANGES page: its entries in order, then the next page or the frames held meanwhile. */
  changes(frame) {
    const roomId = frame.roomId;
    const state = this.rooms.get(roomId);
    if (state && typeof frame.rev === 'number') state.outstanding = Math.max(0, state.outstanding - 1);
    if (state && state.stale > 0 && typeof frame.rev === 'number') {
      // Asked before a re-base, after the old rev: ask again from the new one.
      state.stale -= 1;
      this.timers.clearTimeout(state.timer);
      state.syncing = false;
      this.sync(roomId);
      return;
    }
    for (const entry of frame.changes || []) {
      if (!entry || typeof entry.type !== 'string') continue;
      // A page answering a SYNC that timed out and was asked again comes twice: the second copy is old news.
      if (state && typeof entry.rev === 'number' && entry.rev <= state.rev) continue;
      if (state && typeof entry.rev === 'number') {
        state.rev = entry.rev;
        if (delivered(state, entry.rev)) continue; // delivered live before the application followed the room
      }
      this.deliver({ roomId, ...entry }, true);
    }
    if (!state || typeof frame.rev !== 'number') return;
    this.timers.clearTimeout(state.timer);
    state.syncing = false;
    // Compaction leaves holes inside a page (protocol.md §6.2 CHANGES): the page's rev is where it leaves the room.
    state.rev = Math.max(state.rev, frame.rev);
    if (state.rev >= state.skipTo) state.skipFrom = state.skipTo = -1;
    if (frame.hasMore) {
      this.sync(roomId);
      return;
    }
    this.drain(roomId, state);
  }

  /** The room's SYNC was refused: none is under way now; the held frames stay, for the SYNC that will follow. */
  refused(roomId) {
    const state = this.rooms.get(roomId);
    if (!state) return;
    this.timers.clearTimeout(state.timer);
    state.syncing = false;
    state.stale = Math.max(0, state.stale - 1);
    state.outstanding = Math.max(0, state.outstanding - 1);
  }

  /** The connection went: nothing is under way any more, and held frames are stale. */
  reset() {
    for (const state of this.rooms.values()) {
      this.timers.clearTimeout(state.timer);
      state.syncing = false;
      state.stale = 0;
      state.outstanding = 0;
      state.held.clear();
    }
  }

  /** Catches up every followed room (after READY on a new connection). */
  syncAll() {
    for (const roomId of this.rooms.keys()) this.sync(roomId);
  }

  hold(state, frame) {
    if (state.held.size >= MAX_HELD) state.held.clear();
    state.held.set(frame.rev, frame);
  }

  /** Delivers the held frames that now follow without a gap; a gap left behind is caught up with SYNC. */
  drain(roomId, state) {
    for (const rev of state.held.keys()) if (rev <= state.rev) state.held.delete(rev);
    let next = state.held.get(state.rev + 1);
    while (next) {
      state.held.delete(next.rev);
      state.rev = next.rev;
      this.deliver(next, false);
      next = state.held.get(state.rev + 1);
    }
    if (state.held.size) this.sync(roomId);
  }
}
