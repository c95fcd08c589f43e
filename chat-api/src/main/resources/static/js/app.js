// Entry point: sign-in, then the chat, the notification bell and (for admins) the crowd view.
import { Api, auth } from './api.js';
import { ChatController } from './chat.js';
import { CrowdView } from './crowd.js';
import { $, name, setChildren, show } from './dom.js';
import { NotificationBell } from './notify.js';
import { PushToggle } from './push.js';
import { clearSession, isAdmin, loadSession, saveSession } from './session.js';
import { MembersView } from './views/members.js';
import { MessageListView } from './views/messages.js';
import { RoomListView } from './views/rooms.js';
import { Toasts } from './views/toasts.js';

const FLASH_KEY = 'chat.flash';
const toasts = new Toasts($('#toasts'));

const CONNECTION_TEXT = {
  connecting: ['connecting', 'Connecting…'],
  open: ['connected', 'Connected'],
  waiting: ['reconnecting', 'Reconnecting…'],
  offline: ['offline', 'Offline'],
  unauthorized: ['offline', 'Signed out'],
  stopped: ['offline', 'Offline'],
};

/** Signs out: forgets the token and starts over from a clean page. */
let push = null;
/** Set once the page is leaving with a new session: the old sockets' 4401 must not sign that one out. */
let restarting = false;

function signOut(message) {
  if (restarting) return;
  if (push) push.forget();
  clearSession();
  if (message) sessionStorage.setItem(FLASH_KEY, message);
  window.location.replace(window.location.pathname);
}

// ---- sign-in -----------------------------------------------------------------------------------------------

function showLogin() {
  show($('#main-view'), false);
  show($('#login-view'), true);
  const flash = sessionStorage.getItem(FLASH_KEY);
  sessionStorage.removeItem(FLASH_KEY);
  setLoginError(flash);
  $('#login-username').focus();
}

function setLoginError(message) {
  const error = $('#login-error');
  error.textContent = message || '';
  show(error, !!message);
}

function setupLogin() {
  const form = $('#login-form');
  const anonymous = new Api({});
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter && event.submitter.dataset.action === 'register' ? 'register' : 'login';
    const username = $('#login-username').value.trim();
    const password = $('#login-password').value;
    if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) {
      setLoginError('Usernames are 3 to 64 letters, digits, ".", "_" or "-".');
      return;
    }
    if (password.length < (action === 'register' ? 8 : 1)) {
      setLoginError(action === 'register' ? 'Passwords need at least 8 characters.' : 'Enter your password.');
      return;
    }
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    setLoginError(null);
    try {
      const response = await auth[action](anonymous, username, password);
      const session = saveSession(response);
      $('#login-password').value = '';
      startApp(session);
    } catch (e) {
      setLoginError(action === 'login' && e.status === 401 ? 'Wrong username or password.' : e.message);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

// ---- the account: a new password, or signing out everywhere ---------------------------------------------------

/**
 * A new password ends every earlier token, this page's included: the page starts over with the token the change
 * answers, rather than race the server, which closes the old sockets within a second.
 */
function setupAccount(api) {
  const dialog = $('#account-dialog');
  const error = $('#password-error');
  const fail = (message) => {
    error.textContent = message;
    show(error, !!message);
  };
  $('#account-button').addEventListener('click', () => {
    $('#password-form').reset();
    fail(null);
    dialog.showModal();
    $('#current-password').focus();
  });
  $('#account-close').addEventListener('click', () => dialog.close());
  $('#password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = $('#new-password').value;
    if (next !== $('#repeat-password').value) {
      fail('The new passwords differ.');
      return;
    }
    const button = $('#password-save');
    button.disabled = true;
    try {
      const session = await auth.changePassword(api, $('#current-password').value, next);
      restarting = true;
      saveSession(session);
      sessionStorage.setItem(FLASH_KEY, 'Password changed. Your other devices are signed out.');
      window.location.replace(window.location.pathname);
    } catch (e) {
      fail(e.message);
      button.disabled = false;
    }
  });
  const everywhere = $('#sign-out-everywhere');
  everywhere.addEventListener('click', async () => {
    everywhere.disabled = true;
    try {
      await auth.signOutEverywhere(api);
      signOut('You are signed out on every device.');
    } catch (e) {
      everywhere.disabled = false;
      toasts.show(e.message, { kind: 'error' });
    }
  });
}

// ---- the signed-in app -------------------------------------------------------------------------------------

