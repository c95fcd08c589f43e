// What the client knows about each room's messages. A message is stored once, whichever way it arrives (REST
// history, live MESSAGE, HISTORY after SYNC, ACK of our own send): it is found again by messageId, and our own
// sends by clientMsgId, so nothing is ever shown twice.
//
// Thread replies (threadId set) are stored here beside the room's other messages, as they share its seq; the views
// pick the main timeline (no threadId) or one thread out of them. A MESSAGE always carries the message as it is now:
// its reply count and reactions replace what was known (absent means none).

export class RoomMessages {
  constructor(roomId) {
    this.roomId = roomId;
    this.entries = new Map(); // key -> entry
    this.byId = new Map(); // messageId -> entry
    this.bySeq = new Map(); // seq -> entry
    this.byClient = new Map(); // clientMsgId (our own) -> entry
    this.loaded = false; // the newest page was read over REST
    this.loading = false;
    this.hasOlder = false;
    this.oldestSeq = null;
    this.headSeq = 0; // every message up to here (from the loaded window on) is known
    this.syncing = false;
    this.version = 0;
  }

  /**
   * Merges a server message (MESSAGE frame, REST or HISTORY item); returns {entry, added}. withoutReactions: the
   * source does not report reactions (a thread page), so those known stay.
   */
  merge(message, me, { withoutReactions = false } = {}) {
    const messageId = message.messageId;
    let entry = messageId != null ? this.byId.get(messageId) : undefined;
    let added = false;
    if (!entry && message.senderId === me && message.clientMsgId && this.byClient.has(message.clientMsgId)) {
      entry = this.byClient.get(message.clientMsgId); // our own pending or failed send, now stored by the server
    }
    if (!entry && message.seq != null && this.bySeq.has(message.seq)) {
      entry = this.bySeq.get(message.seq);
    }
    if (!entry) {
      entry = { key: `m:${messageId}`, roomId: this.roomId, createdAt: Date.now() };
      this.entries.set(entry.key, entry);
      added = true;
    }
    entry.messageId = messageId;
    entry.seq = message.seq;
    entry.senderId = message.senderId;
    entry.clientMsgId = message.clientMsgId ?? entry.clientMsgId;
    entry.body = message.deleted ? '' : (message.body ?? entry.body ?? '');
    entry.sentAt = message.sentAt ?? entry.sentAt;
    entry.editedAt = message.editedAt ?? entry.editedAt ?? null;
    entry.deleted = !!message.deleted || !!entry.deleted;
    entry.threadId = message.threadId ?? entry.threadId ?? null;
    entry.replyCount = message.replyCount ?? 0;
    entry.lastReplyAt = message.lastReplyAt ?? null;
    entry.repliers = message.repliers || [];
    if (message.reactions || !withoutReactions || !entry.reactions) {
      entry.reactions = (message.reactions || []).map((r) => ({ emoji: r.emoji, count: r.count, me: !!r.me }));
    }
    entry.status = 'sent';
    entry.error = null;
    this.index(entry);
    this.touch(entry);
    return { entry, added };
  }

  /** Our own message, shown at once as pending. */
  addLocal(clientMsgId, body, me, threadId = null) {
    const entry = {
      key: `c:${clientMsgId}`,
      roomId: this.roomId,
      clientMsgId,
      threadId,
      replyCount: 0,
      reactions: [],
      body,
      senderId: me,
      sentAt: new Date().toISOString(),
      createdAt: Date.now(),
      status: 'pending',
      seq: null,
      messageId: null,
    };
    this.entries.set(entry.key, entry);
    this.byClient.set(clientMsgId, entry);
    this.touch(entry);
    return entry;
  }

  /** ACK of our own send; returns the entry or undefined. */
  ack(frame) {
    let entry = this.byClient.get(frame.clientMsgId);
    const known = frame.messageId != null ? this.byId.get(frame.messageId) : undefined;
    if (!entry && !known) return undefined;
    if (entry && known && known !== entry) {
      // The MESSAGE reached us as someone else's (another tab of ours): keep one copy.
      this.remove(known);
    }
    entry = entry || known;
    entry.messageId = frame.messageId;
    entry.seq = frame.seq;
    entry.status = 'sent';
    entry.error = null;
    this.index(entry);
    this.touch(entry);
    return entry;
  }

