// Each room's changes, applied in rev order (docs/protocol.md, "Room change log"). Every change of a room's visible
// state (a message, an edit, a deletion, a reaction, a thread's summary, a member, a rename) has the room's next rev.
// For a room followed strictly, a live frame is applied only when its rev is the next one: an older rev is a
// duplicate (or a change a CHANGES page already covered) and is dropped; a newer one means something is missing, so
// the frame is held and the room is caught up with SYNC {afterRev}, whose CHANGES pages are applied in order.
//
// A room is followed strictly once its messages are loaded. Before that the client holds nothing a change could be
// applied to out of order, so frames are applied as they come and only the highest rev is remembered: that is where
// the catch-up starts when the room's history is read.

const SYNC_TIMEOUT_MS = 15000;
const MAX_HELD = 500; // beyond this a SYNC is cheaper than keeping frames that may never line up

export class RevOrder {
  /**
   * apply(frame, replayed): applies one change (a live frame, or an entry of a CHANGES page when replayed).
   * send(frame): hands a SYNC to the socket; returns whether it went.
   * strict(roomId): whether the room is followed in strict rev order.
   */
  constructor({ apply, send, strict, pageSize = 100 }) {
    this.apply = apply;
    this.send = send;
    this.strict = strict;
    this.pageSize = pageSize;
    this.rooms = new Map(); // roomId -> {rev, held: Map(rev -> frame), syncing, timer}
  }

  follows(roomId) {
    return this.rooms.has(roomId);
  }

  /** The last rev applied in the room, or null when the room is not followed. */
  rev(roomId) {
    const state = this.rooms.get(roomId);
    return state ? state.rev : null;
  }

  /**
   * What the server says the room's rev is now (GET /api/rooms). A room seen for the first time starts there; a room
   * not followed strictly moves up to it (its messages will be read as they are now); a strict room keeps its own rev,
   * which only its changes move.
   */
  known(roomId, rev) {
    if (typeof rev !== 'number') return;
    const state = this.rooms.get(roomId);
    if (!state) {
      this.rooms.set(roomId, { rev, held: new Map(), syncing: false, timer: null });
    } else if (!this.strict(roomId)) {
      state.rev = Math.max(state.rev, rev);
    }
  }

  forget(roomId) {
    const state = this.rooms.get(roomId);
    if (state) clearTimeout(state.timer);
    this.rooms.delete(roomId);
  }

  /** A live frame with a rev, of a followed room. */
  offer(frame) {
    const state = this.rooms.get(frame.roomId);
    if (!this.strict(frame.roomId)) {
      state.rev = Math.max(state.rev, frame.rev);
      this.apply(frame, false);
      return;
    }
    if (frame.rev <= state.rev) return;
    if (state.syncing || frame.rev > state.rev + 1) {
      this.hold(state, frame);
      if (!state.syncing) this.sync(frame.roomId);
      return;
    }
    state.rev = frame.rev;
    this.apply(frame, false);
    this.drain(frame.roomId, state);
  }

  /**
   * Asks for the changes after the last applied rev (after a reconnect, or when the room's history was read as of
   * `fromRev`). Does nothing while a SYNC of the room is under way.
   */
  sync(roomId, fromRev) {
    const state = this.rooms.get(roomId);
    if (!state || state.syncing) return false;
    if (typeof fromRev === 'number') state.rev = Math.min(state.rev, fromRev);
    if (!this.send({ type: 'SYNC', roomId, afterRev: state.rev, limit: this.pageSize })) return false;
    state.syncing = true;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.syncing = false;
      if (state.held.size) this.sync(roomId);
    }, SYNC_TIMEOUT_MS);
    return true;
  }

  /** A CHANGES page: its entries in order, then the next page or the frames held meanwhile. */
  changes(frame) {
    const roomId = frame.roomId;
    const state = this.rooms.get(roomId);
    for (const entry of frame.changes || []) {
      if (entry && typeof entry.type === 'string') this.apply({ roomId, ...entry }, true);
    }
    if (!state || typeof frame.rev !== 'number') return;
    clearTimeout(state.timer);
    state.syncing = false;
    if (frame.hasMore) {
      // A page may end below what was applied live before: the next pages replay it, each change leaving the state
      // as it was after that change, so the last one leaves it as it is now.
      state.rev = frame.rev;
      this.sync(roomId);
      return;
    }
    state.rev = Math.max(state.rev, frame.rev);
    this.drain(roomId, state);
  }

  /** A SYNC was refused or the connection went: nothing is under way any more, and held frames are stale. */
  reset() {
    for (const state of this.rooms.values()) {
      clearTimeout(state.timer);
      state.syncing = false;
      state.held.clear();
    }
  }

  /** Catches up every strict room (after READY on a new connection). */
  syncAll() {
    for (const roomId of this.rooms.keys()) {
      if (this.strict(roomId)) this.sync(roomId);
    }
  }

  hold(state, frame) {
    if (state.held.size >= MAX_HELD) state.held.clear();
    state.held.set(frame.rev, frame);
  }

  /** Applies the held frames that now follow without a gap; a gap left behind is caught up with SYNC. */
  drain(roomId, state) {
    for (const rev of state.held.keys()) if (rev <= state.rev) state.held.delete(rev);
    let next = state.held.get(state.rev + 1);
    while (next) {
      state.held.delete(next.rev);
      state.rev = next.rev;
      this.apply(next, false);
      next = state.held.get(state.rev + 1);
    }
    if (state.held.size) this.sync(roomId);
  }
}
