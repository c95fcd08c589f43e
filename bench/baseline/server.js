'use strict';
// The yardstick for chat-bench: an in-memory room broadcast server speaking the subset of the chat protocol the
// benchmark uses (CONTRACT.md). Not a product: one process, one event loop, messages kept in arrays.
//   CHAT_JWT_SECRET=... node server.js [port]        (port also from PORT; default 18101)
const http = require('node:http');
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');

const PORT = Number(process.argv[2] || process.env.PORT || 18101);
const SECRET = Buffer.from(process.env.CHAT_JWT_SECRET || '', 'utf8');
const MAX_FRAME = 64 * 1024;               // like chat.ws.max-frame-size: larger frames close with 1009
const SEND_BUFFER_LIMIT = 1024 * 1024;     // like chat.ws.send-buffer-limit: a slower reader is closed with 1013
const INIT_TIMEOUT_MS = 10_000;
if (SECRET.length < 32) {
  console.error('CHAT_JWT_SECRET must be at least 32 bytes');
  process.exit(2);
}

// ---- tokens: HS256 only, claims sub (1..128 chars), exp (required), role USER|ADMIN (optional)
function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url'));
    if (header.alg !== 'HS256') return null;
    const expected = crypto.createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest();
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url'));
    const role = claims.role === undefined ? 'USER' : claims.role;
    if (typeof claims.sub !== 'string' || !claims.sub.trim() || claims.sub.length > 128) return null;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
    if (role !== 'USER' && role !== 'ADMIN') return null;
    return { userId: claims.sub, role, exp: claims.exp };
  } catch (e) {
    return null;
  }
}

function bearer(req) {
  const h = req.headers.authorization;
  return h && /^bearer /i.test(h) ? h.slice(7).trim() : null;
}

// ---- state
const rooms = new Map();     // id -> { id, name, type, createdBy, members: Set, seq, messages: [], byClientId: Map }
const sessions = new Map();  // userId -> Set<ws>
let nextRoomId = 1;
let nextMessageId = 1;

function toUsers(userIds, text) {
  for (const userId of userIds) {
    const open = sessions.get(userId);
    if (open) for (const ws of open) push(ws, text);
  }
}

function push(ws, text) {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > SEND_BUFFER_LIMIT) {
    ws.close(1013, 'slow consumer');
    return;
  }
  ws.send(text);
}

// ---- REST
function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(text);
}

function problem(res, status, code, detail) {
  json(res, status, { status, code, detail });
}

function roomView(room, userId) {
  return { id: room.id, name: room.name, type: room.type, createdBy: room.createdBy,
    createdAt: room.createdAt, lastSeq: room.seq, unreadCount: 0, myRole: room.createdBy === userId ? 'OWNER' : 'MEMBER' };
}

function readBody(req, done) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => { size += c.length; if (size <= 1 << 20) chunks.push(c); });
  req.on('end', () => {
    try { done(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')); } catch (e) { done(undefined); }
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/actuator/health') return json(res, 200, { status: 'UP' });
  if (!url.pathname.startsWith('/api/')) return problem(res, 404, 'NOT_FOUND', 'no such path');
  const caller = verify(bearer(req));
  if (!caller) return problem(res, 401, 'UNAUTHORIZED', 'missing or invalid token');
  const member = url.pathname.match(/^\/api\/rooms\/(\d+)\/members$/);
  if (req.method === 'POST' && url.pathname === '/api/rooms') {
    return readBody(req, (body) => {
      if (!body || typeof body.name !== 'string' || !body.name.trim() || !Array.isArray(body.members)
          || body.members.length > 1000 || body.members.some((m) => typeof m !== 'string')) {
        return problem(res, 400, 'BAD_REQUEST', 'name and members are required');
      }
      const room = { id: nextRoomId++, name: body.name.trim(), type: body.type === 'DIRECT' ? 'DIRECT' : 'GROUP',
        createdBy: caller.userId, createdAt: new Date().toISOString(), members: new Set([caller.userId, ...body.members]),
        seq: 0, messages: [], byClientId: new Map() };
      rooms.set(room.id, room);
      toUsers(room.members, JSON.stringify({ type: 'ROOM_CREATED', roomId: room.id, name: room.name,
        roomType: room.type, createdBy: room.createdBy }));
      json(res, 201, roomView(room, caller.userId));
    });
  }
  if (req.method === 'POST' && member) {
    return readBody(req, (body) => {
      const room = rooms.get(Number(member[1]));
      if (!room) return problem(res, 404, 'NOT_FOUND', 'no such room');
      if (room.createdBy !== caller.userId) return problem(res, 403, 'FORBIDDEN', 'not the owner');
      if (!body || typeof body.userId !== 'string') return problem(res, 400, 'BAD_REQUEST', 'userId is required');
      if (room.members.has(body.userId)) return problem(res, 409, 'CONFLICT', 'already a member');
      room.members.add(body.userId);
      toUsers(room.members, JSON.stringify({ type: 'MEMBER_JOINED', roomId: room.id, userId: body.userId, role: 'MEMBER' }));
      json(res, 201, { userId: body.userId, role: 'MEMBER', joinedAt: new Date().toISOString(), lastReadSeq: 0 });
    });
  }
  problem(res, 404, 'NOT_FOUND', 'not part of the baseline');
});

// ---- WebSocket /ws/chat
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/ws/chat') return socket.destroy();
  const token = bearer(req) || url.searchParams.get('access_token');
  const identity = token ? verify(token) : null;
  if (token && !identity) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (identity) return authenticate(ws, identity);
    const timer = setTimeout(() => ws.close(4401, 'no INIT within 10s'), INIT_TIMEOUT_MS);
    ws.once('message', (data, isBinary) => {
      clearTimeout(timer);
      let frame;
      try { frame = isBinary ? null : JSON.parse(data); } catch (e) { frame = null; }
      const verified = frame && frame.type === 'INIT' ? verify(frame.token) : null;
      if (!verified) return ws.close(4401, 'authenticate first: send INIT with a token');
      authenticate(ws, verified);
    });
  });
});

