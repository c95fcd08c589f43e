// The client's logic without a server: backoff, the order of a room's changes, the outbox's answers to ERRORs.
// A fake WebSocket and fake timers make every step deterministic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatClient, RoomOrder, backoffDelay, tokenExpiry } from '../index.js';

/** Timers that run only when the test says so, in due order. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const due = new Map();
  return {
    setTimeout(fn, ms) { const id = next++; due.set(id, { at: now + ms, fn, ms }); return id; },
    clearTimeout(id) { due.delete(id); },
    pending() { return [...due.values()].map((t) => t.ms); },
    now() { return now; },
    /** Runs the timers due within ms (and those they start). */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const [id, timer] = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0] || [];
        if (!timer || timer.at > end) break;
        due.delete(id);
        now = timer.at;
        timer.fn();
      }
      now = end;
    },
  };
}

/** A WebSocket the test drives: records what the client sends and what it was constructed with. */
function fakeSocketClass() {
  const sockets = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(data) { this.sent.push(JSON.parse(data)); }
    close() { this.readyState = 3; }
    open() { this.readyState = 1; this.onopen && this.onopen({}); }
    frame(frame) { this.onmessage && this.onmessage({ data: JSON.stringify(frame) }); }
    drop(code = 1006) { this.readyState = 3; this.onclose && this.onclose({ code, reason: '' }); }
    frames(type) { return this.sent.filter((f) => f.type === type); }
  }
  FakeSocket.sockets = sockets;
  return FakeSocket;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function connected(client, FakeSocket, { userId = 'me' } = {}) {
  client.connect();
  await flush(); // getToken is awaited
  const socket = FakeSocket.sockets.at(-1);
  socket.open();
  socket.frame({ type: 'READY', userId, sessionId: 's', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
  return socket;
}

describe('backoff', () => {
  it('doubles from the base delay up to the cap, each wait drawn from the upper half of the ceiling', () => {
    const options = { baseMs: 500, maxMs: 15000 };
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, { ...options, random: () => 0 })),
      [250, 500, 1000, 2000, 4000, 7500, 7500, 7500]);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, { ...options, random: () => 0.999999 })),
      [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    assert.equal(backoffDelay(3, { ...options, random: () => 0.5 }), 3000);
  });

  it('is what the client waits between attempts, with jitter from the injected source', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const draws = [0, 1 - 1e-9, 0.5, 0.25];
    let i = 0;
    const states = [];
    const client = new ChatClient({
      url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false,
      random: () => draws[i++ % draws.length],
    });
    client.on('state', (s) => states.push(s));
    client.connect();
    const waits = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await flush();
      FakeSocket.sockets.at(-1).drop(1006); // the handshake fails
      const offline = states.at(-1);
      assert.equal(offline.state, 'offline');
      waits.push(offline.retryInMs);
      timers.advance(offline.retryInMs);
    }
    // ceilings 500, 1000, 2000, 4000; draws 0, ~1, 0.5, 0.25 of the upper half
    assert.deepEqual(waits, [250, 1000, 1500, 2500]);
    await flush();
    assert.equal(FakeSocket.sockets.length, 5);
    client.close();
  });
});

describe('handshake', () => {
  it('offers the token as a subprotocol beside chat.v1, then uses INIT after a handshake that never opened', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 'abc.def.ghi', WebSocket: FakeSocket, timers, watchBrowser: false, device: 'node' });
    client.connect();
    await flush();
    const first = FakeSocket.sockets[0];
    assert.deepEqual(first.protocols, ['chat.v1', `base64url.bearer.authorization.chatplatform.io.${Buffer.from('abc.def.ghi').toString('base64url')}`]);
    first.drop(1006);
    timers.advance(60000);
    await flush();
    const second = FakeSocket.sockets[1];
    assert.deepEqual(second.protocols, ['chat.v1']);
    second.open();
    assert.deepEqual(second.sent, [{ type: 'INIT', token: 'abc.def.ghi', device: 'node' }]);
    client.close();
  });

  it('stops for good when a static token is refused (4401), and connect() says so', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 'a.b.c', WebSocket: FakeSocket, timers, watchBrowser: false });
    const states = [];
    client.on('state', (s) => states.push(s));
    const connecting = client.connect();
    await flush();
    FakeSocket.sockets[0].open();
    FakeSocket.sockets[0].drop(4401);
    await assert.rejects(connecting, (e) => e.code === 'UNAUTHORIZED');
    assert.deepEqual(states.at(-1), { state: 'offline', reason: 'unauthorized', code: 4401, closeReason: '', final: true });
    timers.advance(600000);
    await flush();
    assert.equal(FakeSocket.sockets.length, 1, 'no further attempt');
  });

  it('asks getToken again after a 4401 and connects with the new token', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    let n = 0;
    const client = new ChatClient({ url: 'ws://server/ws/chat', getToken: async () => `t.${++n}.x`, WebSocket: FakeSocket, timers, watchBrowser: false, auth: 'init' });
    client.connect();
    await flush();
    FakeSocket.sockets[0].open();
    FakeSocket.sockets[0].drop(4401);
    timers.advance(60000);
    await flush();
    FakeSocket.sockets[1].open();
    assert.deepEqual(FakeSocket.sockets.map((s) => s.sent[0].token), ['t.1.x', 't.2.x']);
    client.close();
  });

  it('reads exp from a JWT', () => {
    const token = `x.${Buffer.from(JSON.stringify({ sub: 'a', exp: 1700000000 })).toString('base64url')}.y`;
    assert.equal(tokenExpiry(token), 1700000000000);
    assert.equal(tokenExpiry('nonsense'), null);
  });
});