function startApp(session) {
  show($('#login-view'), false);
  show($('#main-view'), true);
  const layout = $('#layout');
  const api = new Api({
    token: () => session.accessToken,
    onUnauthorized: () => signOut('Your session has expired. Please sign in again.'),
  });
  const chat = new ChatController({ api, session });

  $('#current-user').textContent = isAdmin(session) ? `${session.userId} · admin` : session.userId;
  $('#logout-button').addEventListener('click', () => signOut());
  setupAccount(api);

  const rooms = new RoomListView({ list: $('#room-list'), empty: $('#room-list-empty'), chat, onOpen: (id) => openRoom(id) });
  const messages = new MessageListView({
    scroller: $('#message-scroller'),
    list: $('#message-list'),
    olderButton: $('#load-older'),
    chat,
    toast: toasts,
    onOpenThread: (roomId, messageId) => openThread(roomId, messageId),
  });
  const thread = new MessageListView({ scroller: $('#thread-scroller'), list: $('#thread-list'), chat, toast: toasts });
  const members = new MembersView({
    panel: $('#members-panel'),
    list: $('#member-list'),
    addForm: $('#add-member-form'),
    addInput: $('#add-member-user'),
    chat,
    toast: toasts,
    onDirect: (userId) => openDirect(userId),
  });

  // Renders are batched: a burst of frames costs one render of each view.
  const dirty = new Set();
  let renderTimer = null;
  let stickToBottom = false;
  let threadToBottom = false;
  const schedule = (what) => {
    dirty.add(what);
    if (!renderTimer) renderTimer = setTimeout(flush, 16);
  };
  function flush() {
    renderTimer = null;
    const work = new Set(dirty);
    dirty.clear();
    if (work.has('rooms')) rooms.render();
    if (work.has('header')) renderHeader();
    if (work.has('members')) renderMembers();
    if (work.has('messages')) {
      messages.render({ toBottom: stickToBottom });
      stickToBottom = false;
    }
    if (work.has('typing')) renderTyping();
    if (work.has('thread')) {
      renderThreadHead();
      thread.render({ toBottom: threadToBottom });
      threadToBottom = false;
    }
  }

  const stateLog = [];
  function renderConnection(state, detail) {
    stateLog.push(state);
    if (stateLog.length > 50) stateLog.shift();
    const el = $('#connection-state');
    const [name, text] = CONNECTION_TEXT[state] || ['offline', state];
    el.dataset.state = name;
    el.textContent = state === 'waiting' && detail && detail.delay >= 2000
      ? `Reconnecting in ${Math.round(detail.delay / 1000)}s…` : text;
    el.title = state === 'open' ? 'Live: messages arrive as they are sent' : 'Not connected: messages will be caught up on reconnect';
  }

  function renderHeader() {
    const roomId = chat.currentRoomId;
    const room = roomId == null ? null : chat.rooms.get(roomId);
    show($('#conversation-pane'), !!room);
    show($('#conversation-empty'), !room);
    if (!room) {
      layout.dataset.pane = 'rooms';
      setMembersOpen(false);
      chat.closeThread();
      return;
    }
    $('#room-title').textContent = chat.displayName(roomId);
    const count = chat.members.has(roomId) ? chat.members.get(roomId).size : null;
    const peer = chat.directPeer(roomId);
    $('#room-subtitle').textContent = room.type === 'DIRECT'
      ? (peer && chat.online.has(peer) ? 'online' : 'direct message')
      : count != null ? `${count} member${count === 1 ? '' : 's'}` : '';
    $('#members-button').textContent = count != null ? `Members (${count})` : 'Members';
  }

  function renderMembers() {
    members.render();
    renderHeader();
  }

  function renderTyping() {
    const roomId = chat.currentRoomId;
    const who = roomId == null ? [] : chat.typingUsers(roomId);
    setChildren($('#typing-indicator'), who.length === 0 ? [] : who.length === 1 ? [name(who[0]), ' is typing…']
      : who.length === 2 ? [name(who[0]), ' and ', name(who[1]), ' are typing…'] : 'Several people are typing…');
  }

  function setMembersOpen(open) {
    if (open) chat.closeThread(); // one panel beside the room at a time
    show($('#members-panel'), open);
    layout.dataset.members = open ? 'open' : 'closed';
    $('#members-button').setAttribute('aria-expanded', String(open));
    if (open) members.render();
  }

  function setThreadOpen(open) {
    show($('#thread-panel'), open);
    layout.dataset.thread = open ? 'open' : 'closed';
  }

  function renderThreadHead() {
    const open = chat.thread;
    const rm = open && chat.messages.get(open.roomId);
    const root = rm && rm.byId.get(open.threadId);
    const count = root ? root.replyCount || 0 : 0;
    $('#thread-subtitle').textContent = `${count} ${count === 1 ? 'reply' : 'replies'}`;
  }

  async function openThread(roomId, messageId) {
    setMembersOpen(false);
    await chat.openThread(roomId, messageId);
    $('#thread-input').focus();
  }

  async function openRoom(roomId) {
    showView('chat');
    layout.dataset.pane = 'conversation';
    await chat.openRoom(roomId);
  }

  // A notification clicked while no window was open lands on /#room=ID (sw.js): open that room if it is ours.
  function openRoomFromHash() {
    const match = /^#room=(\d+)$/.exec(window.location.hash);
    if (!match) return;
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const roomId = Number(match[1]);
    if (chat.rooms.has(roomId)) openRoom(roomId);
  }

  async function openDirect(userId) {
    try {
      setMembersOpen(false);
      showView('chat');
      layout.dataset.pane = 'conversation';
      await chat.openDirect(userId);
    } catch (e) {
      toasts.show(e.message, { kind: 'error' });
    }
  }

  chat.addEventListener('connection', (e) => renderConnection(e.detail.state, e.detail));
  chat.addEventListener('rooms', () => { schedule('rooms'); schedule('header'); });
  // What was typed and not sent yet stays with its room while another is open.
  const drafts = new Map();
  let draftsRoom = null;
  chat.addEventListener('current', () => {
    if (chat.thread && chat.thread.roomId !== chat.currentRoomId) chat.closeThread();
    messages.setRoom(chat.currentRoomId);
    const composer = $('#message-input');
    if (draftsRoom != null && composer.value) drafts.set(draftsRoom, composer.value);
    else drafts.delete(draftsRoom);
    composer.value = drafts.get(chat.currentRoomId) || '';
    drafts.delete(chat.currentRoomId);
    draftsRoom = chat.currentRoomId;
    composer.style.height = 'auto';
    if (composer.value) composer.style.height = `${Math.min(composer.scrollHeight, 160)}px`;
    schedule('rooms');
    schedule('header');
    schedule('members');
    schedule('typing');
  });
  chat.addEventListener('room', (e) => {
    if (chat.thread && e.detail.roomId === chat.thread.roomId) {
      if (e.detail.own && e.detail.threadId === chat.thread.threadId) threadToBottom = true;
      schedule('thread');
    }
    if (e.detail.roomId !== chat.currentRoomId) return;
    if (e.detail.own && e.detail.threadId == null) stickToBottom = true;
    schedule('messages');
  });
  chat.addEventListener('thread', (e) => {
    if (e.detail.closed) {
      setThreadOpen(false);
      thread.setThread(null, null);
      return;
    }
    setThreadOpen(true);
    if (thread.roomId !== e.detail.roomId || thread.threadId !== e.detail.threadId) {
      thread.setThread(e.detail.roomId, e.detail.threadId);
      $('#thread-input').value = '';
    }
    threadToBottom = true;
    schedule('thread');
  });
  chat.addEventListener('members', (e) => {
    if (e.detail.roomId === chat.currentRoomId) { schedule('members'); schedule('messages'); }
  });
  chat.addEventListener('typing', (e) => { if (e.detail.roomId === chat.currentRoomId) schedule('typing'); });
  chat.addEventListener('presence', () => { schedule('rooms'); schedule('members'); });
  chat.addEventListener('toast', (e) => toasts.show(e.detail.message, { kind: e.detail.kind }));
  chat.addEventListener('announcement', (e) => toasts.show(String(e.detail.body ?? ''), { title: 'Announcement', timeout: 15000 }));
  chat.addEventListener('unauthorized', () => signOut('Your session has ended. Please sign in again.'));

  // Composer: Enter sends, Shift+Enter is a new line.
  const input = $('#message-input');
  const sendNow = () => {
    const roomId = chat.currentRoomId;
    if (roomId == null) return;
    if (chat.send(roomId, input.value)) {
      input.value = '';
      autoGrow();
    }
    input.focus();
  };
  const autoGrow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  };
  $('#composer').addEventListener('submit', (event) => { event.preventDefault(); sendNow(); });

  // The thread's own composer: a reply goes to the open thread (SEND with threadId).
  const threadInput = $('#thread-input');
  const replyNow = () => {
    const open = chat.thread;
    if (!open) return;
    if (chat.send(open.roomId, threadInput.value, open.threadId)) threadInput.value = '';
    threadInput.focus();
  };
  $('#thread-composer').addEventListener('submit', (event) => { event.preventDefault(); replyNow(); });
  threadInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      replyNow();
    }
  });
  $('#thread-close').addEventListener('click', () => chat.closeThread());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendNow();
    }
  });
  input.addEventListener('input', () => {
    autoGrow();
    if (chat.currentRoomId != null && input.value.trim()) chat.typingNow(chat.currentRoomId);
  });

  $('#back-button').addEventListener('click', () => {
    layout.dataset.pane = 'rooms';
    chat.closeRoom();
  });
  $('#members-button').addEventListener('click', () => setMembersOpen($('#members-panel').hidden));
  $('#members-close').addEventListener('click', () => setMembersOpen(false));

  // New group room.
  const dialog = $('#new-room-dialog');
  const roomError = $('#new-room-error');
  $('#new-room-button').addEventListener('click', () => {
    $('#new-room-form').reset();
    show(roomError, false);
    dialog.showModal();
    $('#new-room-name').focus();
  });
  $('#new-room-cancel').addEventListener('click', () => dialog.close());
  $('#new-room-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('#new-room-name').value.trim();
    const memberIds = $('#new-room-members').value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
    if (!name) return;
    const button = $('#new-room-create');
    button.disabled = true;
    try {
      const room = await chat.createRoom(name, memberIds);
      dialog.close();
      await openRoom(room.id);
    } catch (e) {
      roomError.textContent = e.message;
      show(roomError, true);
    } finally {
      button.disabled = false;
    }
  });

  $('#direct-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const userId = $('#direct-user').value.trim();
    if (!userId) return;
    await openDirect(userId);
    $('#direct-user').value = '';
  });

  // Notifications for everyone; the crowd view for admins.
  const bell = new NotificationBell({
    api,
    token: () => session.accessToken,
    button: $('#bell-button'),
    count: $('#bell-count'),
    panel: $('#notification-panel'),
    list: $('#notification-list'),
    toast: toasts,
    onOpenRoom: (roomId) => { if (chat.rooms.has(roomId)) openRoom(roomId); },
    roomName: (roomId) => (chat.rooms.has(roomId) ? chat.displayName(roomId) : null),
  });
  push = new PushToggle({
    api,
    button: $('#push-button'),
    previews: $('#push-previews'),
    toast: toasts,
    onOpenRoom: (roomId) => { if (chat.rooms.has(roomId)) openRoom(roomId); },
  });
  let crowd = null;
  function showView(view) {
    layout.dataset.view = view;
    const crowdOpen = view === 'crowd';
    if (crowd) crowd.show(crowdOpen);
    $('#crowd-button').setAttribute('aria-pressed', String(crowdOpen));
  }
  if (isAdmin(session)) {
    crowd = new CrowdView({
      api,
      token: () => session.accessToken,
      root: $('#crowd-view'),
      map: $('#crowd-map'),
      list: $('#zone-list'),
      history: $('#crowd-history'),
      status: $('#crowd-status'),
      toast: toasts,
    });
    show($('#crowd-button'), true);
    $('#crowd-button').addEventListener('click', () => showView(layout.dataset.view === 'crowd' ? 'chat' : 'crowd'));
  }

  // Hooks for the browser tests (and for poking around in the console).
  window.__chatTest = {
    dropSocket: () => chat.client.drop(),
    setOffline: (offline) => chat.client.setOffline(offline),
    state: () => chat.client.state,
    states: () => stateLog.slice(),
    syncFrom: (roomId, afterRev) => chat.syncFrom(Number(roomId), Number(afterRev)),
    rev: (roomId) => chat.client.rev(Number(roomId)),
    // The next n live frames that carry a rev are lost on the way, as if the network had eaten them.
    loseChanges: (n) => {
      let left = Number(n);
      const receive = chat.client.handleFrame.bind(chat.client);
      chat.client.handleFrame = (frame) => {
        if (left > 0 && typeof frame.rev === 'number') left -= 1;
        else receive(frame);
      };
    },
  };

  renderConnection('connecting');
  renderHeader();
  const flash = sessionStorage.getItem(FLASH_KEY);
  sessionStorage.removeItem(FLASH_KEY);
  if (flash) toasts.show(flash);
  chat.start().then(openRoomFromHash);
  window.addEventListener('hashchange', openRoomFromHash);
  bell.start();
  push.start();
  if (crowd) crowd.start();
  setTimeout(() => {
    if (session.expiresAt) {
      const left = Date.parse(session.expiresAt) - Date.now();
      if (left > 0 && left < 2 ** 31 - 1) setTimeout(() => signOut('Your session has expired. Please sign in again.'), left);
    }
  });
}

setupLogin();
const existing = loadSession();
if (existing) startApp(existing);
else showLogin();
