// The client against a real server (started by the build: io.chatplatform.client.JsClientIT).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ChatClient } from '../index.js';
import {
  NO_SERVER, createRoom, history, lastRev, mintToken, record, rest, serverPort, startProxy, uniqueUser, waitFor, wsUrl,
} from './support.js';

const clients = [];
function client(userId, options = {}) {
  const c = new ChatClient({ url: wsUrl(), getToken: () => mintToken(userId), device: 'node-test', baseDelayMs: 100, maxDelayMs: 1000, ...options });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.close()));

const seqsOf = (messages) => messages.map((m) => m.seq);
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('against a real server', { skip: NO_SERVER }, () => {
  it('sends, is ACKed with gap-free seqs, and every member receives the messages once, in seq order', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const roomId = await createRoom(alice, bob);
    const a = client(alice);
    const b = client(bob);
    const aLog = record(a);
    const bLog = record(b);
    await Promise.all([a.connect(), b.connect()]);
    assert.equal(a.userId, alice);
    const acks = await Promise.all(range(1, 20).map((i) => a.send(roomId, `m${i}`, { attributes: { i } })));
    assert.deepEqual(acks.map((ack) => ack.seq), range(1, 20));
    await waitFor(() => bLog.roomMessages(roomId).length >= 20, "bob's 20 messages");
    assert.deepEqual(seqsOf(bLog.roomMessages(roomId)), range(1, 20));
    assert.deepEqual(bLog.roomMessages(roomId).map((m) => m.body), range(1, 20).map((i) => `m${i}`));
    assert.deepEqual(bLog.roomMessages(roomId)[4].attributes, { i: 5 });
    await waitFor(() => aLog.roomMessages(roomId).length >= 20, "alice's own 20 messages");
    assert.deepEqual(seqsOf(aLog.roomMessages(roomId)), range(1, 20));
    assert.equal(aLog.acks.length, 20);
    assert.deepEqual(aLog.states.slice(0, 2), ['connecting', 'open']);
  });

  it('works with an injected WebSocket constructor, and answers threads, edits, deletes and reactions', async () => {
    const alice = uniqueUser('alice');
    const roomId = await createRoom(alice);
    let constructed = 0;
    class CountingWebSocket extends globalThis.WebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        constructed += 1;
      }
    }
    const a = client(alice, { WebSocket: CountingWebSocket });
    const log = record(a);
    await a.connect();
    assert.equal(constructed, 1);
    const root = await a.send(roomId, 'root');
    const reply = await a.send(roomId, 'reply', { threadId: root.messageId });
    const updated = await a.edit(roomId, root.messageId, 'root, edited');
    assert.equal(updated.body, 'root, edited');
    const deleted = await a.delete(roomId, reply.messageId);
    assert.equal(deleted.messageId, reply.messageId);
    assert.equal(a.react(roomId, root.messageId, '👍'), true);
    await waitFor(() => log.events.some((e) => e.type === 'reaction' && e.payload.count === 1), 'the REACTION');
    await assert.rejects(a.edit(roomId, reply.messageId, 'too late'), (e) => e.code === 'CONFLICT');
    await waitFor(async () => a.rev(roomId) === await lastRev(roomId, alice), 'every change of the room');
    const revs = log.changes(roomId).map((f) => f.rev);
    assert.deepEqual(revs, [...revs].sort((x, y) => x - y));
    assert.equal(new Set(revs).size, revs.length);
    assert.ok(log.events.some((e) => e.type === 'thread_updated' && (e.payload.messageId ?? e.payload.threadId) === root.messageId));
  });

  it('drops duplicates: with a socket that hands every frame over twice, each change and ACK still comes once', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const roomId = await createRoom(alice, bob);
    class DoublingWebSocket extends globalThis.WebSocket {
      set onmessage(fn) { super.onmessage = fn ? (event) => { fn(event); fn(event); } : null; }
      get onmessage() { return super.onmessage; }
    }
    const a = client(alice, { WebSocket: DoublingWebSocket });
    const b = client(bob);
    const aLog = record(a);
    await Promise.all([a.connect(), b.connect()]);
    const mine = await Promise.all(range(1, 5).map((i) => a.send(roomId, `a${i}`)));
    const theirs = await Promise.all(range(1, 5).map((i) => b.send(roomId, `b${i}`)));
    await b.edit(roomId, theirs[0].messageId, 'b1, edited');
    await waitFor(() => aLog.events.some((e) => e.type === 'message_updated'), 'the edit');
    await waitFor(async () => a.rev(roomId) === await lastRev(roomId, alice), 'every change');
    assert.deepEqual(seqsOf(aLog.roomMessages(roomId)), range(1, 10));
    assert.equal(aLog.events.filter((e) => e.type === 'message_updated').length, 1);
    assert.deepEqual(aLog.acks.map((ack) => ack.clientMsgId), mine.map((ack) => ack.clientMsgId));
  });

  it('keeps sends made while offline in the outbox and sends them after connecting, under the same clientMsgId, stored once', async () => {
    const alice = uniqueUser('alice');
    const roomId = await createRoom(alice);
    const a = client(alice);
    const early = [a.send(roomId, 'before connecting 1'), a.send(roomId, 'before connecting 2')];
    await a.connect();
    await Promise.all(early);
    // Cut the connection right after handing SENDs to it: some are stored, some not; the resends are deduplicated.
    const cut = range(1, 10).map((i) => a.send(roomId, `around the cut ${i}`));
    a.drop();
    a.setOffline(true);
    const offline = range(1, 3).map((i) => a.send(roomId, `offline ${i}`));
    assert.ok(a.pending().length >= 3);
    a.setOffline(false);
    const acks = await Promise.all([...cut, ...offline]);
    assert.equal(new Set(acks.map((ack) => ack.messageId)).size, 13);
    const stored = await history(roomId, alice);
    assert.equal(stored.length, 15);
    assert.equal(new Set(stored.map((m) => m.clientMsgId)).size, 15);
    assert.deepEqual(stored.map((m) => m.body).filter((body) => body.startsWith('around')), range(1, 10).map((i) => `around the cut ${i}`));
    assert.deepEqual(stored.map((m) => m.seq), range(1, 15));
  });

  it('catches up by rev after a reconnect: messages, edits, deletions and reactions made while it was away', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const roomId = await createRoom(alice, bob);
    const a = client(alice);
    const b = client(bob);
    const aLog = record(a);
    await Promise.all([a.connect(), b.connect()]);
    const first = await b.send(roomId, 'one');
    const second = await b.send(roomId, 'two');
    await waitFor(() => aLog.roomMessages(roomId).length === 2, 'the first two messages');

    a.setOffline(true);
    await waitFor(() => a.state === 'offline', 'alice offline');
    await b.edit(roomId, first.messageId, 'one, edited');
    await b.delete(roomId, second.messageId);
    b.react(roomId, first.messageId, '🎉');
    await b.send(roomId, 'three');
    await waitFor(async () => (await lastRev(roomId, bob)) >= 6, 'the changes stored');
    const awayFrom = aLog.events.length;
    a.setOffline(false);

    await waitFor(async () => a.rev(roomId) === await lastRev(roomId, alice), 'alice caught up');
    const caughtUp = aLog.events.slice(awayFrom).filter((e) => e.payload && e.payload.roomId === roomId && e.info && e.info.replayed);
    const types = caughtUp.map((e) => e.type);
    assert.ok(types.includes('message_updated') || caughtUp.some((e) => e.type === 'message' && e.payload.body === 'one, edited'), `an edit in ${types}`);
    assert.ok(types.includes('message_deleted'), `a deletion in ${types}`);
    assert.ok(types.includes('reaction'), `a reaction in ${types}`);
    assert.deepEqual(caughtUp.filter((e) => e.type === 'message').map((e) => e.payload.body), ['three']);
    assert.deepEqual(seqsOf(aLog.roomMessages(roomId)), [1, 2, 3]);
    const revs = aLog.changes(roomId).map((f) => f.rev);
    assert.deepEqual(revs, [...new Set(revs)].sort((x, y) => x - y), 'each change once, in rev order');
  });

  it('refreshes a short-lived token before it expires, and the connection stays open', async () => {
    const alice = uniqueUser('alice');
    const roomId = await createRoom(alice);
    let issued = 0;
    const a = client(alice, { getToken: () => { issued += 1; return mintToken(alice, { ttlSeconds: 4 }); } });
    const log = record(a);
    await a.connect();
    await waitFor(() => log.events.filter((e) => e.type === 'refreshed').length >= 2, 'two REFRESHED', 20000);
    assert.ok(issued >= 3, `tokens asked for: ${issued}`);
    assert.deepEqual(log.states, ['connecting', 'open'], 'never disconnected');
    const ack = await a.send(roomId, 'still here');
    assert.equal(ack.seq, 1);
  });

  it('loses, doubles and reorders nothing on either side when the connection is cut mid-conversation', async () => {
    const alice = uniqueUser('alice');
    const bob = uniqueUser('bob');
    const roomId = await createRoom(alice, bob);
    const proxy = await startProxy(serverPort());
    try {
      const a = client(alice, { url: proxy.url });
      const b = client(bob, { url: proxy.url });
      const logs = [record(a), record(b)];
      // As an application does with GET /api/rooms: follow the room from its rev, so nothing after it is owed less.
      const startRev = await lastRev(roomId, alice);
      a.follow(roomId, startRev);
      b.follow(roomId, startRev);
      await Promise.all([a.connect(), b.connect()]);
      const perSide = 40;
      const sends = [[], []];
      for (let i = 1; i <= perSide; i += 1) {
        sends[0].push(a.send(roomId, `a${i}`));
        sends[1].push(b.send(roomId, `b${i}`));
        if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        if (i === perSide / 2) {
          // Mid-conversation: both sides have received some of it, some is in flight, the rest is still to be written.
          await waitFor(() => logs.every((log) => log.roomMessages(roomId).length >= 10), 'the conversation under way');
          proxy.refusing = true;
          proxy.cut();
          setTimeout(() => { proxy.refusing = false; }, 700);
        }
      }
      const acks = await Promise.all([Promise.all(sends[0]), Promise.all(sends[1])]);
      const total = 2 * perSide;
      for (const [side, log] of logs.entries()) {
        await waitFor(() => log.roomMessages(roomId).length >= total, `side ${side}: ${total} messages`)
          .catch((e) => {
            const shown = log.events.filter((ev) => ev.type !== 'ack' && ev.type !== 'message').map((ev) => `${ev.type} ${JSON.stringify(ev.payload).slice(0, 160)}`);
            throw new Error(`${e.message}; seqs ${seqsOf(log.roomMessages(roomId))}; rev ${[a, b][side].rev(roomId)}; events ${shown.join(' | ')}`);
          });
        const messages = log.roomMessages(roomId);
        assert.deepEqual(seqsOf(messages), range(1, total), `side ${side}: every message once, in seq order`);
        assert.equal(new Set(messages.map((m) => m.messageId)).size, total);
        assert.equal(log.acks.length, perSide, `side ${side}: one ACK per send`);
        assert.deepEqual(log.acks.map((ack) => ack.clientMsgId).sort(), sends[side].map((p) => p.clientMsgId).sort());
        const own = messages.filter((m) => m.senderId === [alice, bob][side]).map((m) => m.body).sort();
        assert.deepEqual(own, range(1, perSide).map((i) => `${side === 0 ? 'a' : 'b'}${i}`).sort());
        assert.ok(log.states.filter((s) => s === 'open').length >= 2, `side ${side} reconnected: ${log.states}`);
      }
      for (const side of [0, 1]) assert.equal(new Set(acks[side].map((ack) => ack.seq)).size, perSide);
      assert.ok(proxy.connections >= 4, 'both clients connected through the proxy again');
      const stored = await history(roomId, alice);
      assert.deepEqual(stored.map((m) => m.seq), range(1, total));
    } finally {
      await proxy.close();
    }
  });
});