describe('heartbeat', () => {
  it('drops a connection silent for two intervals within a quarter interval of that, not a whole beat later', async () => {
    const timers = fakeTimers();
    const realNow = Date.now;
    const start = realNow();
    Date.now = () => start + timers.now(); // the client's clock follows the fake timers
    try {
      const FakeSocket = fakeSocketClass();
      const states = [];
      const client = new ChatClient({ url: 'ws://server/ws/chat', token: 'abc.def.ghi', WebSocket: FakeSocket, timers,
        watchBrowser: false, heartbeatMs: 1000, onState: (state) => states.push(state) });
      client.on('state', (e) => states.push(e.state));
      const socket = await connected(client, FakeSocket);
      timers.advance(1000);
      assert.equal(socket.frames('PING').length, 1);
      socket.frame({ type: 'PONG' }); // heard at 1000 ms
      timers.advance(2000); // 3000: silent for exactly two intervals
      assert.ok(!states.includes('offline'), `still connected at two intervals: ${states}`);
      timers.advance(250); // 3250: past two intervals by a quarter
      assert.ok(states.includes('offline'), `dropped soon after two silent intervals: ${states}`);
      client.close();
    } finally {
      Date.now = realNow;
    }
  });
});

describe('room order', () => {
  function order() {
    const delivered = [];
    const sent = [];
    const gaps = [];
    const timers = fakeTimers();
    const rooms = new RoomOrder({ deliver: (f, replayed) => delivered.push([f.rev, replayed]), send: (f) => { sent.push(f); return true; }, onGap: (g) => gaps.push(g), timers });
    return { rooms, delivered, sent, gaps };
  }

  it('delivers the next rev, drops duplicates, holds what is ahead and catches up the gap with SYNC', () => {
    const { rooms, delivered, sent, gaps } = order();
    rooms.follow(7, 10);
    rooms.offer({ type: 'MESSAGE', roomId: 7, rev: 11 });
    rooms.offer({ type: 'MESSAGE', roomId: 7, rev: 11 }); // duplicate
    rooms.offer({ type: 'REACTION', roomId: 7, rev: 10 }); // old
    rooms.offer({ type: 'MESSAGE', roomId: 7, rev: 14 }); // 12 and 13 missing
    rooms.offer({ type: 'MESSAGE', roomId: 7, rev: 13 });
    assert.deepEqual(delivered, [[11, false]]);
    assert.deepEqual(gaps, [{ roomId: 7, afterRev: 11, rev: 14 }]);
    assert.deepEqual(sent, [{ type: 'SYNC', roomId: 7, afterRev: 11, limit: 100 }]);
    // The page brings 12 and 13; 13 (held) is then old, 14 follows; 15 arrives live afterwards.
    rooms.changes({ type: 'CHANGES', roomId: 7, changes: [{ type: 'MESSAGE_UPDATED', rev: 12 }, { type: 'MESSAGE', rev: 13 }], hasMore: false, rev: 13 });
    rooms.offer({ type: 'MESSAGE', roomId: 7, rev: 15 });
    assert.deepEqual(delivered, [[11, false], [12, true], [13, true], [14, false], [15, false]]);
    assert.equal(rooms.rev(7), 15);
  });

  it('ignores the late page of a SYNC that timed out before the room was re-based, so no earlier change is lost', () => {
    const delivered = [];
    const sent = [];
    const timers = fakeTimers();
    const rooms = new RoomOrder({ deliver: (f, replayed) => delivered.push(f.rev), send: (f) => { sent.push(f); return true; },
      onGap: () => {}, timers, syncTimeoutMs: 1000 });
    rooms.offer({ type: 'MESSAGE', roomId: 4, rev: 18 }); // followed from this live frame: rev 17
    rooms.offer({ type: 'MESSAGE', roomId: 4, rev: 20 }); // 19 missing: SYNC after 18 (S1)
    assert.deepEqual(sent.map((f) => f.afterRev), [18]);
    timers.advance(1000); // S1 times out; 20 is held, so it is asked again (S2)
    assert.deepEqual(sent.map((f) => f.afterRev), [18, 18]);
    assert.equal(rooms.followByApplication(4, 0), true); // the application syncs the room from its start
    // S1's late page, then S2's: both from the old rev, both ignored; then the room is asked from 0.
    rooms.changes({ type: 'CHANGES', roomId: 4, changes: [{ type: 'MESSAGE', rev: 19 }, { type: 'MESSAGE', rev: 20 }], hasMore: false, rev: 20 });
    rooms.changes({ type: 'CHANGES', roomId: 4, changes: [{ type: 'MESSAGE', rev: 19 }, { type: 'MESSAGE', rev: 20 }], hasMore: false, rev: 20 });
    const fromStart = sent.filter((f) => f.afterRev === 0);
    assert.ok(fromStart.length >= 1, `asked from the start: ${JSON.stringify(sent)}`);
    rooms.changes({ type: 'CHANGES', roomId: 4, changes: Array.from({ length: 20 }, (_, i) => ({ type: 'MESSAGE', rev: i + 1 })), hasMore: false, rev: 20 });
    assert.deepEqual([...delivered].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1),
      `every rev once: ${delivered}`);
  });

  it('pages on while hasMore, skips a page that came twice, and follows a new room from its first frame', () => {
    const { rooms, delivered, sent } = order();
    rooms.offer({ type: 'MEMBER_JOINED', roomId: 9, rev: 3 });
    assert.equal(rooms.rev(9), 3);
    rooms.sync(9, 0);
    rooms.changes({ type: 'CHANGES', roomId: 9, changes: [{ type: 'MESSAGE', rev: 1 }, { type: 'MESSAGE', rev: 2 }], hasMore: true, rev: 2 });
    rooms.changes({ type: 'CHANGES', roomId: 9, changes: [{ type: 'MESSAGE', rev: 1 }, { type: 'MESSAGE', rev: 2 }], hasMore: true, rev: 2 });
    rooms.changes({ type: 'CHANGES', roomId: 9, changes: [{ type: 'MEMBER_JOINED', rev: 3 }], hasMore: false, rev: 3 });
    assert.deepEqual(delivered, [[3, false], [1, true], [2, true], [3, true]]);
    // The copy asks for the next page once more; its answer would be skipped like the copy was.
    assert.deepEqual(sent.map((f) => f.afterRev), [0, 2, 2]);
  });
});

