// Tiny DOM helpers. Every piece of user or server text goes in through text nodes / textContent, never as HTML.

/**
 * Creates an element. attrs: class, dataset (object), on<Event> handlers, boolean/string attributes, and
 * "text" for textContent. Children may be nodes, strings (added as text nodes), arrays, null or false.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.entries(value).forEach(([k, v]) => { if (v !== null && v !== undefined) el.dataset[k] = String(v); });
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * A name someone else chose (a user id, a room or zone name) as an element of its own, so that right-to-left marks
 * in it cannot turn the text around it backwards.
 */
export function name(text) {
  return h('bdi', { text });
}

/**
 * The same for text that cannot hold elements (attributes, toasts built as strings): first-strong isolate marks,
 * around the text without its own embedding, override and isolate marks (a name could otherwise close the
 * isolate early and turn the rest around).
 */
export function isolate(text) {
  return `\u2068${String(text).replace(/[\u202A-\u202E\u2066-\u2069]/g, '')}\u2069`;
}

/** Names joined with ", ", each isolated. */
export function names(list) {
  return list.flatMap((text, i) => (i === 0 ? [name(text)] : [', ', name(text)]));
}

/** Replaces all children of el. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

export function show(el, visible = true) {
  el.hidden = !visible;
}

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A random id for clientMsgId; crypto.randomUUID only exists in secure contexts, getRandomValues everywhere. */
export function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function' && window.isSecureContext) {
    return window.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
