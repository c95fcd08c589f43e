// Helpers of the tests that run against a real server: the build (JsClientIT) starts one and passes its address
// and JWT secret in CHAT_SERVER_URL and CHAT_JWT_SECRET. Without them those tests are skipped with the reason.
import { createHmac, randomUUID } from 'node:crypto';
import net from 'node:net';

export const SERVER = process.env.CHAT_SERVER_URL || '';
const SECRET = process.env.CHAT_JWT_SECRET || '';
export const NO_SERVER = SERVER && SECRET ? false
  : 'no server: set CHAT_SERVER_URL and CHAT_JWT_SECRET (./mvnw verify does, through io.chatplatform.client.JsClientIT)';

export const wsUrl = (base = SERVER) => `${base.replace(/^http/, 'ws')}/ws/chat`;

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token signed with the server's secret (CONTRACT.md: any issuer holding the secret is accepted). */
export function mintToken(userId, { ttlSeconds = 3600, role = 'USER' } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url({ alg: 'HS256', typ: 'JWT' });
  const body = b64url({ sub: userId, role, iat: now, exp: now + ttlSeconds });
  const signature = createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

export const uniqueUser = (name) => `${name}-${randomUUID().slice(0, 8)}`;

export async function rest(method, path, userId, body) {
  const response = await fetch(SERVER + path, {
    method,
    headers: { Authorization: `Bearer ${mintToken(userId)}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function createRoom(owner, ...members) {
  const room = await rest('POST', '/api/rooms', owner, { name: `room of ${owner}`, type: 'GROUP', members });
  return room.id;
}

export async function history(roomId, userId) {
  return (await rest('GET', `/api/rooms/${roomId}/messages?limit=200`, userId)).messages;
}

export async function lastRev(roomId, userId) {
  const rooms = await rest('GET', '/api/rooms', userId);
  return rooms.find((room) => room.id === roomId).lastRev;
}

/** Polls until check() is truthy; fails with what it was waiting for. Generous: the machine may be busy. */
export async function waitFor(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Records every event of a client, in order. */
export function record(client) {
  const log = { events: [], messages: [], acks: [], states: [], gaps: [], errors: [] };
  client.on('*', (type, payload, info) => {
    log.events.push({ type, payload, info });
    if (type === 'message') log.messages.push(payload);
    if (type === 'ack') log.acks.push(payload);
    if (type === 'state') log.states.push(payload.state);
    if (type === 'gap') log.gaps.push(payload);
    if (type === 'error') log.errors.push(payload);
  });
  log.roomMessages = (roomId) => log.messages.filter((m) => m.roomId === roomId);
  log.changes = (roomId) => log.events.filter((e) => e.payload && e.payload.roomId === roomId
      && typeof e.payload.rev === 'number' && e.info && typeof e.info.replayed === 'boolean').map((e) => e.payload);
  return log;
}

/**
 * A TCP proxy the test controls, between the clients and the server: cut() destroys every connection through it at
 * once (as a network failure would: no close frame), and while `refusing` new connections are destroyed at once.
 */
export async function startProxy(targetPort) {
  const sockets = new Set();
  const proxy = { refusing: false, connections: 0 };
  const server = net.createServer((client) => {
    if (proxy.refusing) {
      client.destroy();
      return;
    }
    proxy.connections += 1;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = server.address().port;
  proxy.url = `ws://127.0.0.1:${proxy.port}/ws/chat`;
  proxy.cut = () => { for (const socket of sockets) socket.destroy(); };
  proxy.close = () => new Promise((resolve) => { proxy.cut(); server.close(resolve); });
  return proxy;
}

export const serverPort = () => Number(new URL(SERVER).port);