describe('sync of a room a live frame made the client follow', () => {
  it('catches up from the first change when sync(roomId) comes just after a live frame, each change once', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    const bodies = [];
    client.on('message', (m) => bodies.push(m.body));
    const socket = await connected(client, FakeSocket);
    socket.frame({ type: 'MESSAGE', roomId: 1, rev: 3, seq: 3, messageId: 13, senderId: 'bob', body: 'three' });
    assert.equal(client.sync(1), true);
    assert.deepEqual(socket.frames('SYNC').map((f) => f.afterRev), [0]);
    socket.frame({ type: 'MESSAGE', roomId: 1, rev: 4, seq: 4, messageId: 14, senderId: 'bob', body: 'four' }); // held
    socket.frame({ type: 'CHANGES', roomId: 1, rev: 3, hasMore: false, changes: [
      { type: 'MESSAGE', rev: 1, seq: 1, messageId: 11, body: 'one' },
      { type: 'MESSAGE', rev: 2, seq: 2, messageId: 12, body: 'two' },
      { type: 'MESSAGE', rev: 3, seq: 3, messageId: 13, body: 'three' }] });
    assert.deepEqual(bodies, ['three', 'one', 'two', 'four']);
    assert.equal(client.rev(1), 4);
    client.close();
  });

  it('ignores the page of a gap SYNC asked before the re-base, and asks again from the start', () => {
    const delivered = [];
    const sent = [];
    const rooms = new RoomOrder({ deliver: (f) => delivered.push(f.rev), send: (f) => { sent.push(f); return true; }, timers: fakeTimers() });
    rooms.offer({ type: 'MESSAGE', roomId: 9, rev: 17 });
    rooms.offer({ type: 'MESSAGE', roomId: 9, rev: 19 }); // a gap: SYNC after 17
    assert.equal(rooms.followByApplication(9, 0), true);
    rooms.changes({ type: 'CHANGES', roomId: 9, changes: [{ type: 'MESSAGE', rev: 18 }, { type: 'MESSAGE', rev: 19 }], hasMore: false, rev: 19 });
    assert.deepEqual(sent.map((f) => f.afterRev), [17, 0]);
    rooms.changes({ type: 'CHANGES', roomId: 9, changes: [16, 17, 18, 19].map((rev) => ({ type: 'MESSAGE', rev })), hasMore: false, rev: 19 });
    assert.deepEqual(delivered, [17, 16, 18, 19]);
    assert.equal(rooms.followByApplication(9, 0), false, 'followed by the application now');
  });
});

