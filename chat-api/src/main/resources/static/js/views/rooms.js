// The room list: name, unread count and a presence dot per room.
import { h, setChildren, show } from '../dom.js';

export class RoomListView {
  constructor({ list, empty, chat, onOpen }) {
    this.list = list;
    this.empty = empty;
    this.chat = chat;
    list.addEventListener('click', (event) => {
      const item = event.target.closest('[data-room-id]');
      if (item) onOpen(Number(item.dataset.roomId));
    });
  }

  render() {
    const chat = this.chat;
    const rooms = [...chat.rooms.values()].sort((a, b) => (b.lastActivity || 0) - (a.lastActivity || 0) || b.id - a.id);
    show(this.empty, rooms.length === 0);
    setChildren(this.list, rooms.map((room) => {
      const online = chat.roomOnline(room.id);
      const unread = room.unreadCount || 0;
      const active = chat.currentRoomId === room.id;
      const label = chat.displayName(room.id);
      return h('li', { class: 'room-item' },
        h('button', {
          type: 'button',
          class: `room${active ? ' active' : ''}${unread ? ' has-unread' : ''}`,
          dataset: { roomId: room.id, roomType: room.type },
          'aria-current': active ? 'true' : null,
        },
        h('span', {
          class: `presence${online ? ' online' : ''}`,
          title: online === null ? 'Presence unknown' : online ? 'Someone is online' : 'Nobody else online',
        }),
        h('span', { class: 'room-text' },
          h('span', { class: 'room-name', text: label }),
          h('span', { class: 'room-sub', text: room.type === 'DIRECT' ? 'Direct message' : 'Group' })),
        unread ? h('span', { class: 'badge unread-count', text: unread > 99 ? '99+' : unread, 'aria-label': `${unread} unread` }) : null));
    }));
    const total = rooms.reduce((sum, r) => sum + (r.unreadCount || 0), 0);
    document.title = total ? `(${total}) Chat` : 'Chat';
  }
}
