// The message list of the open room, or of the thread open beside it. Elements are keyed by message and only
// rebuilt when their message changed, so scrolling, focus and an edit in progress survive live updates. Bodies go in
// as textContent only. Each message shows its reactions (a click on one adds or takes back mine) and, in the room,
// its thread's reply count, which opens the thread.
import { REACTION_PALETTE } from '../chat.js';
import { formatTime, h, isolate, names } from '../dom.js';

const NEAR_BOTTOM_PX = 80;

export class MessageListView {
  /** Without an olderButton the view shows a thread (setThread): its root, then its replies. */
  constructor({ scroller, list, olderButton = null, chat, toast, onOpenThread = () => {} }) {
    this.scroller = scroller;
    this.list = list;
    this.olderButton = olderButton;
    this.chat = chat;
    this.toast = toast;
    this.onOpenThread = onOpenThread;
    this.nodes = new Map();
    this.roomId = null;
    this.threadId = null;
    this.editingKey = null;
    this.paletteKey = null;
    list.addEventListener('click', (event) => this.onClick(event));
    if (olderButton) {
      olderButton.addEventListener('click', () => this.loadOlder());
      scroller.addEventListener('scroll', () => {
        if (scroller.scrollTop < 40 && !olderButton.hidden) this.loadOlder();
      }, { passive: true });
    }
  }

  get inThread() {
    return !this.olderButton;
  }

  setRoom(roomId) {
    this.show(roomId, null);
  }

  setThread(roomId, threadId) {
    this.show(roomId, threadId);
  }

  show(roomId, threadId) {
    this.roomId = roomId;
    this.threadId = threadId;
    this.nodes.clear();
    this.list.replaceChildren();
    this.editingKey = null;
    this.paletteKey = null;
    this.render({ toBottom: true });
  }

  async loadOlder() {
    if (this.roomId == null || this.loadingOlder || this.inThread) return;
    this.loadingOlder = true;
    const roomId = this.roomId;
    const before = this.scroller.scrollHeight - this.scroller.scrollTop;
    try {
      await this.chat.loadOlder(roomId);
      if (roomId === this.roomId) {
        this.render();
        this.scroller.scrollTop = this.scroller.scrollHeight - before; // keep the same message in view
      }
    } finally {
      this.loadingOlder = false;
    }
  }

  isNearBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** The room's main timeline, or the thread's root followed by its replies. */
  entries(rm) {
    if (!rm) return [];
    if (!this.inThread) return rm.ordered();
    const root = rm.byId.get(this.threadId);
    return (root ? [root] : []).concat(rm.ordered(this.threadId));
  }