function authenticate(ws, identity) {
  ws.userId = identity.userId;
  let open = sessions.get(ws.userId);
  if (!open) sessions.set(ws.userId, (open = new Set()));
  open.add(ws);
  ws.on('close', () => {
    open.delete(ws);
    if (open.size === 0 && sessions.get(ws.userId) === open) sessions.delete(ws.userId);
  });
  ws.send(JSON.stringify({ type: 'READY', userId: ws.userId, sessionId: crypto.randomUUID(),
    expiresAt: new Date(identity.exp * 1000).toISOString() }));
  ws.on('message', (data, isBinary) => onFrame(ws, data, isBinary));
}

function error(ws, code, message, ref) {
  push(ws, JSON.stringify(ref === undefined ? { type: 'ERROR', code, message } : { type: 'ERROR', code, message, ref }));
}

function onFrame(ws, data, isBinary) {
  let frame;
  try { frame = isBinary ? null : JSON.parse(data); } catch (e) { return error(ws, 'BAD_REQUEST', 'malformed JSON'); }
  if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') {
    return error(ws, 'BAD_REQUEST', isBinary ? 'binary frames are not supported' : 'a frame needs a type');
  }
  switch (frame.type) {
    case 'PING': return push(ws, '{"type":"PONG"}');
    case 'SEND': return send(ws, frame);
    default: return error(ws, 'BAD_REQUEST', 'unknown frame type ' + frame.type, frame.type);
  }
}

function send(ws, frame) {
  const ref = typeof frame.clientMsgId === 'string' ? frame.clientMsgId : 'SEND';
  if (!Number.isInteger(frame.roomId)) return error(ws, 'BAD_REQUEST', 'roomId must be an integer', ref);
  if (typeof frame.clientMsgId !== 'string' || !frame.clientMsgId.trim() || frame.clientMsgId.length > 128) {
    return error(ws, 'BAD_REQUEST', 'clientMsgId is required', ref);
  }
  if (typeof frame.body !== 'string' || frame.body.length === 0) return error(ws, 'BAD_REQUEST', 'body must not be empty', ref);
  if (frame.body.length > 4000) return error(ws, 'TOO_LARGE', 'body must be at most 4000 characters', ref);
  const room = rooms.get(frame.roomId);
  if (!room) return error(ws, 'NOT_FOUND', 'room ' + frame.roomId + ' does not exist', ref);
  if (!room.members.has(ws.userId)) return error(ws, 'FORBIDDEN', 'you are not a member of room ' + room.id, ref);
  const key = ws.userId + '\u0000' + frame.clientMsgId;
  let message = room.byClientId.get(key);
  if (!message) {
    message = { type: 'MESSAGE', roomId: room.id, messageId: nextMessageId++, seq: ++room.seq, senderId: ws.userId,
      clientMsgId: frame.clientMsgId, body: frame.body, sentAt: new Date().toISOString() };
    room.messages.push(message);
    room.byClientId.set(key, message);
    toUsers(room.members, JSON.stringify(message));   // encoded once, sent to every session of every member
  }
  push(ws, JSON.stringify({ type: 'ACK', roomId: room.id, clientMsgId: message.clientMsgId,
    messageId: message.messageId, seq: message.seq }));
}

server.listen(PORT, '127.0.0.1', () => console.log(`baseline listening on 127.0.0.1:${PORT} (pid ${process.pid})`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const open of sessions.values()) for (const ws of open) ws.close(1001, 'going away');
    server.close();
    setTimeout(() => process.exit(0), 200).unref();
  });
}
