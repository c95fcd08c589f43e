// Short-lived messages in the corner; text only (a message is a string, or an array of strings and text elements).
import { h } from '../dom.js';

export class Toasts {
  constructor(root) {
    this.root = root;
  }

  show(message, { kind = 'info', timeout = 5000, title = null } = {}) {
    const close = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', text: '×' });
    const toast = h('div', { class: `toast toast-${kind}`, role: kind === 'error' || kind === 'alert' ? 'alert' : 'status' },
      h('div', { class: 'toast-text' }, title ? h('strong', { text: title }) : null, h('span', {}, message)),
      close);
    const remove = () => toast.remove();
    close.addEventListener('click', remove);
    this.root.appendChild(toast);
    while (this.root.children.length > 5) this.root.firstElementChild.remove();
    if (timeout > 0) setTimeout(remove, timeout);
    return toast;
  }

  clear() {
    this.root.replaceChildren();
  }
}