  fail(clientMsgId, error) {
    const entry = this.byClient.get(clientMsgId);
    if (!entry || entry.status !== 'pending') return undefined;
    entry.status = 'failed';
    entry.error = error;
    this.touch(entry);
    return entry;
  }

  update(frame) {
    const entry = this.byId.get(frame.messageId) || (frame.seq != null ? this.bySeq.get(frame.seq) : undefined);
    // A delete is final: an edit committed just before it may still be on its way, and must not bring the body back.
    if (!entry || entry.deleted) return undefined;
    if (frame.body !== undefined) entry.body = frame.body;
    if (frame.editedAt !== undefined) entry.editedAt = frame.editedAt;
    this.touch(entry);
    return entry;
  }

  markDeleted(frame) {
    const entry = this.byId.get(frame.messageId) || (frame.seq != null ? this.bySeq.get(frame.seq) : undefined);
    if (!entry) return undefined;
    entry.deleted = true;
    entry.body = '';
    entry.reactions = []; // the server drops a deleted message's reactions
    this.touch(entry);
    return entry;
  }

  /** REACTION: the emoji's count after the change; whether it is mine changes only with my own reactions. */
  react(frame, me) {
    const entry = this.byId.get(frame.messageId);
    if (!entry) return undefined;
    const reactions = entry.reactions || [];
    let reaction = reactions.find((r) => r.emoji === frame.emoji);
    if (!reaction) {
      reaction = { emoji: frame.emoji, count: 0, me: false };
      reactions.push(reaction);
    }
    reaction.count = Math.max(0, Number(frame.count) || 0);
    if (frame.userId === me) reaction.me = !!frame.added;
    entry.reactions = reactions.filter((r) => r.count > 0);
    this.touch(entry);
    return entry;
  }

  /** THREAD_UPDATED: the root's summary as it is now. */
  threadUpdated(frame) {
    const entry = this.byId.get(frame.messageId);
    if (!entry) return undefined;
    entry.replyCount = frame.replyCount ?? entry.replyCount ?? 0;
    entry.lastReplyAt = frame.lastReplyAt ?? entry.lastReplyAt ?? null;
    entry.repliers = frame.repliers || entry.repliers || [];
    this.touch(entry);
    return entry;
  }

  remove(entry) {
    this.entries.delete(entry.key);
    if (entry.messageId != null && this.byId.get(entry.messageId) === entry) this.byId.delete(entry.messageId);
    if (entry.seq != null && this.bySeq.get(entry.seq) === entry) this.bySeq.delete(entry.seq);
    if (entry.clientMsgId && this.byClient.get(entry.clientMsgId) === entry) this.byClient.delete(entry.clientMsgId);
    this.version += 1;
  }

  index(entry) {
    if (entry.messageId != null) this.byId.set(entry.messageId, entry);
    if (entry.seq != null) this.bySeq.set(entry.seq, entry);
  }

  touch(entry) {
    entry.rev = (entry.rev || 0) + 1;
    this.version += 1;
  }

  /** Moves headSeq forward over every message now known without a gap. */
  advanceHead() {
    while (this.bySeq.has(this.headSeq + 1)) this.headSeq += 1;
    return this.headSeq;
  }

  /** Whether a live message with this seq leaves a hole after what is known. */
  isGap(seq) {
    return this.loaded && seq > this.headSeq + 1;
  }

  maxSeq() {
    let max = 0;
    for (const seq of this.bySeq.keys()) if (seq > max) max = seq;
    return max;
  }

  pending() {
    return [...this.byClient.values()].filter((e) => e.status === 'pending');
  }

  /**
   * Stored messages by seq, then our unconfirmed sends in the order they were written: the main timeline (no
   * threadId) by default, or the replies of one thread.
   */
  ordered(threadId = null) {
    const stored = [];
    const local = [];
    for (const entry of this.entries.values()) {
      if ((entry.threadId ?? null) !== threadId) continue;
      (entry.seq != null ? stored : local).push(entry);
    }
    stored.sort((a, b) => a.seq - b.seq);
    local.sort((a, b) => a.createdAt - b.createdAt);
    return stored.concat(local);
  }
}