describe('token refresh', () => {
  it('asks getToken again until it gives a new token, then sends REFRESH with it', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const tokens = ['t1.a.b', 't1.a.b', 't1.a.b', 't2.a.b'];
    let asked = 0;
    const client = new ChatClient({
      url: 'ws://server/ws/chat', getToken: async () => tokens[Math.min(asked++, tokens.length - 1)], WebSocket: FakeSocket,
      timers, watchBrowser: false, refreshBeforeMs: 60000,
    });
    client.connect();
    await flush();
    const socket = FakeSocket.sockets.at(-1);
    socket.open();
    socket.frame({ type: 'READY', userId: 'me', sessionId: 's', expiresAt: new Date(Date.now() + 120e3).toISOString() });
    timers.advance(80000); // a third of the token's remaining life before exp
    await flush();
    assert.equal(asked, 2);
    assert.equal(socket.frames('REFRESH').length, 0); // the same token: nothing to refresh with yet
    timers.advance(5000);
    await flush();
    timers.advance(5000);
    await flush();
    assert.equal(asked, 4);
    assert.deepEqual(socket.frames('REFRESH').map((f) => f.token), ['t2.a.b']);
    client.close();
  });
});

describe('catch-up', () => {
  it('a refused SYNC fails only the oldest one in flight: the other rooms keep the frames they hold', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    client.follow(1, 0);
    client.follow(2, 0);
    const delivered = [];
    client.on('message', (m, { replayed }) => delivered.push([m.roomId, m.rev, replayed]));
    const socket = await connected(client, FakeSocket);
    assert.deepEqual(socket.frames('SYNC').map((f) => f.roomId), [1, 2]); // the catch-up after READY
    // Room 2 goes on while its page is on the way: the frame waits for the page.
    socket.frame({ type: 'MESSAGE', roomId: 2, rev: 3, seq: 3, messageId: 30 });
    // The user lost room 1 while away: its SYNC, the oldest, is refused.
    socket.frame({ type: 'ERROR', code: 'FORBIDDEN', ref: 'SYNC', message: 'not a member' });
    socket.frame({ type: 'CHANGES', roomId: 2, rev: 2, hasMore: false, changes: [
      { type: 'MESSAGE', rev: 1, seq: 1, messageId: 10 }, { type: 'MESSAGE', rev: 2, seq: 2, messageId: 20 }] });
    assert.deepEqual(delivered, [[2, 1, true], [2, 2, true], [2, 3, false]]);
    assert.equal(client.rev(1), null); // room 1 is no longer followed
    assert.equal(client.rev(2), 3);
    // A RATE_LIMITED SYNC goes again after retryAfterMs, for that room only.
    client.sync(2, { afterRev: 0 });
    socket.frame({ type: 'ERROR', code: 'RATE_LIMITED', ref: 'SYNC', retryAfterMs: 50 });
    const before = socket.frames('SYNC').length;
    timers.advance(50);
    assert.deepEqual(socket.frames('SYNC').slice(before).map((f) => [f.roomId, f.afterRev]), [[2, 0]]);
    client.close();
  });
});