  render({ toBottom = false } = {}) {
    if (this.roomId == null || (this.inThread && this.threadId == null)) return;
    const rm = this.chat.messages.get(this.roomId);
    const entries = this.entries(rm);
    const stick = toBottom || this.isNearBottom();
    const seen = this.inThread ? new Map() : this.seenMarkers(entries);
    const wanted = new Set();
    let previous = null;
    let cursor = this.list.firstChild;
    for (const entry of entries) {
      wanted.add(entry.key);
      const showSender = entry.senderId !== this.chat.me
        && (!previous || previous.senderId !== entry.senderId || previous.deleted);
      const seenBy = seen.get(entry) || [];
      const signature = `${entry.rev}|${showSender}|${seenBy.join(',')}|${entry.key === this.paletteKey}`;
      let node = this.nodes.get(entry.key);
      if (!node) {
        node = this.build(entry, showSender, seenBy);
        node.dataset.signature = signature;
        this.nodes.set(entry.key, node);
      } else if (node.dataset.signature !== signature && (entry.key !== this.editingKey || entry.deleted)) {
        if (entry.key === this.editingKey) this.editingKey = null; // deleted elsewhere while being edited
        const fresh = this.build(entry, showSender, seenBy);
        fresh.dataset.signature = signature;
        node.replaceWith(fresh);
        if (cursor === node) cursor = fresh;
        this.nodes.set(entry.key, fresh);
        node = fresh;
      }
      if (node !== cursor) this.list.insertBefore(node, cursor);
      else cursor = cursor.nextSibling;
      previous = entry;
    }
    for (const [key, node] of this.nodes) {
      if (!wanted.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    if (this.inThread) {
      const thread = this.chat.thread;
      this.list.dataset.loaded = thread && thread.threadId === this.threadId && thread.loaded ? 'true' : 'false';
    } else {
      const loaded = rm && rm.loaded;
      this.olderButton.hidden = !(loaded && rm.hasOlder);
      this.list.dataset.loaded = loaded ? 'true' : 'false';
    }
    if (stick) this.scrollToBottom();
  }

  /** For each message, the other members whose read marker stops there (not shown under their own messages). */
  seenMarkers(entries) {
    const result = new Map();
    const members = this.chat.members.get(this.roomId);
    if (!members) return result;
    const stored = entries.filter((e) => e.seq != null);
    for (const member of members.values()) {
      if (member.userId === this.chat.me || !member.lastReadSeq) continue;
      let target = null;
      for (const entry of stored) {
        if (entry.seq <= member.lastReadSeq) target = entry;
        else break;
      }
      if (target && target.senderId !== member.userId) {
        if (!result.has(target)) result.set(target, []);
        result.get(target).push(member.userId);
      }
    }
    return result;
  }

  build(entry, showSender, seenBy) {
    const mine = entry.senderId === this.chat.me;
    const classes = ['msg', mine ? 'mine' : 'theirs', `status-${entry.status}`];
    if (entry.deleted) classes.push('deleted');
    let status = null;
    if (entry.status === 'pending') {
      status = h('span', { class: 'msg-status', text: 'Sending…' });
    } else if (entry.status === 'failed') {
      status = h('span', { class: 'msg-status failed' },
        h('span', { text: `Not sent${entry.error ? ` (${entry.error})` : ''}` }),
        h('button', { type: 'button', class: 'link retry', dataset: { action: 'retry' }, text: 'Retry' }));
    } else if (mine && !entry.deleted) {
      status = h('span', { class: 'msg-status sent', title: 'Delivered', text: '✓' });
    }
    const stored = entry.status === 'sent' && entry.messageId != null;
    const isRoot = !this.inThread && entry.threadId == null;
    if (this.inThread && entry.messageId === this.threadId) classes.push('thread-root');
    const palette = entry.key === this.paletteKey;
    if (palette) classes.push('palette-open');
    const actions = stored && !entry.deleted
      ? h('div', { class: 'msg-actions' },
        h('button', {
          type: 'button',
          class: 'link reaction-add',
          dataset: { action: 'palette' },
          'aria-expanded': palette ? 'true' : 'false',
          text: 'React',
        }),
        isRoot ? h('button', { type: 'button', class: 'link', dataset: { action: 'thread' }, text: 'Reply in thread' }) : null,
        mine ? h('button', { type: 'button', class: 'link', dataset: { action: 'edit' }, text: 'Edit' }) : null,
        mine ? h('button', { type: 'button', class: 'link danger', dataset: { action: 'delete' }, text: 'Delete' }) : null)
      : null;
    const replies = entry.replyCount || 0;
    const thread = isRoot && stored && replies > 0
      ? h('button', {
        type: 'button',
        class: 'link msg-thread',
        dataset: { action: 'thread', replyCount: replies },
        title: entry.repliers && entry.repliers.length ? `Replies from ${entry.repliers.map(isolate).join(', ')}` : null,
        text: `${replies} ${replies === 1 ? 'reply' : 'replies'}`,
      })
      : null;
    return h('li', {
      class: classes.join(' '),
      dataset: {
        key: entry.key,
        seq: entry.seq,
        messageId: entry.messageId,
        clientMsgId: entry.clientMsgId,
        sender: entry.senderId,
        status: entry.status,
        threadId: entry.threadId,
      },
    },
    showSender ? h('div', { class: 'msg-sender', text: entry.senderId }) : null,
    h('div', { class: 'bubble' },
      entry.deleted
        ? h('div', { class: 'msg-body deleted-text', text: 'Message deleted' })
        : h('div', { class: 'msg-body', text: entry.body }),
      h('div', { class: 'msg-foot' },
        h('time', { class: 'msg-time', datetime: entry.sentAt, title: entry.sentAt ? new Date(entry.sentAt).toLocaleString() : null, text: formatTime(entry.sentAt) }),
        entry.editedAt && !entry.deleted ? h('span', { class: 'msg-edited', text: 'edited' }) : null,
        status)),
    stored && !entry.deleted ? this.reactions(entry) : null,
    thread,
    actions,
    palette ? h('div', { class: 'reaction-palette', role: 'menu', 'aria-label': 'Reactions' },
      REACTION_PALETTE.map((emoji) => h('button', {
        type: 'button', class: 'palette-emoji', role: 'menuitem', dataset: { action: 'react', emoji }, text: emoji,
      }))) : null,
    seenBy.length ? h('div', { class: 'msg-seen' }, 'Seen by ', names(seenBy)) : null);
  }

  /** The message's reactions, mine highlighted: a click on one reacts likewise, or takes mine back. */
  reactions(entry) {
    if (!entry.reactions || !entry.reactions.length) return null;
    return h('div', { class: 'msg-reactions' }, entry.reactions.map((r) => h('button', {
      type: 'button',
      class: r.me ? 'reaction me' : 'reaction',
      dataset: { action: 'react', emoji: r.emoji, count: r.count, me: r.me ? 'true' : 'false' },
      'aria-pressed': r.me ? 'true' : 'false',
      title: r.me ? 'Take back your reaction' : 'React with this too',
    }, h('span', { class: 'reaction-emoji', text: r.emoji }), h('span', { class: 'reaction-count', text: r.count }))));
  }

  entryOf(node) {
    const rm = this.chat.messages.get(this.roomId);
    return rm && rm.entries.get(node.dataset.key);
  }

  onClick(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const node = button.closest('li.msg');
    const entry = node && this.entryOf(node);
    if (!entry) return;
    switch (button.dataset.action) {
      case 'retry':
        this.chat.retry(entry.roomId, entry.clientMsgId);
        break;
      case 'thread':
        this.onOpenThread(entry.roomId, entry.messageId);
        break;
      case 'palette':
        this.paletteKey = this.paletteKey === entry.key ? null : entry.key;
        this.render();
        break;
      case 'react':
        this.chat.toggleReaction(entry.roomId, entry.messageId, button.dataset.emoji);
        if (this.paletteKey === entry.key) {
          this.paletteKey = null;
          this.render();
        }
        break;
      case 'edit':
        this.startEdit(node, entry);
        break;
      case 'delete':
        if (button.dataset.confirm !== 'yes') {
          button.dataset.confirm = 'yes';
          button.textContent = 'Delete?';
          setTimeout(() => { button.dataset.confirm = ''; button.textContent = 'Delete'; }, 4000);
        } else {
          this.chat.deleteMessage(entry.roomId, entry.messageId);
        }
        break;
      case 'save-edit':
        this.saveEdit(node, entry);
        break;
      case 'cancel-edit':
        this.endEdit();
        break;
      default:
        break;
    }
  }

  startEdit(node, entry) {
    this.endEdit();
    this.editingKey = entry.key;
    const body = node.querySelector('.msg-body');
    const input = h('textarea', { class: 'edit-input', rows: 2, maxlength: 4000, 'aria-label': 'Edit message' });
    input.value = entry.body;
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.saveEdit(node, entry);
      } else if (event.key === 'Escape') {
        this.endEdit();
      }
    });
    const editor = h('div', { class: 'msg-editor' }, input,
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'small primary', dataset: { action: 'save-edit' }, text: 'Save' }),
        h('button', { type: 'button', class: 'small', dataset: { action: 'cancel-edit' }, text: 'Cancel' })));
    body.replaceWith(editor);
    input.focus();
  }

  /**
   * Sends the edit and keeps the editor, with the text, until the server confirms it: offline nothing is sent and
   * the editor stays open; refused or unconfirmed, the text can be saved again.
   */
  saveEdit(node, entry) {
    const input = node.querySelector('.edit-input');
    if (!input || input.disabled) return;
    const text = input.value;
    if (!text.trim() || text === entry.body) {
      this.endEdit();
      return;
    }
    const confirmed = this.chat.edit(entry.roomId, entry.messageId, text);
    if (!confirmed) return;
    input.disabled = true;
    confirmed.then(() => {
      if (this.editingKey === entry.key) this.endEdit();
    }, () => {
      input.disabled = false;
      if (this.editingKey === entry.key) input.focus();
    });
  }

  endEdit() {
    const key = this.editingKey;
    this.editingKey = null;
    if (key) {
      const node = this.nodes.get(key);
      if (node) node.dataset.signature = ''; // rebuild it
      this.render();
    }
  }
}
