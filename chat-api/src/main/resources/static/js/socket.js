// A self-healing WebSocket to one of the server's /ws/* endpoints: authenticates at the handshake, waits for READY,
// keeps the connection alive with PING, and reconnects with exponential back-off (with jitter) when it drops.
//
// States: 'connecting' (socket opening or waiting for READY), 'open' (READY received), 'waiting' (back-off before
// the next attempt), 'offline' (the browser is offline, or held offline by a test), 'unauthorized' (closed with
// 4401/4403: the token is no good, no more attempts), 'stopped'.

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

// A browser cannot set an Authorization header on a WebSocket, so the token travels as a subprotocol beside the one
// the server selects (docs/protocol.md §4.2). The socket is then authenticated before it opens: it never waits for
// INIT among the unauthenticated sockets, whose places a flood of token-less sockets can take.
export const PROTOCOL = 'chat.v1';
const TOKEN_PROTOCOL_PREFIX = 'base64url.bearer.authorization.chatplatform.io.';

/** base64url without padding; a JWT is ASCII, so btoa takes it as it is. */
const base64url = (text) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export class ManagedSocket {
  constructor({ path, token, onFrame, onState, onReady, baseDelay = 500, maxDelay = 15000, heartbeatMs = 20000, readyTimeoutMs = 10000 }) {
    this.path = path;
    this.token = token;
    this.onFrame = onFrame || (() => {});
    this.onState = onState || (() => {});
    this.onReady = onReady || (() => {});
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.heartbeatMs = heartbeatMs;
    this.readyTimeoutMs = readyTimeoutMs;
    this.state = 'stopped';
    this.ws = null;
    this.attempts = 0;
    this.everReady = false;
    this.held = false;
    this.initNext = false;
    this.stopped = true;
    this.timers = {};
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => { if (!this.ready) this.setState('offline'); };
    this.onVisible = () => { if (document.visibilityState === 'visible') this.reconnectNow(); };
  }

  get ready() {
    return this.state === 'open';
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.clearTimers();
    this.abandon('stopped');
    this.setState('stopped');
  }

  /** Sends a frame if the session is ready; returns whether it was handed to the socket. */
  send(frame) {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Connects at once if not connected (after the browser came back online, or the tab became visible). */
  reconnectNow() {
    if (this.stopped || this.held || this.ws || this.state === 'unauthorized') return;
    this.attempts = 0;
    this.connect();
  }

  /** Test hook: the connection is lost as if the network failed; the normal reconnect path follows. */
  drop() {
    if (this.ws) this.lost(1006, 'dropped');
  }

  /** Test hook: holds the socket offline (closing it) until released. */
  hold(offline) {
    this.held = !!offline;
    if (this.held) {
      clearTimeout(this.timers.retry);
      if (this.ws) this.lost(1006, 'held offline');
      else this.setState('offline');
    } else {
      this.reconnectNow();
    }
  }

  connect() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timers.retry);
    if (this.held) {
      this.setState('offline');
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = this.token();
    // A browser tells nobody why a handshake failed: a refused token (HTTP 401) and a lost network both close with
    // 1006. So after a handshake that failed before opening, the next attempt authenticates with INIT, which a
    // refused token answers with an explicit 4401.
    let withInit = this.initNext || !token;
    this.initNext = false;
    let ws;
    try {
      let protocols = [PROTOCOL];
      if (!withInit) {
        try {
          protocols = [PROTOCOL, TOKEN_PROTOCOL_PREFIX + base64url(token)];
        } catch {
          withInit = true; // not a token btoa can encode: let the server say what is wrong with it
        }
      }
      ws = new WebSocket(`${scheme}//${location.host}${this.path}`, protocols);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    this.lastFrameAt = Date.now();
    this.setState('connecting');
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (withInit) ws.send(JSON.stringify({ type: 'INIT', token, device: 'web' }));
    };
    this.timers.ready = setTimeout(() => { if (this.ws === ws && !this.ready) this.lost(1006, 'no READY'); }, this.readyTimeoutMs);
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!frame || typeof frame.type !== 'string') return;
      this.lastFrameAt = Date.now();
      if (frame.type === 'READY') {
        clearTimeout(this.timers.ready);
        this.attempts = 0;
        const reconnected = this.everReady;
        this.everReady = true;
        this.setState('open');
        this.startHeartbeat();
        this.onReady(frame, reconnected);
        return;
      }
      if (frame.type === 'PONG') return;
      this.onFrame(frame);
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.initNext = !opened && !withInit;
      this.lost(event.code, event.reason);
    };
  }

  /** Forgets the current socket (closing it without waiting for its close handshake) and reacts to the loss. */
  lost(code, reason) {
    this.abandon(reason);
    clearTimeout(this.timers.ready);
    clearInterval(this.timers.heartbeat);
    if (this.stopped) return;
    if (code === CLOSE_UNAUTHENTICATED || code === CLOSE_FORBIDDEN) {
      this.setState('unauthorized', { code, reason });
      return;
    }
    this.scheduleRetry();
  }

  abandon(reason) {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      try { ws.close(1000, String(reason || '').slice(0, 100)); } catch { /* already closing */ }
    }
  }

  scheduleRetry() {
    if (this.stopped) return;
    if (this.held || navigator.onLine === false) {
      this.setState('offline');
      return;
    }
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** this.attempts);
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    this.attempts += 1;
    this.setState('waiting', { delay, attempt: this.attempts });
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  startHeartbeat() {
    clearInterval(this.timers.heartbeat);
    this.timers.heartbeat = setInterval(() => {
      if (!this.ready) return;
      if (Date.now() - this.lastFrameAt > this.heartbeatMs * 2) {
        this.lost(1006, 'heartbeat timeout');
        return;
      }
      this.send({ type: 'PING' });
    }, this.heartbeatMs);
  }

  clearTimers() {
    Object.values(this.timers).forEach((t) => { clearTimeout(t); clearInterval(t); });
    this.timers = {};
  }

  setState(state, detail = {}) {
    const changed = state !== this.state;
    this.state = state;
    if (changed || state === 'waiting') this.onState(state, detail);
  }
}