describe('outbox', () => {
  it('keeps a SEND while offline and sends it once connected; resends a RATE_LIMITED one after retryAfterMs, same clientMsgId', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    const acks = [];
    client.on('ack', (a) => acks.push(a));
    const sending = client.send(1, 'hello');
    assert.equal(client.pending().length, 1);
    const socket = await connected(client, FakeSocket);
    const [first] = socket.frames('SEND');
    assert.equal(first.clientMsgId, sending.clientMsgId);
    socket.frame({ type: 'ERROR', code: 'RATE_LIMITED', ref: first.clientMsgId, retryAfterMs: 40, message: 'slow down' });
    timers.advance(39);
    assert.equal(socket.frames('SEND').length, 1);
    timers.advance(1);
    assert.equal(socket.frames('SEND').length, 2);
    assert.equal(socket.frames('SEND')[1].clientMsgId, first.clientMsgId);
    const ack = { type: 'ACK', roomId: 1, clientMsgId: first.clientMsgId, messageId: 5, seq: 1 };
    socket.frame(ack);
    socket.frame(ack); // the ACK of an earlier copy: dropped
    assert.deepEqual(await sending, ack);
    assert.equal(acks.length, 1);
    assert.equal(client.pending().length, 0);
    client.close();
  });

  it('takes the same clientMsgId in two rooms for two messages, sent one after the other', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    const socket = await connected(client, FakeSocket);
    const inRoom1 = client.send(1, 'one', { clientMsgId: 'same' });
    const inRoom2 = client.send(2, 'two', { clientMsgId: 'same' });
    assert.notEqual(inRoom1, inRoom2);
    assert.equal(client.pending().length, 2);
    // An ERROR would name only ref 'same': the second waits until the first is settled.
    assert.deepEqual(socket.frames('SEND').map((f) => f.roomId), [1]);
    socket.frame({ type: 'ERROR', code: 'UNAVAILABLE', ref: 'same', retryAfterMs: 10 });
    timers.advance(10);
    assert.deepEqual(socket.frames('SEND').map((f) => f.roomId), [1, 1], 'the ERROR is about the SEND of room 1');
    const ack1 = { type: 'ACK', roomId: 1, clientMsgId: 'same', messageId: 7, seq: 1 };
    socket.frame(ack1);
    assert.deepEqual(await inRoom1, ack1);
    assert.deepEqual(socket.frames('SEND').map((f) => [f.roomId, f.body]), [[1, 'one'], [1, 'one'], [2, 'two']]);
    const ack2 = { type: 'ACK', roomId: 2, clientMsgId: 'same', messageId: 8, seq: 1 };
    socket.frame(ack2);
    assert.deepEqual(await inRoom2, ack2);
    assert.equal(client.pending().length, 0);
    client.close();
  });

  it('keeps a SEND answered UNAVAILABLE in the outbox and resends it after retryAfterMs, same clientMsgId', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    const socket = await connected(client, FakeSocket);
    let settled = false;
    const sending = client.send(1, 'hello');
    sending.then(() => { settled = true; }, () => { settled = true; });
    const [first] = socket.frames('SEND');
    socket.frame({ type: 'ERROR', code: 'UNAVAILABLE', ref: first.clientMsgId, retryAfterMs: 250, message: 'try later' });
    await flush();
    assert.equal(settled, false);
    assert.equal(client.pending().length, 1);
    timers.advance(249);
    assert.equal(socket.frames('SEND').length, 1);
    timers.advance(1);
    assert.equal(socket.frames('SEND').length, 2);
    assert.equal(socket.frames('SEND')[1].clientMsgId, first.clientMsgId);
    // Without retryAfterMs: the default wait (1 s), still the same clientMsgId.
    socket.frame({ type: 'ERROR', code: 'UNAVAILABLE', ref: first.clientMsgId, message: 'try later' });
    timers.advance(999);
    assert.equal(socket.frames('SEND').length, 2);
    timers.advance(1);
    assert.deepEqual(socket.frames('SEND').map((f) => f.clientMsgId), [first.clientMsgId, first.clientMsgId, first.clientMsgId]);
    const ack = { type: 'ACK', roomId: 1, clientMsgId: first.clientMsgId, messageId: 5, seq: 1 };
    socket.frame(ack);
    assert.deepEqual(await sending, ack);
    assert.equal(client.pending().length, 0);
    client.close();
  });

  it('rejects a SEND the server refuses for good, and settles one whose own MESSAGE arrives before its ACK', async () => {
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers: fakeTimers(), watchBrowser: false });
    const socket = await connected(client, FakeSocket, { userId: 'me' });
    const refused = client.send(1, 'x'.repeat(5000));
    const id = socket.frames('SEND')[0].clientMsgId;
    socket.frame({ type: 'ERROR', code: 'TOO_LARGE', ref: id, message: 'too large' });
    await assert.rejects(refused, (e) => e.code === 'TOO_LARGE');
    const ok = client.send(1, 'hi');
    const okId = socket.frames('SEND')[1].clientMsgId;
    socket.frame({ type: 'MESSAGE', roomId: 1, rev: 1, messageId: 8, seq: 1, senderId: 'me', clientMsgId: okId, body: 'hi' });
    assert.equal((await ok).messageId, 8);
    client.close();
  });

  it('delivers each change once even when every frame arrives twice', async () => {
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers: fakeTimers(), watchBrowser: false });
    const seen = [];
    client.on('message', (m) => seen.push(m.seq));
    const socket = await connected(client, FakeSocket);
    for (let seq = 1; seq <= 5; seq += 1) {
      const frame = { type: 'MESSAGE', roomId: 1, rev: seq, messageId: seq, seq, senderId: 'x', body: `m${seq}` };
      socket.frame(frame);
      socket.frame(frame);
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    client.close();
  });
});

