// One self-healing WebSocket to one of the server's /ws/* endpoints (docs/protocol.md §4, §9.2, §11): authenticates
// at the handshake, waits for READY, keeps the connection alive with PING, refreshes the token before it expires
// (REFRESH), and reconnects with capped exponential backoff and jitter when the connection drops.
//
// It knows frames and close codes, nothing about rooms: ChatClient (index.js) builds the chat protocol on it, and
// the web UI's notification bell and crowd view use it as it is for /ws/notify and /ws/crowd/location.
//
// States: 'connecting' (opening, or waiting for READY), 'open' (READY received), 'offline' (not connected; the
// detail says why and whether another attempt is coming: {reason, retryInMs?, attempt?, code?, final?}).

export const PROTOCOL = 'chat.v1';
export const TOKEN_PROTOCOL_PREFIX = 'base64url.bearer.authorization.chatplatform.io.';
export const CLOSE_NORMAL = 1000;
export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

const OPEN = 1;
const CONNECTING = 0;
// How far the device's clock may run ahead of the issuer's: a token past its exp by less than this may still be good
// for the server, so it is offered; by more, it is not.
const TOKEN_CLOCK_SKEW_MS = 60000;

/** base64url without padding of an ASCII string (a JWT is ASCII). */
export function base64url(text) {
  const b64 = typeof btoa === 'function' ? btoa(text) : globalThis.Buffer.from(text, 'latin1').toString('base64');
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The `exp` of a JWT in epoch milliseconds, or null when the token cannot be read. */
export function tokenExpiry(token) {
  try {
    const part = String(token).split('.')[1];
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
    const json = typeof atob === 'function' ? atob(b64) : globalThis.Buffer.from(b64, 'base64').toString('latin1');
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The wait before reconnect attempt `attempt` (0 for the first retry): the ceiling doubles from baseMs up to maxMs,
 * and the wait is drawn uniformly from the upper half of it ("equal jitter"), so a crowd of clients that lost the
 * same server spreads out, and no client ever retries at once in a tight loop.
 */
export function backoffDelay(attempt, { baseMs = 500, maxMs = 15000, random = Math.random } = {}) {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves a relative url ('/ws/chat') against the page in a browser. */
function absoluteUrl(url) {
  if (/^wss?:\/\//i.test(url)) return url;
  const loc = globalThis.location;
  if (!loc) throw new TypeError(`url must be absolute (ws:// or wss://): ${url}`);
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.startsWith('/') ? `${scheme}//${loc.host}${url}` : new URL(url, loc.href).href.replace(/^http/, 'ws');
}

export class Connection {
  /**
   * url: ws(s)://host/ws/chat (or a path, in a browser); token: a JWT, or getToken: () => JWT | Promise<JWT>, asked
   * before each connection and before each refresh; WebSocket: a constructor, when there is no global one.
   * onFrame(frame), onReady(frame, reconnected), onState(state, detail).
   */
  constructor({
    url, token, getToken, device, WebSocket: WebSocketImpl, onFrame, onReady, onState,
    baseDelay = 500, maxDelay = 15000, random = Math.random, heartbeatMs = 20000, readyTimeoutMs = 10000,
    refreshBeforeMs = 60000, auth = 'subprotocol', timers = globalThis, watchBrowser = true,
  }) {
    if (!url) throw new TypeError('url is required');
    if (token == null && typeof getToken !== 'function') throw new TypeError('token or getToken is required');
    this.url = url;
    this.tokenIsStatic = typeof getToken !== 'function';
    this.getToken = this.tokenIsStatic ? () => token : getToken;
    this.device = device;
    this.WebSocket = WebSocketImpl || globalThis.WebSocket;
    if (typeof this.WebSocket !== 'function') {
      throw new TypeError('no WebSocket: pass the WebSocket option (for example the "ws" package) on Node < 22');
    }
    this.onFrame = onFrame || (() => {});
    this.onReady = onReady || (() => {});
    this.onState = onState || (() => {});
    this.backoff = { baseMs: baseDelay, maxMs: maxDelay, random };
    this.heartbeatMs = heartbeatMs;
    this.readyTimeoutMs = readyTimeoutMs;
    this.refreshBeforeMs = refreshBeforeMs;
    this.auth = auth;
    this.timers = timers;
    this.watchBrowser = watchBrowser;
    this.state = 'offline';
    this.ws = null;
    this.attempts = 0;
    this.everReady = false;
    this.held = false;
    this.initNext = false;
    this.stopped = true;
    this.generation = 0;
    this.token = null;
    this.expiresAt = null;
    this.pending = {};
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => { if (!this.ready && this.state !== 'offline') this.setState('offline', { reason: 'network' }); };
    this.onVisible = () => { if (globalThis.document && globalThis.document.visibilityState === 'visible') this.reconnectNow(); };
  }

  get ready() {
    return this.state === 'open';
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.watchBrowser && typeof globalThis.addEventListener === 'function') {
      globalThis.addEventListener('online', this.onOnline);
      globalThis.addEventListener('offline', this.onOffline);
      if (globalThis.document) globalThis.document.addEventListener('visibilitychange', this.onVisible);
    }
    this.connect();
  }

  stop() {
    const wasStopped = this.stopped;
    this.stopped = true;
    if (this.watchBrowser && typeof globalThis.removeEventListener === 'function') {
      globalThis.removeEventListener('online', this.onOnline);
      globalThis.removeEventListener('offline', this.onOffline);
      if (globalThis.document) globalThis.document.removeEventListener('visibilitychange', this.onVisible);
    }
    this.clearTimers();
    this.abandon('closed');
    if (!wasStopped || this.state !== 'offline') this.setState('offline', { reason: 'closed', final: true });
  }

  /** Sends a frame if the session is ready; returns whether it was handed to the socket. */
  send(frame) {
    if (!this.ready || !this.ws || this.ws.readyState !== OPEN) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Connects at once if not connected (the network came back, the tab became visible). */
  reconnectNow() {
    if (this.stopped || this.held || this.ws || this.finalState) return;
    this.attempts = 0;
    this.connect();
  }

  /** The connection is lost as if the network failed; the normal reconnect path follows. */
  drop() {
    if (this.ws) this.lost(1006, 'dropped');
  }

  /** Holds the connection offline (closing it) until released with hold(false). */
  hold(offline) {
    this.held = !!offline;
    if (this.held) {
      this.clear('retry');
      if (this.ws) this.lost(1006, 'held offline');
      else this.setState('offline', { reason: 'held' });
    } else {
      this.reconnectNow();
    }
  }

  async connect() {
    if (this.stopped || this.ws || this.connectingToken) return;
    this.clear('retry');
    if (this.held) {
      this.setState('offline', { reason: 'held' });
      return;
    }
    this.finalState = false;
    this.setState('connecting', { attempt: this.attempts });
    const generation = ++this.generation;
    let token;
    this.connectingToken = true;
    try {
      token = await this.getToken();
    } catch (e) {
      token = null;
      this.tokenError = e;
    } finally {
      this.connectingToken = false;
    }
    if (this.stopped || generation !== this.generation || this.ws) return;
    if (this.held) {
      this.setState('offline', { reason: 'held' });
      return;
    }
    if (typeof token !== 'string' || !token) {
      this.scheduleRetry({ reason: 'no token' });
      return;
    }
    const exp = tokenExpiry(token);
    if (!this.tokenIsStatic && exp != null && exp + TOKEN_CLOCK_SKEW_MS <= Date.now()) {
      // getToken still gives the token that expired (an application often renews a little late): the server could
      // only refuse it, and twice would look final. Ask again after the backoff.
      this.scheduleRetry({ reason: 'token expired' });
      return;
    }
    this.token = token;
    this.open(token);
  }

  open(token) {
    // A browser tells nobody why a handshake failed: a refused token (HTTP 401) and a lost network both close with
    // 1006. So after a handshake that failed before opening, the next attempt authenticates with INIT, which a
    // refused token answers with an explicit 4401 (protocol.md §4.1).
    let withInit = this.auth === 'init' || this.initNext;
    this.initNext = false;
    let url = absoluteUrl(this.url);
    let protocols = [PROTOCOL];
    if (!withInit && this.auth === 'query') {
      url += `${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
        + (this.device ? `&device=${encodeURIComponent(this.device)}` : '');
    } else if (!withInit) {
      try {
        protocols = [PROTOCOL, TOKEN_PROTOCOL_PREFIX + base64url(token)];
      } catch {
        withInit = true; // not a token btoa can encode: let the server say what is wrong with it
      }
    }
    let ws;
    try {
      ws = new this.WebSocket(url, protocols);
    } catch {
      this.scheduleRetry({ reason: 'socket' });
      return;
    }
    this.ws = ws;
    this.lastFrameAt = Date.now();
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (withInit) {
        const init = { type: 'INIT', token };
        if (this.device) init.device = this.device;
        ws.send(JSON.stringify(init));
      }
    };
    this.later('ready', this.readyTimeoutMs, () => { if (this.ws === ws && !this.ready) this.lost(1006, 'no READY'); });
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(typeof event.data === 'string' ? event.data : String(event.data));
      } catch {
        return;
      }
      if (!frame || typeof frame.type !== 'string') return;
      this.lastFrameAt = Date.now();
      if (frame.type === 'READY') this.ready_(frame);
      else if (frame.type === 'REFRESHED') this.scheduleRefresh(frame.expiresAt);
      if (frame.type !== 'PONG') this.onFrame(frame);
    };
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.initNext = !opened && !withInit;
      this.lost(event.code, event.reason);
    };
  }

  ready_(frame) {
    this.clear('ready');
    const reconnected = this.everReady;
    this.everReady = true;
    this.setState('open', { reconnected });
    // Backoff starts over only once the connection has stayed up for a while, so a server that accepts and then
    // drops at once is not hammered at the base delay.
    this.later('healthy', Math.min(5000, this.heartbeatMs), () => { this.attempts = 0; });
    this.startHeartbeat();
    this.scheduleRefresh(frame.expiresAt);
    this.onReady(frame, reconnected);
  }

  /** Sends REFRESH with a fresh token before the socket's token expires (protocol.md §2.4). */
  scheduleRefresh(expiresAt) {
    const at = (expiresAt && Date.parse(expiresAt)) || tokenExpiry(this.token);
    this.expiresAt = at || null;
    this.clear('refresh');
    if (!at) return;
    const left = at - Date.now();
    const delay = Math.max(0, left - Math.min(this.refreshBeforeMs, left / 3));
    if (delay > 2 ** 31 - 1) return;
    this.later('refresh', delay, () => this.refresh());
  }

  async refresh() {
    if (!this.ready) return;
    let token;
    try {
      token = await this.getToken();
    } catch {
      token = null;
    }
    if (typeof token === 'string' && token && token !== this.token) {
      this.token = token;
      this.send({ type: 'REFRESH', token });
      return;
    }
    // No new token yet (an application often renews its token on its own clock, a little later): ask again while
    // the socket's token lasts. Without a new one the server closes the socket with 4401 at exp, and the reconnect
    // asks for a token again.
    const left = (this.expiresAt || 0) - Date.now();
    if (this.ready && !this.tokenIsStatic && left > 1000) this.later('refresh', Math.min(5000, left / 2), () => this.refresh());
  }

  /** Forgets the current socket (closing it without waiting for its close handshake) and reacts to the loss. */
  lost(code, reason) {
    this.abandon(reason);
    this.clear('ready');
    this.clear('heartbeat');
    this.clear('silence');
    this.clear('refresh');
    this.clear('healthy');
    if (this.stopped) return;
    if (code === CLOSE_FORBIDDEN || code === CLOSE_TOO_BIG) {
      // 4403: another user's token or a deleted account; 1009: a frame of ours was too big. Retrying would loop.
      this.finalState = code === CLOSE_FORBIDDEN;
      if (this.finalState) {
        this.setState('offline', { reason: 'forbidden', code, closeReason: reason, final: true });
        return;
      }
    }
    if (code === CLOSE_UNAUTHENTICATED) {
      // The token was refused or expired. A static token will not get better; getToken is asked again.
      if (this.tokenIsStatic) {
        this.finalState = true;
        this.setState('offline', { reason: 'unauthorized', code, closeReason: reason, final: true });
        return;
      }
      // A token past its exp by this device's clock was offered only in case the clock runs fast: its refusal says
      // the application renews late, not that its tokens are bad, so it is never taken for final.
      const exp = tokenExpiry(this.token);
      if (exp == null || exp > Date.now()) {
        if (this.lastUnauthorizedToken === this.token) {
          this.finalState = true;
          this.setState('offline', { reason: 'unauthorized', code, closeReason: reason, final: true });
          return;
        }
        this.lastUnauthorizedToken = this.token;
      }
    }
    if (code === CLOSE_POLICY) this.attempts += 2; // flooding or too many sessions: a longer wait
    this.scheduleRetry({ reason: 'closed', code, closeReason: reason });
  }

  abandon(reason) {
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    if (ws.readyState === OPEN || ws.readyState === CONNECTING) {
      try { ws.close(CLOSE_NORMAL, String(reason || '').slice(0, 100)); } catch { /* already closing */ }
    }
  }

  scheduleRetry(detail) {
    if (this.stopped) return;
    const nav = globalThis.navigator;
    if (this.held || (this.watchBrowser && nav && nav.onLine === false)) {
      this.setState('offline', { ...detail, reason: this.held ? 'held' : 'network' });
      return;
    }
    const delay = backoffDelay(this.attempts, this.backoff);
    this.attempts += 1;
    this.setState('offline', { ...detail, retryInMs: delay, attempt: this.attempts });
    this.later('retry', delay, () => this.connect());
  }

  /**
   * PING every heartbeatMs; a connection silent for two intervals is dropped. The silence is looked at every quarter
   * interval (at most every second), so the drop comes soon after two intervals, not up to a whole beat later.
   */
  startHeartbeat() {
    this.clear('heartbeat');
    this.clear('silence');
    const beat = () => {
      if (!this.ready) return;
      this.send({ type: 'PING' });
      this.later('heartbeat', this.heartbeatMs, beat);
    };
    const every = Math.max(1, Math.min(1000, Math.floor(this.heartbeatMs / 4)));
    const check = () => {
      if (!this.ready) return;
      if (Date.now() - this.lastFrameAt > this.heartbeatMs * 2) {
        this.lost(1006, 'heartbeat timeout');
        return;
      }
      this.later('silence', every, check);
    };
    this.later('heartbeat', this.heartbeatMs, beat);
    this.later('silence', every, check);
  }

  later(name, ms, fn) {
    this.clear(name);
    this.pending[name] = this.timers.setTimeout(fn, ms);
  }

  clear(name) {
    if (this.pending[name] !== undefined) this.timers.clearTimeout(this.pending[name]);
    delete this.pending[name];
  }

  clearTimers() {
    Object.keys(this.pending).forEach((name) => this.clear(name));
  }

  setState(state, detail = {}) {
    const changed = state !== this.state;
    this.state = state;
    if (changed || state === 'offline') this.onState(state, detail);
  }
}
