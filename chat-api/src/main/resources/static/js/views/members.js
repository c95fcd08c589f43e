// The member panel of the open room: who is in it, online or not, how far they read; add, remove, leave, message.
import { h, setChildren, show } from '../dom.js';

export class MembersView {
  constructor({ panel, list, addForm, addInput, chat, toast, onDirect }) {
    this.panel = panel;
    this.list = list;
    this.addForm = addForm;
    this.addInput = addInput;
    this.chat = chat;
    this.toast = toast;
    this.onDirect = onDirect;
    addForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const roomId = chat.currentRoomId;
      const userId = addInput.value.trim();
      if (roomId == null || !userId) return;
      const button = addForm.querySelector('button');
      button.disabled = true;
      try {
        await chat.addMember(roomId, userId);
        addInput.value = '';
        toast.show(`${userId} was added.`);
      } catch (e) {
        toast.show(e.message, { kind: 'error' });
      } finally {
        button.disabled = false;
      }
    });
    list.addEventListener('click', (event) => this.onClick(event));
  }

  async onClick(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const roomId = this.chat.currentRoomId;
    const userId = button.dataset.userId;
    try {
      if (button.dataset.action === 'direct') {
        await this.onDirect(userId);
      } else if (button.dataset.action === 'remove' || button.dataset.action === 'leave') {
        if (button.dataset.confirm !== 'yes') {
          button.dataset.confirm = 'yes';
          button.textContent = 'Sure?';
          setTimeout(() => { button.dataset.confirm = ''; button.textContent = button.dataset.label; }, 4000);
          return;
        }
        button.disabled = true;
        await this.chat.removeMember(roomId, userId);
      }
    } catch (e) {
      button.disabled = false;
      this.toast.show(e.message, { kind: 'error' });
    }
  }

  render() {
    const chat = this.chat;
    const roomId = chat.currentRoomId;
    const members = roomId == null ? null : chat.members.get(roomId);
    const room = roomId == null ? null : chat.rooms.get(roomId);
    const canManage = chat.canManage(roomId);
    show(this.addForm, canManage && room && room.type !== 'DIRECT');
    if (!members) {
      setChildren(this.list, h('li', { class: 'muted', text: 'Loading…' }));
      return;
    }
    const rank = { OWNER: 0, ADMIN: 1, MEMBER: 2 };
    const sorted = [...members.values()].sort((a, b) => (rank[a.role] ?? 3) - (rank[b.role] ?? 3) || a.userId.localeCompare(b.userId));
    setChildren(this.list, sorted.map((m) => {
      const mine = m.userId === chat.me;
      const online = chat.online.has(m.userId);
      const action = (name, label) => h('button', { type: 'button', class: 'small', dataset: { action: name, userId: m.userId, label }, text: label });
      const removable = !mine && canManage && room.type !== 'DIRECT' && (m.role !== 'OWNER' || room.myRole === 'OWNER');
      return h('li', { class: 'member', dataset: { userId: m.userId } },
        h('span', { class: `presence${online ? ' online' : ''}`, title: online ? 'Online' : 'Offline' }),
        h('span', { class: 'member-name', text: mine ? `${m.userId} (you)` : m.userId }),
        m.role && m.role !== 'MEMBER' ? h('span', { class: 'role', text: m.role.toLowerCase() }) : null,
        h('span', { class: 'member-actions' },
          !mine ? action('direct', 'Message') : null,
          removable ? action('remove', 'Remove') : null,
          mine && room.type !== 'DIRECT' ? action('leave', 'Leave') : null));
    }));
  }
}