/** A JWT whose payload can be read (the signature is not checked by the client). */
function jwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

describe('what ends, and what is refused for good', () => {
  it('refuses a SEND larger than maxFrameBytes at once; after a 1009 close it refuses the largest SEND sent, not all', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false, maxFrameBytes: 1000 });
    const socket = await connected(client, FakeSocket);
    await assert.rejects(client.send(1, 'x'.repeat(1000)), (e) => e.code === 'TOO_LARGE');
    assert.equal(socket.frames('SEND').length, 0, 'never sent');
    // A server whose limit is lower than the client's: it closes with 1009 for the big one.
    const big = client.send(1, 'y'.repeat(800));
    const small = client.send(1, 'small');
    socket.drop(1009);
    await assert.rejects(big, (e) => e.code === 'TOO_LARGE');
    timers.advance(60000);
    await flush();
    const next = FakeSocket.sockets.at(-1);
    next.open();
    next.frame({ type: 'READY', userId: 'me', sessionId: 's2', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
    assert.deepEqual(next.frames('SEND').map((f) => f.body), ['small'], 'the rest of the outbox goes again');
    next.frame({ type: 'ACK', roomId: 1, clientMsgId: small.clientMsgId, messageId: 2, seq: 1 });
    assert.equal((await small).seq, 1);
    client.close();
  });

  it('measures frames in characters, as the server does, for maxFrameBytes and for the blame of a 1009', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false, maxFrameBytes: 2000 });
    const socket = await connected(client, FakeSocket);
    // 1500 '€': about 1560 characters, the server's measure, under the limit; 4560 bytes in UTF-8
    const euros = client.send(1, '€'.repeat(1500));
    euros.catch(() => {});
    assert.equal(socket.frames('SEND').length, 1, 'sent, not refused at once');
    // A longer frame in characters, shorter in bytes: what a server with a lower limit closes the socket for.
    client.edit(1, 5, 'x'.repeat(1800)).catch(() => {});
    assert.equal(socket.frames('EDIT').length, 1);
    socket.drop(1009);
    timers.advance(60000);
    await flush();
    const next = FakeSocket.sockets.at(-1);
    next.open();
    next.frame({ type: 'READY', userId: 'me', sessionId: 's2', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
    assert.equal(next.frames('SEND').length, 1, 'the SEND was not blamed: it goes again');
    next.frame({ type: 'ACK', roomId: 1, clientMsgId: euros.clientMsgId, messageId: 2, seq: 1 });
    assert.equal((await euros).seq, 1);
    client.close();
  });

  it('after a 1009 about a frame other than a SEND, refuses no SEND; an EDIT over maxFrameBytes is refused at once', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false, maxFrameBytes: 1000 });
    const socket = await connected(client, FakeSocket);
    await assert.rejects(client.edit(1, 5, 'e'.repeat(1000)), (e) => e.code === 'TOO_LARGE');
    const hello = client.send(1, 'hello');
    client.sendFrame({ type: 'EDIT', roomId: 1, messageId: 5, body: 'z'.repeat(900) }); // as is: not measured
    socket.drop(1009);
    timers.advance(60000);
    await flush();
    const next = FakeSocket.sockets.at(-1);
    next.open();
    next.frame({ type: 'READY', userId: 'me', sessionId: 's2', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
    assert.deepEqual(next.frames('SEND').map((f) => f.body), ['hello'], 'the SEND was not blamed');
    next.frame({ type: 'ACK', roomId: 1, clientMsgId: hello.clientMsgId, messageId: 1, seq: 1 });
    assert.equal((await hello).seq, 1);
    client.close();
  });

  it('rejects sends waiting and new ones once stopped for good (close, a static token refused); connect() starts over', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 'a.b.c', WebSocket: FakeSocket, timers, watchBrowser: false });
    const first = client.connect();
    await flush();
    const waiting = client.send(1, 'queued before the refusal');
    FakeSocket.sockets[0].open();
    FakeSocket.sockets[0].drop(4401);
    await assert.rejects(first, (e) => e.code === 'UNAUTHORIZED');
    await assert.rejects(waiting, (e) => e.code === 'UNAUTHORIZED');
    await assert.rejects(client.send(1, 'after it'), (e) => e.code === 'UNAUTHORIZED');
    // connect() again: a new attempt and a new promise, not the rejected one
    const second = client.connect();
    assert.notEqual(second, first);
    await flush();
    const socket = FakeSocket.sockets.at(-1);
    assert.equal(FakeSocket.sockets.length, 2);
    socket.open();
    socket.frame({ type: 'READY', userId: 'me', sessionId: 's', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
    assert.equal((await second).userId, 'me');
    client.close();
    await assert.rejects(client.send(1, 'after close'), (e) => e.code === 'CLOSED');
    assert.equal(client.pending().length, 0);
  });

  it('does not offer a token getToken still gives after its exp: it asks again, so a late renewal is no final 4401', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const expired = jwt({ sub: 'me', exp: Math.floor(Date.now() / 1000) - 120 }); // past the 60 s of clock skew
    const fresh = jwt({ sub: 'me', exp: Math.floor(Date.now() / 1000) + 3600 });
    let renewed = false;
    const states = [];
    const client = new ChatClient({ url: 'ws://server/ws/chat', getToken: async () => (renewed ? fresh : expired), WebSocket: FakeSocket, timers, watchBrowser: false });
    client.on('state', (s) => states.push(s));
    client.connect();
    await flush();
    assert.equal(FakeSocket.sockets.length, 0, 'an expired token is not offered');
    assert.equal(states.at(-1).reason, 'token expired');
    timers.advance(60000);
    await flush();
    assert.equal(FakeSocket.sockets.length, 0);
    renewed = true;
    timers.advance(60000);
    await flush();
    assert.equal(FakeSocket.sockets.length, 1);
    assert.ok(FakeSocket.sockets[0].protocols[1].endsWith(Buffer.from(fresh).toString('base64url')));
    assert.ok(!states.some((s) => s.final), 'never final');
    client.close();
  });

  it('takes no 4401 of a token just past its exp for final: getToken is asked again until it renews', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const late = jwt({ sub: 'me', exp: Math.floor(Date.now() / 1000) - 30 }); // within the 60 s of skew: offered
    const fresh = jwt({ sub: 'me', exp: Math.floor(Date.now() / 1000) + 3600 });
    let renewed = false;
    const states = [];
    const client = new ChatClient({ url: 'ws://server/ws/chat', getToken: async () => (renewed ? fresh : late), WebSocket: FakeSocket, timers, watchBrowser: false, auth: 'init' });
    client.on('state', (s) => states.push(s));
    const connecting = client.connect();
    for (let refused = 1; refused <= 4; refused += 1) {
      await flush();
      assert.equal(FakeSocket.sockets.length, refused, 'asked again and offered');
      const socket = FakeSocket.sockets.at(-1);
      socket.open();
      assert.equal(socket.sent[0].token, late);
      socket.drop(4401);
      if (refused === 4) renewed = true; // the application's renewal, a little late
      timers.advance(60000);
    }
    await flush();
    const socket = FakeSocket.sockets.at(-1);
    socket.open();
    assert.equal(socket.sent[0].token, fresh);
    socket.frame({ type: 'READY', userId: 'me', sessionId: 's', expiresAt: new Date(Date.now() + 3600e3).toISOString() });
    assert.equal((await connecting).userId, 'me');
    assert.ok(!states.some((s) => s.final), 'never final');
    client.close();
  });

  it('still stops when a static token just past its exp is refused (4401)', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const late = jwt({ sub: 'me', exp: Math.floor(Date.now() / 1000) - 30 });
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: late, WebSocket: FakeSocket, timers, watchBrowser: false });
    const connecting = client.connect();
    await flush();
    FakeSocket.sockets[0].open();
    FakeSocket.sockets[0].drop(4401);
    await assert.rejects(connecting, (e) => e.code === 'UNAUTHORIZED');
  });

  it('says when a room was lost while away (SYNC NOT_FOUND), and does not repeat a SYNC refused as BAD_REQUEST', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false });
    client.follow(1, 5);
    client.follow('abc', 0);
    const lost = [];
    client.on('room_lost', (r) => lost.push(r));
    const socket = await connected(client, FakeSocket);
    assert.deepEqual(socket.frames('SYNC').map((f) => f.roomId), [1, 'abc']);
    socket.frame({ type: 'ERROR', code: 'NOT_FOUND', ref: 'SYNC', message: 'room 1 does not exist' });
    socket.frame({ type: 'ERROR', code: 'BAD_REQUEST', ref: 'SYNC', message: 'roomId must be an integer' });
    assert.deepEqual(lost, [{ roomId: 1, code: 'NOT_FOUND', message: 'room 1 does not exist' }]);
    timers.advance(60000);
    assert.equal(socket.frames('SYNC').length, 2, 'neither SYNC goes again');
    assert.equal(client.rev(1), null);
    assert.equal(client.rev('abc'), null);
    client.close();
  });
});

describe('outbox flow control', () => {
  it('drains a long outbox through a server with pacing off: in pieces, in order, never flooding it into a 1008', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false, maxInFlight: 8 });
    const sends = Array.from({ length: 60 }, (_, i) => client.send(1, `m${i}`));
    const socket = await connected(client, FakeSocket);
    // The server: a bucket of 2 frames, 2 more a second; over it RATE_LIMITED with the wait until the next token,
    // and a close (1008) after 10 refusals in a row, as chat.ws.rate-pacing=false does with flood-limit 10.
    let tokens = 2;
    let refusedInARow = 0;
    let handled = 0;
    let seq = 0;
    const stored = [];
    for (let ms = 0; ms < 120000 && stored.length < 60; ms += 50) {
      if (ms % 500 === 0) tokens = Math.min(2, tokens + 1);
      const frames = socket.frames('SEND');
      for (; handled < frames.length; handled += 1) {
        const frame = frames[handled];
        if (tokens >= 1) {
          tokens -= 1;
          refusedInARow = 0;
          if (!stored.includes(frame.clientMsgId)) stored.push(frame.clientMsgId);
          socket.frame({ type: 'ACK', roomId: 1, clientMsgId: frame.clientMsgId, messageId: ++seq, seq });
        } else {
          refusedInARow += 1;
          assert.ok(refusedInARow <= 10, `flooded: ${refusedInARow} refusals in a row`);
          socket.frame({ type: 'ERROR', code: 'RATE_LIMITED', ref: frame.clientMsgId, retryAfterMs: 500 - (ms % 500) });
        }
      }
      timers.advance(50);
    }
    assert.equal(stored.length, 60);
    assert.deepEqual(stored, sends.map((p) => p.clientMsgId), 'stored in the order sent');
    assert.equal((await Promise.all(sends)).length, 60);
    assert.equal(client.pending().length, 0);
    client.close();
  });

  it('after a RATE_LIMITED, grows the window by one per ACK, not by doubling', async () => {
    const timers = fakeTimers();
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers, watchBrowser: false, maxInFlight: 8 });
    const socket = await connected(client, FakeSocket);
    const sends = [];
    for (let i = 0; i < 10; i += 1) sends.push(client.send(1, `m${i}`, { clientMsgId: `c${i}` }));
    sends.forEach((p) => p.catch(() => {}));
    assert.equal(socket.frames('SEND').length, 8);
    for (let i = 0; i < 8; i += 1) socket.frame({ type: 'ERROR', code: 'RATE_LIMITED', ref: `c${i}`, retryAfterMs: 50 });
    timers.advance(50);
    const bodies = () => socket.frames('SEND').slice(8).map((f) => f.body);
    assert.deepEqual(bodies(), ['m0'], 'after retryAfterMs, one at a time');
    socket.frame({ type: 'ACK', roomId: 1, clientMsgId: 'c0', messageId: 1, seq: 1 });
    assert.deepEqual(bodies(), ['m0', 'm1', 'm2'], 'a window of 2');
    socket.frame({ type: 'ACK', roomId: 1, clientMsgId: 'c1', messageId: 2, seq: 2 });
    assert.deepEqual(bodies(), ['m0', 'm1', 'm2', 'm3', 'm4'], 'a window of 3, not 4');
    client.close();
  });

  it('keeps at most maxInFlight SENDs unanswered, and sends the next as each is answered', async () => {
    const FakeSocket = fakeSocketClass();
    const client = new ChatClient({ url: 'ws://server/ws/chat', token: 't.e.k', WebSocket: FakeSocket, timers: fakeTimers(), watchBrowser: false, maxInFlight: 3 });
    const socket = await connected(client, FakeSocket);
    const sends = Array.from({ length: 5 }, (_, i) => client.send(1, `m${i}`));
    assert.equal(socket.frames('SEND').length, 3);
    socket.frame({ type: 'ACK', roomId: 1, clientMsgId: sends[0].clientMsgId, messageId: 1, seq: 1 });
    assert.deepEqual(socket.frames('SEND').map((f) => f.body), ['m0', 'm1', 'm2', 'm3']);
    socket.frame({ type: 'ERROR', code: 'BAD_REQUEST', ref: sends[1].clientMsgId, message: 'no' });
    await assert.rejects(sends[1], (e) => e.code === 'BAD_REQUEST');
    assert.deepEqual(socket.frames('SEND').map((f) => f.body), ['m0', 'm1', 'm2', 'm3', 'm4']);
    client.close();
    await Promise.allSettled(sends);
  });
});
