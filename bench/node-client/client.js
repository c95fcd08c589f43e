'use strict';
// Cross-check for chat-bench: a second load client, written apart from it on Node's `ws`, for the scenarios whose
// headline numbers matter most. It mints the same tokens (HS256, sub/role/iat/exp with CHAT_JWT_SECRET), creates
// rooms over the same REST calls and counts the same way (rates between the two edges of a measurement window,
// latency only for messages stamped inside it, every expected delivery accounted for after a drain), and writes
// JSON with chat-bench's field names, so `chat-bench report` reads both. If the two clients disagree beyond noise,
// one of them measures itself rather than the server.
//
//   CHAT_JWT_SECRET=... node client.js fanout  --url http://127.0.0.1:18150 [--rooms 1] [--members 1000]
//        [--senders 4] [--window 16] [--warmup 5s] [--duration 20s] [--drain 15s] [--body-size 64] [--server-pid PID]
//   CHAT_JWT_SECRET=... node client.js rooms   --url ... [--rooms 200] [--members 10] [--rate 2000] (open loop)
//        [--warmup 5s] [--duration 20s] [--drain 15s] [--body-size 64] [--server-pid PID]
//   CHAT_JWT_SECRET=... node client.js store   --url ... [--rooms 64] [--members 2] [--senders 1] [--window 8] ...
//   CHAT_JWT_SECRET=... node client.js connect --url http://127.0.0.1:18150 [--connections 10000]
//   CHAT_JWT_SECRET=... node client.js connections --url ... [--connections 15000] [--duration 20s] [--settle 10s]
//        [--ping-interval 10s] [--server-pid PID] (RSS per idle socket, read from /proc)
//   CHAT_JWT_SECRET=... node client.js reconnect --url ... --restart-command CMD [--clients 10000] [--members 10]
//        [--rate 500] [--before 5s] [--backoff-initial 500ms] [--backoff-max 5s] [--backoff-jitter full|0.2]
//        [--catch-up-timeout 120s] [--sync-limit 200] (CMD as chat-bench's --restart-command, run with sh -c)
//   CHAT_JWT_SECRET=... node client.js sync    --url http://127.0.0.1:18150 [--messages 8000] [--changes 2000]
//        [--renames 10] [--window 64] [--body-size 64] [--limit 200] [--repeats 5] [--warmups 1] [--server-pid PID]
//        [--room ID --reader USERID]   (catch up with a room chat-bench's sync made instead of writing one)
//   common: [--connect-concurrency 64] [--connect-timeout 15s] [--auth header|init] [--label NAME] [--json FILE]
//        [--quiet]
const crypto = require('node:crypto');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const WebSocket = require('ws');

// ---- arguments
function parseArgs(argv) {
  const positional = [];
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      const name = argv[i].slice(2);
      if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[name] = argv[++i];
      else options[name] = 'true';
    } else {
      positional.push(argv[i]);
    }
  }
  return { positional, options };
}

function millis(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(text));
  if (!m) throw new Error('not a duration: ' + text);
  return Number(m[1]) * ({ ms: 1, s: 1000, m: 60000 }[m[2] || 's']);
}

const { positional, options } = parseArgs(process.argv.slice(2));
const scenario = positional[0];
const SCENARIOS = ['fanout', 'rooms', 'store', 'connect', 'connections', 'reconnect', 'sync'];
if (!SCENARIOS.includes(scenario)) {
  console.error(`usage: node client.js ${SCENARIOS.join('|')} --url http://host:port [options] (see the top of client.js)`);
  process.exit(2);
}
const int = (name, fallback) => (options[name] === undefined ? fallback : Number.parseInt(options[name], 10));
const dur = (name, fallback) => (options[name] === undefined ? fallback : millis(options[name]));
const baseUrl = new URL(options.url || 'http://127.0.0.1:8080');
const wsUrl = `ws://${baseUrl.host}${options['ws-path'] || '/ws/chat'}`;
const label = options.label || baseUrl.host;
const quiet = options.quiet === 'true';
const serverPid = int('server-pid', -1);
const concurrency = int('connect-concurrency', 64);
const connectTimeout = dur('connect-timeout', 15000);
const auth = options.auth || 'header'; // header (Authorization: Bearer) or init (an INIT frame after opening)
if (auth !== 'header' && auth !== 'init') {
  console.error(`--auth must be header or init: ${auth}`);
  process.exit(2);
}
// Opens a socket that authenticates as --auth says: the token in the handshake's header, or in an INIT frame.
const openSocket = (token) => {
  const ws = new WebSocket(wsUrl, { headers: auth === 'header' ? { Authorization: 'Bearer ' + token } : {},
    perMessageDeflate: false, handshakeTimeout: connectTimeout });
  if (auth === 'init') ws.on('open', () => ws.send(JSON.stringify({ type: 'INIT', token, device: 'bench' })));
  return ws;
};
const secret = Buffer.from(options.secret || process.env.CHAT_JWT_SECRET || '', 'utf8');
if (secret.length < 32) {
  console.error('CHAT_JWT_SECRET (or --secret) of at least 32 bytes is required to mint tokens');
  process.exit(2);
}
const runId = 'n' + (Date.now() % 2_000_000_000).toString(36);
const log = (line) => { if (!quiet) console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`); };

// ---- tokens, as chat-bench's Tokens.java mints them (jjwt: header {"alg":"HS256"}, claims sub, role, iat, exp)
function mint(userId, ttlSeconds = 7200) {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
  const claims = Buffer.from(JSON.stringify({ sub: userId, role: 'USER', iat: now, exp: now + ttlSeconds }))
    .toString('base64url');
  const signature = crypto.createHmac('sha256', secret).update(header + '.' + claims).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

// ---- latency: log-linear buckets over microseconds (exact below 1,024 µs, then 512 sub-buckets per power of two,
// i.e. within 0.2 %), so percentiles need neither sorting nor memory per sample
class Histogram {
  constructor() { this.counts = new Float64Array(1024 + 22 * 512); this.total = 0; this.sum = 0; this.max = 0; }
  record(micros) {
    const v = Math.max(0, Math.min(0x7fffffff, Math.round(micros)));
    this.counts[Histogram.bucket(v)]++;
    this.total++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }
  static bucket(v) {
    if (v < 1024) return v;
    const e = 31 - Math.clz32(v) - 9;
    return 1024 + (e - 1) * 512 + ((v >>> e) - 512);
  }
  static highest(index) { // the largest value that falls into the bucket
    if (index < 1024) return index;
    const k = index - 1024;
    const e = Math.floor(k / 512) + 1;
    return (((k % 512) + 512 + 1) * 2 ** e) - 1;
  }
  percentile(p) {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(Histogram.highest(i), this.max);
    }
    return this.max;
  }
  summary() {
    const ms = (micros) => Math.round(micros) / 1000;
    return { count: this.total, meanMs: this.total ? ms(this.sum / this.total) : 0, p50Ms: ms(this.percentile(50)),
      p90Ms: ms(this.percentile(90)), p99Ms: ms(this.percentile(99)), p999Ms: ms(this.percentile(99.9)),
      maxMs: ms(this.max), curve: [] };
  }
}

const nowMicros = () => Math.round(performance.now() * 1000);
const round2 = (x) => Math.round(x * 100) / 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// refusals of a frame that name when to send it again (docs/protocol.md §10.2)
const RETRIED_CODES = new Set(['RATE_LIMITED', 'UNAVAILABLE']);

function serverCpuSeconds() {
  if (serverPid < 0) return -1;
  try {
    const stat = fs.readFileSync(`/proc/${serverPid}/stat`, 'ascii');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch (e) {
    return -1;
  }
}

function generatorCpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function tally(map, key) { map[key] = (map[key] || 0) + 1; }

// ---- connecting: at most `concurrency` handshakes in flight; a session is connected when READY arrives. As
// chat-bench's Connector, it gives up on the rest after 60 s + n / 50 s: a target that stopped answering (a baseline
// out of heap, its listen queue full) would otherwise take each remaining socket's connect timeout, 64 at a time.
function connectAll(sessions, onFrame, closeCodes) {
  const latency = new Histogram();
  const failures = {};
  const start = nowMicros();
  let lastReady = start;
  let next = 0;
  let done = 0;
  let ready = 0;
  let finished = false;
  return new Promise((resolve) => {
    const progress = setInterval(() => log(`connect ${ready}/${sessions.length} ready, ${done - ready} failed`), 1000);
    const giveUp = setTimeout(() => {
      if (finished) return;
      for (const session of sessions.slice(0, next)) {
        if (session.settled) continue;
        session.settled = true;
        clearTimeout(session.timer);
        session.ws.terminate();
      }
      const left = sessions.length - done;
      log(`connect: gave up on ${left} sessions at the deadline (${ready} ready)`);
      failures['not READY by the connect deadline (60 s + n / 50 s)'] = left;
      finish();
    }, (60 + Math.floor(sessions.length / 50)) * 1000);
    const finish = () => {
      finished = true;
      clearTimeout(giveUp);
      clearInterval(progress);
      const seconds = Math.max(1e-9, (lastReady - start) / 1e6);
      resolve({ connect: { attempted: sessions.length, ready, failed: sessions.length - ready,
        seconds: round2(seconds), perSecond: round2(ready / seconds) }, latency, failures });
    };
    const settle = (session, failure) => {
      if (session.settled) return;
      session.settled = true;
      clearTimeout(session.timer);
      if (failure) {
        tally(failures, failure);
        session.ws.terminate();
      } else {
        ready++;
        lastReady = nowMicros();
        latency.record(lastReady - session.began);
      }
      done++;
      if (finished) return;
      if (next < sessions.length) open(sessions[next++]);
      else if (done === sessions.length) finish();
    };
    const open = (session) => {
      session.began = nowMicros();
      const ws = openSocket(session.token);
      session.ws = ws;
      session.timer = setTimeout(() => settle(session, 'timeout waiting for READY'), connectTimeout);
      ws.on('message', (data) => {
        if (session.ready) return onFrame(session, data);
        let frame;
        try { frame = JSON.parse(data); } catch (e) { return; }
        if (frame.type === 'READY') {
          session.ready = true;
          settle(session, null);
        }
      });
      ws.on('error', (e) => settle(session, String(e.message || e).slice(0, 120)));
      ws.on('close', (code) => {
        if (!session.ready) settle(session, `closed ${code} before READY`);
        else if (closeCodes) tally(closeCodes, String(code));
      });
    };
    if (sessions.length === 0) return finish();
    while (next < Math.min(concurrency, sessions.length)) open(sessions[next++]);
  });
}

async function closeAll(sessions) {
  for (const s of sessions) if (s.ws && s.ws.readyState === WebSocket.OPEN) s.ws.close(1000);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && sessions.some((s) => s.ws && s.ws.readyState !== WebSocket.CLOSED)) await sleep(100);
  for (const s of sessions) if (s.ws) s.ws.terminate();
}

async function post(token, path, body, expected) {
  return call('POST', token, path, body, expected);
}

async function call(method, token, path, body, expected) {
  const response = await fetch(new URL(path, baseUrl), { method, body: body === undefined ? undefined
    : JSON.stringify(body), headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' } });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Creates a GROUP room owned by the first user; the contract takes at most 1,000 members at creation. */
async function createRoom(owner, memberIds, name) {
  const atCreation = memberIds.slice(0, 1000);
  const room = await post(owner.token, '/api/rooms', { name, type: 'GROUP', members: atCreation }, 201);
  for (const userId of memberIds.slice(atCreation.length)) {
    await post(owner.token, `/api/rooms/${room.id}/members`, { userId }, 201);
  }
  return room.id;
}

/**
 * Creates room r of `members` users (`users` in room order, each `members` in a row, the first the owner) for every
 * slot of `roomIds`, eight at a time, filling `roomIds` and `roomIndex` (room id -> r).
 */
async function createRooms(users, members, roomIds, roomIndex) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(8, roomIds.length) }, async () => {
    while (next < roomIds.length) {
      const r = next++;
      const inRoom = users.slice(r * members, (r + 1) * members);
      roomIds[r] = await createRoom(inRoom[0], inRoom.slice(1).map((u) => u.userId), `${runId} room ${r}`);
      roomIndex.set(roomIds[r], r);
    }
  }));
}

/** A message body: `head`, a space, then `fill` up to `size` characters. */
function padBody(head, size, fill = 'x') {
  const body = head + ' ';
  return body.length >= size ? body : body + fill.repeat(size - body.length);
}

// chat-bench's result fields; -1 where this client did not measure (a scenario assigns what it did)
function baseResult(startedAt, params, connect, connectLatency, failures) {
  return { scenario, label, target: baseUrl.origin, startedAt, client: 'node-ws ' + require('ws/package.json').version,
    params, connect, traffic: null, latency: { connect: connectLatency.summary() }, accounting: null, idle: null,
    errorFrames: {}, closeCodes: {}, connectFailures: failures,
    server: { heapBeforeBytes: -1, heapAfterBytes: -1, rssBeforeBytes: -1, rssAfterBytes: -1,
      heapPerConnectionBytes: -1, rssPerConnectionBytes: -1, cpuSecondsInWindow: -1,
      cpuMillisPerThousandDeliveries: -1, memoryMethod: 'not read by the node client' },
    generator: { cpuSecondsInWindow: -1, gcMillis: -1, clientFailures: 0, ioThreads: 1 }, notes: [] };
}

// ---- message scenarios, as chat-bench's plans of one scenario: `rooms` rooms of `members`, one socket per member.
// Closed loop (fanout, store): `senders` members of each room keep `window` SENDs unACKed. Open loop (rooms): `rate`
// SENDs a second over all rooms on a fixed schedule, message k due at t0 + k / rate from every member in turn (room
// k mod rooms), and stamped with the time it was due, so a generator that falls behind shows in the latency instead
// of hiding it.
const PLANS = {
  fanout: { rooms: 1, members: 1000, senders: 4, window: 16, rate: 0 },
  rooms: { rooms: 200, members: 10, senders: 0, window: 0, rate: 2000 },
  store: { rooms: 64, members: 2, senders: 1, window: 8, rate: 0 },
};

async function messages() {
  const defaults = PLANS[scenario];
  const plan = { rooms: int('rooms', defaults.rooms), members: int('members', defaults.members),
    senders: int('senders', defaults.senders), window: int('window', defaults.window),
    rate: Number(options.rate === undefined ? defaults.rate : options.rate),
    warmupMs: dur('warmup', 5000), durationMs: dur('duration', 20000), drainMs: dur('drain', 15000),
    bodySize: int('body-size', 64) };
  const openLoop = plan.rate > 0;
  if (plan.rooms < 1 || plan.members < 2) throw new Error('need at least 1 room of at least 2 members');
  if (!openLoop && (plan.senders < 1 || plan.senders > plan.members || plan.window < 1)) {
    throw new Error('closed loop needs 1..members senders per room and a window >= 1');
  }
  if (plan.bodySize < 24) throw new Error('--body-size must be at least 24 (it carries the send time)');
  const startedAt = new Date().toISOString();
  const sessions = [];
  for (let r = 0; r < plan.rooms; r++) {
    for (let m = 0; m < plan.members; m++) {
      const userId = `${runId}-r${r}-m${m}`;
      sessions.push({ index: sessions.length, room: r, userId, token: mint(userId), ready: false,
        seen: new Uint8Array(1024), highest: 0, unique: 0, duplicates: 0, outOfOrder: 0, invalid: 0 });
    }
  }
  const roomIds = new Array(plan.rooms).fill(-1);
  const roomIndex = new Map(); // room id -> index
  const e2e = new Histogram();
  const ackLatency = new Histogram();
  const counters = { sent: 0, acked: 0, delivered: 0, refused: 0, sendErrors: 0, unexpected: 0, duplicateAcks: 0,
    seqConflicts: 0 };
  const ackedSeqs = roomIds.map(() => new Map()); // per room: seq -> message key (sender index, number)
  const errorFrames = {};
  const closeCodes = {};
  const window = { start: Infinity, end: Infinity, sendUntil: Infinity };
  let pacerMaxLagMicros = 0;

  const send = (sender, stamp) => {
    const ws = sender.session.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) { counters.refused++; return; }
    const number = sender.next++;
    sender.sentAt.push(stamp);
    ws.send(JSON.stringify({ type: 'SEND', roomId: roomIds[sender.session.room], clientMsgId: sender.prefix + number,
      body: padBody(String(stamp), plan.bodySize) }));
    counters.sent++;
  };
  const refill = (sender) => {
    const now = nowMicros();
    if (!openLoop && now < window.sendUntil) send(sender, now);
  };

  const onFrame = (session, data) => {
    const now = nowMicros();
    let frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    switch (frame.type) {
      case 'MESSAGE': {
        if (roomIndex.get(frame.roomId) !== session.room) { counters.unexpected++; return; }
        counters.delivered++;
        received(session, frame.seq);
        const stamp = Number(frame.body.slice(0, frame.body.indexOf(' ')));
        if (stamp >= window.start && stamp < window.end) e2e.record(now - stamp);
        return;
      }
      case 'ACK': {
        const sender = session.sender;
        const number = sender && typeof frame.clientMsgId === 'string' && frame.clientMsgId.startsWith(sender.prefix)
          ? Number(frame.clientMsgId.slice(sender.prefix.length)) : -1;
        if (number < 0 || roomIndex.get(frame.roomId) !== session.room) { counters.unexpected++; return; }
        const key = sender.index * 2 ** 36 + number;
        const acked = ackedSeqs[session.room];
        const earlier = acked.get(frame.seq);
        if (earlier === undefined) { acked.set(frame.seq, key); counters.acked++; }
        else if (earlier === key) counters.duplicateAcks++;
        else counters.seqConflicts++;
        const stamp = sender.sentAt[number];
        if (stamp >= window.start && stamp < window.end) ackLatency.record(now - stamp);
        return refill(sender);
      }
      case 'ERROR':
        tally(errorFrames, frame.code);
        if (session.sender && typeof frame.ref === 'string' && frame.ref.startsWith(session.sender.prefix)) {
          counters.sendErrors++;
          refill(session.sender);
        }
        return;
      default:
    }
  };

  const received = (session, seq) => {
    if (!Number.isInteger(seq) || seq < 1 || seq > 0x7fffffff) { session.invalid++; return; }
    if (seq >= session.seen.length) {
      const grown = new Uint8Array(Math.max(seq + 1, session.seen.length * 2));
      grown.set(session.seen);
      session.seen = grown;
    }
    if (session.seen[seq]) { session.duplicates++; return; }
    session.seen[seq] = 1;
    session.unique++;
    if (seq < session.highest) session.outOfOrder++;
    else session.highest = seq;
  };

  log(`${scenario}: connecting ${sessions.length} sessions to ${wsUrl}`);
  const connected = await connectAll(sessions, onFrame, closeCodes);
  const ready = sessions.filter((s) => s.ready);
  if (ready.length === 0) throw new Error('no session became ready: ' + JSON.stringify(connected.failures));
  log(`creating ${plan.rooms} room(s) of ${plan.members} members over REST`);
  await createRooms(sessions, plan.members, roomIds, roomIndex);
  const senders = [];
  const sendersPerRoom = openLoop ? plan.members : plan.senders;
  for (let r = 0; r < plan.rooms; r++) {
    for (let m = 0; m < sendersPerRoom; m++) {
      const session = sessions[r * plan.members + m];
      const sender = { index: senders.length, session, prefix: `${runId}-${senders.length}-`, next: 0, sentAt: [] };
      session.sender = sender;
      senders.push(sender);
    }
  }
  const readyInRoom = roomIds.map(() => 0);
  for (const s of ready) readyInRoom[s.room]++;

  const snapshot = () => ({ micros: nowMicros(), sent: counters.sent, acked: counters.acked,
    delivered: counters.delivered, serverCpu: serverCpuSeconds(), generatorCpu: generatorCpuSeconds() });
  const t0 = nowMicros();
  window.start = t0 + plan.warmupMs * 1000;
  window.end = window.start + plan.durationMs * 1000;
  window.sendUntil = window.end;
  let pacer = null;
  if (openLoop) {
    // the k-th SEND comes from slot k mod senders: rooms take turns, and within a room its members do
    const bySlot = senders.map((_, slot) => senders[(slot % plan.rooms) * plan.members
      + Math.floor(slot / plan.rooms) % plan.members]);
    const interval = 1e6 / plan.rate; // µs
    let k = 0;
    pacer = new Promise((resolve) => {
      const tick = () => {
        const now = nowMicros();
        const due = Math.floor((now - t0) / interval) + 1;
        for (; k < due; k++) {
          const scheduled = t0 + Math.floor(k * interval);
          if (scheduled >= window.sendUntil) return resolve();
          send(bySlot[k % bySlot.length], scheduled);
          const lag = nowMicros() - scheduled;
          if (lag > pacerMaxLagMicros && scheduled >= window.start && scheduled < window.end) pacerMaxLagMicros = lag;
        }
        setTimeout(tick, Math.max(0, (t0 + k * interval - nowMicros()) / 1000));
      };
      tick();
    });
  } else {
    for (const sender of senders) {
      if (sender.session.ready) for (let i = 0; i < plan.window; i++) send(sender, nowMicros());
    }
  }
  let last = snapshot();
  const ticker = setInterval(() => {
    const now = snapshot();
    const seconds = (now.micros - last.micros) / 1e6;
    log(`${now.micros < window.start ? 'warmup ' : 'measure'} send ${((now.sent - last.sent) / seconds).toFixed(0)}/s`
      + `  ack ${((now.acked - last.acked) / seconds).toFixed(0)}/s`
      + `  deliver ${((now.delivered - last.delivered) / seconds).toFixed(0)}/s`);
    last = now;
  }, 1000);
  await sleep(Math.max(0, (window.start - nowMicros()) / 1000));
  const start = snapshot();
  await sleep(Math.max(0, (window.end - nowMicros()) / 1000));
  const end = snapshot();
  clearInterval(ticker);
  if (pacer) await pacer;

  // drain: every SEND answered and every ACKed message delivered to every ready member of its room, or time is up
  const notes = [];
  const unanswered = () => counters.sent - counters.acked - counters.duplicateAcks - counters.sendErrors;
  const uniqueDeliveries = () => ready.reduce((sum, s) => sum + s.unique, 0);
  const expectedFromAcks = () => ackedSeqs.reduce((sum, acked, r) => sum + acked.size * readyInRoom[r], 0);
  const drainUntil = Date.now() + plan.drainMs;
  while (unanswered() > 0 || expectedFromAcks() > uniqueDeliveries()) {
    if (Date.now() >= drainUntil) { notes.push(`drain timed out after ${plan.drainMs / 1000} s`); break; }
    await sleep(50);
  }

  // accounting: every message ACKed or seen by anyone in its room must reach every ready member of it once, in seq
  // order
  let messagesKnown = 0;
  let storedNotAcked = 0;
  let deliveriesExpected = 0;
  for (let r = 0; r < plan.rooms; r++) {
    const members = ready.filter((s) => s.room === r);
    let maxSeq = 0;
    for (const seq of ackedSeqs[r].keys()) maxSeq = Math.max(maxSeq, seq);
    for (const s of members) maxSeq = Math.max(maxSeq, s.seen.length - 1);
    const known = new Uint8Array(maxSeq + 1);
    for (const seq of ackedSeqs[r].keys()) known[seq] = 1;
    for (const s of members) {
      for (let seq = 1; seq < s.seen.length; seq++) {
        if (s.seen[seq] && !known[seq]) { known[seq] = 1; storedNotAcked++; }
      }
    }
    const inRoom = known.reduce((sum, bit) => sum + bit, 0);
    messagesKnown += inRoom;
    deliveriesExpected += inRoom * members.length;
  }
  const deliveriesReceived = uniqueDeliveries();
  const sum = (field) => ready.reduce((total, s) => total + s[field], 0);
  const seconds = (end.micros - start.micros) / 1e6;
  const deliveries = end.delivered - start.delivered;
  const serverCpu = start.serverCpu < 0 || end.serverCpu < 0 ? -1 : round2(end.serverCpu - start.serverCpu);

  const params = { rooms: plan.rooms, members: plan.members };
  if (openLoop) Object.assign(params, { rate: plan.rate, senders: 'every member in turn (open loop)' });
  else Object.assign(params, { sendersPerRoom: plan.senders, window: plan.window });
  Object.assign(params, { warmupSeconds: plan.warmupMs / 1000, durationSeconds: plan.durationMs / 1000,
    drainSeconds: plan.drainMs / 1000, bodySize: plan.bodySize });
  const result = baseResult(startedAt, params, connected.connect, connected.latency, connected.failures);
  result.traffic = { seconds: round2(seconds), sends: end.sent - start.sent,
    sendsPerSec: round2((end.sent - start.sent) / seconds), acks: end.acked - start.acked,
    acksPerSec: round2((end.acked - start.acked) / seconds), deliveries, deliveriesPerSec: round2(deliveries / seconds),
    sendsRefused: counters.refused, sendErrors: counters.sendErrors, sendsUnanswered: Math.max(0, unanswered()),
    pacerMaxLagMs: openLoop ? round2(pacerMaxLagMicros / 1000) : -1 };
  result.latency = { endToEnd: e2e.summary(), ack: ackLatency.summary(), connect: connected.latency.summary() };
  result.accounting = { messagesKnown, messagesAcked: ackedSeqs.reduce((total, acked) => total + acked.size, 0),
    storedNotAcked, deliveriesExpected, deliveriesReceived, deliveriesMissing: deliveriesExpected - deliveriesReceived,
    duplicates: sum('duplicates'), outOfOrder: sum('outOfOrder'), duplicateAcks: counters.duplicateAcks,
    seqConflicts: counters.seqConflicts, invalidSeqs: sum('invalid') };
  result.errorFrames = errorFrames;
  result.closeCodes = closeCodes;
  Object.assign(result.server, { cpuSecondsInWindow: serverCpu,
    cpuMillisPerThousandDeliveries: serverCpu < 0 || deliveries === 0 ? -1 : round2(serverCpu * 1000 / (deliveries / 1000)) });
  result.generator.cpuSecondsInWindow = round2(end.generatorCpu - start.generatorCpu);
  if (counters.unexpected > 0) notes.push(`${counters.unexpected} MESSAGE/ACK frames for rooms or ids this run did not send`);
  result.notes = notes;
  await closeAll(sessions);
  return result;
}

// ---- connect: authenticated handshakes per second, from the first attempt to the last READY
async function connect() {
  const count = int('connections', 10000);
  const startedAt = new Date().toISOString();
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const userId = `${runId}-c${i}`;
    sessions.push({ index: i, userId, token: mint(userId), ready: false });
  }
  log(`connect: ${count} authenticated handshakes to ${wsUrl}, ${concurrency} in flight`);
  const cpuBefore = serverCpuSeconds();
  const connected = await connectAll(sessions, () => {}, null);
  const cpuAfter = serverCpuSeconds();
  const result = baseResult(startedAt, { connections: count, connectConcurrency: concurrency },
    connected.connect, connected.latency, connected.failures);
  result.server.cpuSecondsInWindow = cpuBefore < 0 || cpuAfter < 0 ? -1 : round2(cpuAfter - cpuBefore);
  await closeAll(sessions);
  return result;
}

// ---- connections: `connections` authenticated sockets that only PING (each once per `ping-interval`, spread evenly)
// for `duration`; whether the target keeps them all, and the RSS they add to it (/proc/<pid>/status VmRSS read before
// connecting and `settle` after the last READY; no GC is forced: this client cannot ask a JVM for one, so compare its
// RSS with chat-bench's, not heap)
function rssBytes() {
  if (serverPid < 0) return -1;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'ascii'));
    return match ? Number(match[1]) * 1024 : -1;
  } catch (e) {
    return -1;
  }
}

async function connections() {
  const plan = { connections: int('connections', 15000), holdMs: dur('duration', 20000), settleMs: dur('settle', 10000),
    pingIntervalMs: dur('ping-interval', 10000) };
  const startedAt = new Date().toISOString();
  const sessions = [];
  for (let i = 0; i < plan.connections; i++) {
    const userId = `${runId}-c${i}`;
    sessions.push({ index: i, userId, token: mint(userId), ready: false, pingSentAt: 0 });
  }
  const pongLatency = new Histogram();
  const counts = { pings: 0, pongs: 0, dropped: 0 };
  const errorFrames = {};
  const closeCodes = {};
  let closing = false;
  const onFrame = (session, data) => {
    let frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    if (frame.type === 'PONG' && session.pingSentAt > 0) {
      pongLatency.record(nowMicros() - session.pingSentAt);
      session.pingSentAt = 0;
      counts.pongs++;
    } else if (frame.type === 'ERROR') {
      tally(errorFrames, frame.code);
    }
  };
  const rssBefore = rssBytes();
  log(`connections: opening ${plan.connections} sockets to ${wsUrl}`);
  const connected = await connectAll(sessions, onFrame, null);
  const ready = sessions.filter((s) => s.ready);
  for (const s of ready) {
    s.ws.on('close', (code) => {
      if (!closing) { counts.dropped++; tally(closeCodes, String(code)); }
    });
  }
  log(`${ready.length} ready; settling ${plan.settleMs / 1000} s before reading memory`);
  await sleep(plan.settleMs);
  const rssAfter = rssBytes();
  const cpuBefore = serverCpuSeconds();
  const generatorBefore = generatorCpuSeconds();
  const holdStart = nowMicros();
  const holdEnd = holdStart + plan.holdMs * 1000;
  const perTick = ready.length * 100 / plan.pingIntervalMs; // pings per 100 ms tick
  let credit = 0;
  let cursor = 0;
  while (nowMicros() < holdEnd) {
    for (credit += perTick; credit >= 1 && ready.length > 0; credit--) {
      const s = ready[cursor];
      cursor = (cursor + 1) % ready.length;
      if (s.ws.readyState === WebSocket.OPEN && s.pingSentAt === 0) {
        s.pingSentAt = nowMicros();
        s.ws.send('{"type":"PING"}');
        counts.pings++;
      }
    }
    await sleep(100);
  }
  const graceUntil = Date.now() + 2000;
  while (counts.pongs < counts.pings && Date.now() < graceUntil) await sleep(100);
  const holdSeconds = (nowMicros() - holdStart) / 1e6;
  const cpuAfter = serverCpuSeconds();
  const stillOpen = ready.filter((s) => s.ws.readyState === WebSocket.OPEN).length;
  const perConnection = rssBefore < 0 || rssAfter < 0 || ready.length === 0 ? -1
    : Math.round((rssAfter - rssBefore) / ready.length);
  const result = baseResult(startedAt, { connections: plan.connections, holdSeconds: plan.holdMs / 1000,
    settleSeconds: plan.settleMs / 1000, pingIntervalSeconds: plan.pingIntervalMs / 1000 }, connected.connect,
  connected.latency, connected.failures);
  result.latency = { connect: connected.latency.summary(), pong: pongLatency.summary() };
  result.idle = { held: ready.length, stillOpen, dropped: counts.dropped, pings: counts.pings, pongs: counts.pongs,
    pongsMissing: counts.pings - counts.pongs, holdSeconds: round2(holdSeconds) };
  result.errorFrames = errorFrames;
  result.closeCodes = closeCodes;
  Object.assign(result.server, { rssBeforeBytes: rssBefore, rssAfterBytes: rssAfter,
    rssPerConnectionBytes: perConnection,
    cpuSecondsInWindow: cpuBefore < 0 || cpuAfter < 0 ? -1 : round2(cpuAfter - cpuBefore),
    memoryMethod: `RSS: /proc/<pid>/status VmRSS before connecting and ${plan.settleMs / 1000} s after the last READY;`
      + ' heap not read (no forced GC from this client)' });
  result.generator.cpuSecondsInWindow = round2(generatorCpuSeconds() - generatorBefore);
  closing = true;
  await closeAll(sessions);
  return result;
}

// ---- sync: a reader that has seen nothing catches up with a room of `messages` messages and `changes` other changes
// (edits of earlier messages, `renames` renames), by rev (SYNC afterRev → CHANGES) and by seq (SYNC afterSeq →
// HISTORY), page by page until hasMore is false; `warmups` unmeasured rounds, then `repeats` measured ones, the two
// ways taking turns. Each catch-up is applied (a body per message, the room's name) and checked: by rev it ends at
// the room's lastRev, both hold every seq once with its latest body (as the writer's own answers say; with --room,
// as the other way says), by rev the latest name.
async function sync() {
  const plan = { messages: int('messages', 8000), changes: int('changes', 2000), renames: int('renames', 10),
    window: int('window', 64), bodySize: int('body-size', 64), limit: int('limit', 200), repeats: int('repeats', 5),
    warmups: int('warmups', 1), catchUpTimeoutMs: dur('catch-up-timeout', 120000) };
  plan.edits = plan.changes - plan.renames;
  const startedAt = new Date().toISOString();
  const pad = (head, fill) => padBody(head, plan.bodySize, fill);
  const errorFrames = {};
  const connectLatency = new Histogram();
  const t0 = nowMicros();
  let roomId = options.room === undefined ? -1 : Number(options.room);
  let truth = null; // { messageIdBySeq, bodies: Map messageId -> body, name }
  let writeSeconds = -1;

  if (roomId < 0) {
    const writer = { index: 0, userId: `${runId}-writer`, ready: false };
    writer.token = mint(writer.userId);
    const w = { inFlight: 0, waiter: null, acked: [], messageIdBySeq: new Array(plan.messages + 1).fill(-1),
      bodies: new Map(), bodyRevs: new Map(), sent: new Map(), ackCount: 0, editsConfirmed: 0, errors: 0 };
    const release = () => { w.inFlight--; const waiter = w.waiter; w.waiter = null; if (waiter) waiter(); };
    const slot = async () => {
      while (w.inFlight >= plan.window) await new Promise((resolve) => { w.waiter = resolve; });
      w.inFlight++;
    };
    const onWriterFrame = (session, data) => {
      const frame = JSON.parse(data);
      if (frame.type === 'ACK') {
        const body = w.sent.get(frame.clientMsgId);
        w.sent.delete(frame.clientMsgId);
        if (body === undefined || frame.roomId !== roomId) { w.errors++; tally(errorFrames, 'unexpected ACK'); }
        else {
          w.messageIdBySeq[frame.seq] = frame.messageId;
          w.acked.push(frame.messageId);
          if (!w.bodies.has(frame.messageId)) w.bodies.set(frame.messageId, body);
          w.ackCount++;
        }
        release();
      } else if (frame.type === 'MESSAGE_UPDATED') {
        w.editsConfirmed++;
        if (frame.rev > (w.bodyRevs.get(frame.messageId) ?? -1)) {
          w.bodyRevs.set(frame.messageId, frame.rev);
          w.bodies.set(frame.messageId, frame.body);
        }
        release();
      } else if (frame.type === 'ERROR') {
        w.errors++;
        tally(errorFrames, `${frame.code} (${frame.ref})`);
        release();
      }
    };
    const began = nowMicros();
    const connected = await connectAll([writer], onWriterFrame, null);
    if (!writer.ready) throw new Error('the writer did not connect: ' + JSON.stringify(connected.failures));
    connectLatency.record(nowMicros() - began);
    roomId = (await post(writer.token, '/api/rooms', { name: runId + ' sync room', type: 'GROUP',
      members: [`${runId}-reader`] }, 201)).id;
    options.reader = `${runId}-reader`;
    log(`sync: room ${roomId}: posting ${plan.messages} messages with ${plan.edits} edits and ${plan.renames} renames`
      + ` among them, ${plan.window} unanswered at most`);
    const writeStart = nowMicros();
    let edits = 0;
    let renames = 0;
    let name = null;
    let nextLine = Date.now() + 1000;
    for (let k = 1; k <= plan.messages; k++) {
      await slot();
      const clientMsgId = `${runId}-s${k}`;
      const body = pad('m' + k, 'x');
      w.sent.set(clientMsgId, body);
      writer.ws.send(JSON.stringify({ type: 'SEND', roomId, clientMsgId, body }));
      for (; edits < Math.floor(k * plan.edits / plan.messages); edits++) {
        while (w.acked.length === 0) await sleep(1);
        const target = w.acked[Math.floor(Math.random() * w.acked.length)];
        await slot();
        writer.ws.send(JSON.stringify({ type: 'EDIT', roomId, messageId: target,
          body: pad(`e${edits + 1} of ${target}`, 'y') }));
      }
      for (; renames < Math.floor(k * plan.renames / plan.messages); renames++) {
        name = `${runId} sync room, name ${renames + 1}`;
        await call('PATCH', writer.token, `/api/rooms/${roomId}`, { name }, 200);
      }
      if (Date.now() >= nextLine) {
        nextLine += 1000;
        log(`write posted ${k}/${plan.messages} (ACKed ${w.ackCount}), edits ${edits} (confirmed ${w.editsConfirmed}),`
          + ` renames ${renames}`);
      }
    }
    const deadline = Date.now() + 60000;
    while (w.inFlight > 0 && Date.now() < deadline) await sleep(5);
    if (w.inFlight > 0 || w.errors > 0 || w.ackCount !== plan.messages || w.editsConfirmed !== plan.edits) {
      throw new Error(`the room's history is not what was asked: ACKed ${w.ackCount}, edits confirmed`
        + ` ${w.editsConfirmed}, unanswered ${w.inFlight}, errors ${JSON.stringify(errorFrames)}`);
    }
    writeSeconds = (nowMicros() - writeStart) / 1e6;
    truth = { messageIdBySeq: w.messageIdBySeq, bodies: w.bodies, name };
    await closeAll([writer]);
  }
  if (!options.reader) throw new Error('--room needs --reader (the userId of a member, e.g. <runId>-reader)');

  // ---- the reader
  const reader = { index: 1, userId: options.reader, ready: false };
  reader.token = mint(reader.userId);
  const room = await call('GET', reader.token, `/api/rooms/${roomId}`, undefined, 200);
  log(`${writeSeconds >= 0 ? `written in ${writeSeconds.toFixed(1)} s: ` : ''}lastSeq ${room.lastSeq}, lastRev`
    + ` ${room.lastRev}; catching up ${plan.warmups} + ${plan.repeats} times each way, SYNC limit ${plan.limit}`);
  let current = null;
  const send = (after) => {
    current.syncs++;
    reader.ws.send(JSON.stringify(current.mode === 'byRev' ? { type: 'SYNC', roomId, afterRev: after, limit: plan.limit }
      : { type: 'SYNC', roomId, afterSeq: after, limit: plan.limit }));
  };
  const applyMessage = (c, m) => {
    c.messages++;
    if (!(m.seq >= 1) || c.seqs.has(m.seq)) c.duplicates++;
    else c.seqs.set(m.seq, m.messageId);
    c.bodies.set(m.messageId, m.body);
  };
  const onReaderFrame = (session, data) => {
    const c = current;
    if (!c || c.done) return;
    c.bytes += data.length;
    const frame = JSON.parse(data);
    if (frame.type === 'ERROR') { c.fail(new Error(`SYNC answered ERROR ${frame.code} (${frame.ref})`)); return; }
    if (frame.type === 'CHANGES' && c.mode === 'byRev' && frame.roomId === roomId) {
      for (const change of frame.changes) {
        c.entries++;
        if (change.rev <= c.lastRev) c.outOfOrder++;
        c.lastRev = Math.max(c.lastRev, change.rev);
        if (change.type === 'MESSAGE') applyMessage(c, change);
        else if (change.type === 'MESSAGE_UPDATED') c.bodies.set(change.messageId, change.body);
        else if (change.type === 'ROOM_UPDATED') c.name = change.name;
        else c.unexpected++;
      }
      c.reached = frame.rev;
      if (frame.hasMore) send(frame.rev); else c.finish();
    } else if (frame.type === 'HISTORY' && c.mode === 'bySeq' && frame.roomId === roomId) {
      for (const m of frame.messages) {
        c.entries++;
        if (m.seq !== c.reached + 1) c.outOfOrder++;
        c.reached = Math.max(c.reached, m.seq);
        applyMessage(c, m);
      }
      if (frame.hasMore) send(c.reached); else c.finish();
    } else if (frame.type === 'CHANGES' || frame.type === 'HISTORY') {
      c.unexpected++;
    }
  };
  const began = nowMicros();
  const connected = await connectAll([reader], onReaderFrame, null);
  if (!reader.ready) throw new Error('the reader did not connect: ' + JSON.stringify(connected.failures));
  connectLatency.record(nowMicros() - began);
  const connect = { attempted: truth ? 2 : 1, ready: truth ? 2 : 1, failed: 0, seconds: round2((nowMicros() - t0) / 1e6),
    perSecond: 0 };

  const catchUp = (mode) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => { current.done = true; reject(new Error(`${mode} catch-up timed out`)); },
      plan.catchUpTimeoutMs);
    current = { mode, syncs: 0, entries: 0, messages: 0, bytes: 0, reached: 0, lastRev: 0, outOfOrder: 0,
      duplicates: 0, unexpected: 0, seqs: new Map(), bodies: new Map(), name: null, done: false,
      start: performance.now(),
      finish() { this.ms = performance.now() - this.start; this.done = true; clearTimeout(timer); resolve(this); },
      fail(e) { this.done = true; clearTimeout(timer); reject(e); } };
    send(0);
  });
  // what a catch-up got wrong: against the writer's answers, or (--room) against the other way's last catch-up
  const check = (c, reference) => {
    const problems = [];
    if (c.outOfOrder) problems.push(`${c.outOfOrder} entries out of order`);
    if (c.duplicates) problems.push(`${c.duplicates} messages received twice (or with an invalid seq)`);
    if (c.unexpected) problems.push(`${c.unexpected} frames or entries of a kind or room this run did not make`);
    const expected = c.mode === 'byRev' ? room.lastRev : room.lastSeq;
    if (c.reached !== expected) problems.push(`reached ${c.reached}, the room is at ${expected}`);
    if (c.seqs.size !== room.lastSeq || Math.max(0, ...c.seqs.keys()) !== room.lastSeq) {
      problems.push(`${room.lastSeq - c.seqs.size} of seqs 1..${room.lastSeq} missing`);
    }
    const ref = truth || reference;
    if (ref) {
      let wrong = 0;
      for (let seq = 1; seq <= room.lastSeq; seq++) {
        const id = ref.messageIdBySeq[seq];
        if (c.seqs.get(seq) !== id || ref.bodies.get(id) !== c.bodies.get(id)) wrong++;
      }
      if (wrong) problems.push(`${wrong} messages with a body other than their latest or a wrong seq`);
      if (c.mode === 'byRev' && truth && truth.name !== null && c.name !== truth.name) {
        problems.push(`room name ${c.name}, expected ${truth.name}`);
      }
    }
    return problems;
  };
  const modes = ['byRev', 'bySeq'];
  const measured = { byRev: [], bySeq: [] };
  const problems = { byRev: [], bySeq: [] };
  const last = {};
  const generatorCpu = generatorCpuSeconds();
  for (let round = -plan.warmups; round < plan.repeats; round++) {
    for (const mode of modes) {
      const cpuBefore = serverCpuSeconds();
      const c = await catchUp(mode);
      const cpuAfter = serverCpuSeconds();
      const other = last[mode === 'byRev' ? 'bySeq' : 'byRev'];
      const found = check(c, other ? { messageIdBySeq: [-1, ...Array.from({ length: room.lastSeq },
        (_, i) => other.seqs.get(i + 1))], bodies: other.bodies } : null);
      problems[mode].push(...found);
      last[mode] = c;
      log(`${mode} ${round < 0 ? 'warm-up' : 'round ' + (round + 1)}: ${c.ms.toFixed(1)} ms, ${c.syncs} SYNCs,`
        + ` ${c.entries} entries, ${c.bytes} bytes${found.length ? ', PROBLEMS ' + JSON.stringify(found) : ''}`);
      if (round >= 0) {
        measured[mode].push({ c, cpuMs: cpuBefore < 0 || cpuAfter < 0 ? -1 : (cpuAfter - cpuBefore) * 1000 });
      }
    }
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length;
    return n === 0 ? -1 : n % 2 ? s[(n - 1) / 2] : round2((s[n / 2 - 1] + s[n / 2]) / 2); };
  const result = baseResult(startedAt, { messages: plan.messages, changes: plan.changes, edits: plan.edits,
    renames: plan.renames, limit: plan.limit, repeats: plan.repeats, warmups: plan.warmups, window: plan.window,
    bodySize: plan.bodySize, roomId, lastSeq: room.lastSeq, lastRev: room.lastRev, writeSeconds: round2(writeSeconds),
    writtenBy: truth ? 'node client' : 'another client (--room)' }, connect, connectLatency, connected.failures);
  result.catchUp = {};
  let serverCpu = 0;
  for (const mode of modes) {
    const runs = measured[mode];
    const ms = runs.map((r) => round2(r.c.ms));
    const cpu = runs.map((r) => r.cpuMs).filter((x) => x >= 0).map(round2);
    const l = runs[runs.length - 1].c;
    const distinct = [...new Set(problems[mode])];
    result.catchUp[mode] = { repeats: runs.length, roundsMs: ms, medianMs: median(ms), minMs: Math.min(...ms),
      maxMs: Math.max(...ms), syncs: l.syncs, entries: l.entries, messages: l.messages, bytes: l.bytes,
      serverCpuMs: cpu, serverCpuMedianMs: cpu.length ? median(cpu) : -1, reached: l.reached,
      expected: mode === 'byRev' ? room.lastRev : room.lastSeq, problems: problems[mode].length,
      problemSamples: distinct.slice(0, 5) };
    serverCpu = serverCpu < 0 || cpu.length < runs.length ? -1 : serverCpu + cpu.reduce((a, b) => a + b, 0) / 1000;
  }
  const r = result.catchUp.byRev;
  const q = result.catchUp.bySeq;
  result.notes = [`by rev replays ${r.entries} changes of the room's ${room.lastRev} (${r.messages} messages as they`
    + ` are now, ${r.entries - r.messages} edits and renames; ${room.lastRev - r.entries} left out because their`
    + ` message came in the same page) in ${r.syncs} SYNCs; by seq reads ${q.entries} messages as they are now in`
    + ` ${q.syncs} SYNCs: from 0 they show the edits too, but not the renames, and a reader that had seen some`
    + ` messages gets none of the later edits of those`,
  `by rev / by seq: time ${(r.medianMs / q.medianMs).toFixed(2)}x, SYNC round trips ${(r.syncs / q.syncs).toFixed(2)}x,`
    + ` bytes ${(r.bytes / q.bytes).toFixed(2)}x` + (r.serverCpuMedianMs > 0 && q.serverCpuMedianMs > 0
    ? `, server CPU ${(r.serverCpuMedianMs / q.serverCpuMedianMs).toFixed(2)}x` : '')];
  result.errorFrames = errorFrames;
  Object.assign(result.server, { cpuSecondsInWindow: serverCpu < 0 ? -1 : round2(serverCpu),
    memoryMethod: 'not read by the node client; CPU from /proc/<pid>/stat around each measured catch-up, summed' });
  result.generator.cpuSecondsInWindow = round2(generatorCpuSeconds() - generatorCpu);
  await closeAll([reader]);
  return result;
}

// ---- reconnect: a server restart as clients live it (chat-bench's `reconnect`, written apart from it). `clients`
// users in rooms of `members`, all connected, while a poster posts `rate` SENDs a second through whichever member of
// each room is READY; `restart-command` (sh -c) drops them all; each comes back on its own with exponential backoff
// and jitter (a 503's Retry-After waited at least), SYNCs its room by seq from its watermark (paging while `hasMore`,
// again whenever a live frame shows a gap) and keeps the live frames that race the SYNC once. Posting goes on
// through members already back until every client is READY; the run ends when every client holds every seq of its
// room (from ACKs and every frame anyone saw), or at the catch-up timeout; what is missing then is loss.
function backoffDelayMs(plan, attempt, retryAfterMs) {
  let ceiling = plan.backoffInitialMs;
  for (let i = 1; i < attempt && ceiling < plan.backoffMaxMs; i++) ceiling *= 2;
  ceiling = Math.min(ceiling, plan.backoffMaxMs);
  const random = Math.random();
  const delay = plan.jitter === null ? ceiling * random : ceiling * (1 + plan.jitter * (2 * random - 1));
  return retryAfterMs === null || delay >= retryAfterMs ? delay : retryAfterMs + plan.backoffInitialMs * random;
}

async function reconnect() {
  const plan = { clients: int('clients', 10000), members: int('members', 10),
    rate: Number(options.rate === undefined ? 500 : options.rate), beforeMs: dur('before', 5000),
    restartCommand: options['restart-command'], backoffInitialMs: dur('backoff-initial', 500),
    backoffMaxMs: dur('backoff-max', 5000),
    jitter: (options['backoff-jitter'] || 'full') === 'full' ? null : Number(options['backoff-jitter']),
    catchUpTimeoutMs: dur('catch-up-timeout', 120000), syncLimit: int('sync-limit', 200),
    bodySize: int('body-size', 64) };
  if (plan.clients < plan.members || plan.clients % plan.members !== 0) {
    throw new Error(`--clients must be a multiple of --members: ${plan.clients}, ${plan.members}`);
  }
  if (!plan.restartCommand) throw new Error('reconnect needs --restart-command (as chat-bench\'s: see its --help)');
  if (plan.jitter !== null && !(plan.jitter >= 0 && plan.jitter < 1)) {
    throw new Error('--backoff-jitter must be full or in [0, 1)');
  }
  const rooms = plan.clients / plan.members;
  const startedAt = new Date().toISOString();
  const clients = [];
  const sessions = [];
  for (let i = 0; i < plan.clients; i++) {
    const userId = `${runId}-r${Math.floor(i / plan.members)}-m${i % plan.members}`;
    const token = mint(userId);
    clients.push({ index: i, room: Math.floor(i / plan.members), userId, token, ws: null, ready: false,
      syncing: false, dropped: false, failuresInRow: 0, attempts: 0, readyAfterDrop: 0,
      held: new Set(), live: new Set(), watermark: 0, lastAdvance: 0 });
    sessions.push({ index: i, userId, token, ready: false });
  }
  // every message of each room that anyone learnt of, by seq: the last seq is what every member must reach
  const logs = Array.from({ length: rooms }, () => ({ bySeq: new Map(), lastSeq: 0, conflicts: 0 }));
  const record = (room, seq, clientMsgId) => {
    if (!(seq >= 1)) return;
    const roomLog = logs[room];
    roomLog.lastSeq = Math.max(roomLog.lastSeq, seq);
    const id = typeof clientMsgId === 'string' ? clientMsgId : '';
    const known = roomLog.bySeq.get(seq);
    if (known === undefined) roomLog.bySeq.set(seq, id);
    else if (known !== id) roomLog.conflicts++;
  };
  const counts = { syncs: 0, pages: 0, duplicatesLive: 0, duplicatesSynced: 0, invalidSeqs: 0, foreign: 0,
    sendErrors: 0 };
  const errorFrames = {};
  const closeCodes = {};
  const attemptFailures = {};
  const roomIds = new Array(rooms).fill(-1);
  const roomIndex = new Map();
  let restartAt = 0;
  let dropAt = 0;
  let stopping = false;
  let syncAnswered = null; // resolves true on a HISTORY, false on a SYNC's ERROR

  // what a member holds of its room: 1..watermark, and whatever came beyond a gap
  const receive = (client, seq, fromLive, now) => {
    if (!Number.isInteger(seq) || seq < 1 || seq >= 0x7fffffff) { counts.invalidSeqs++; return; }
    const liveBefore = client.live.has(seq);
    if (fromLive) client.live.add(seq);
    if (client.held.has(seq)) {
      if (fromLive && liveBefore) counts.duplicatesLive++; else counts.duplicatesSynced++;
      return;
    }
    client.held.add(seq);
    if (seq === client.watermark + 1) {
      while (client.held.has(client.watermark + 1)) client.watermark++;
      client.lastAdvance = now;
    }
  };
  const hasGap = (client) => client.held.size > client.watermark;
  const missing = (client, lastSeq) => {
    let n = 0;
    for (let seq = 1; seq <= lastSeq; seq++) if (!client.held.has(seq)) n++;
    return n;
  };
  const sync = (client) => {
    client.syncing = true;
    counts.syncs++;
    client.ws.send(JSON.stringify({ type: 'SYNC', roomId: roomIds[client.room], afterSeq: client.watermark,
      limit: plan.syncLimit }));
  };
  const caughtUp = (client) => client.ready && (!client.dropped || client.readyAfterDrop !== 0)
    && client.watermark >= logs[client.room].lastSeq;

  // the poster: one SEND per turn, room after room, through a READY member; at most a second's worth unanswered
  const poster = { pending: new Map(), cutOff: new Set(), turns: 0, skipped: 0, capped: 0, refused: 0,
    measureFrom: Infinity, ackLatency: new Histogram(), prefix: `${runId}-p`, stop: false,
    maxInFlight: Math.max(1, Math.ceil(plan.rate)) };
  const turnOf = (clientMsgId) => (typeof clientMsgId === 'string' && clientMsgId.startsWith(poster.prefix)
    ? Number(clientMsgId.slice(poster.prefix.length)) : -1);
  const postTurn = () => {
    if (poster.pending.size >= poster.maxInFlight) { poster.capped++; return; }
    const turn = poster.turns++;
    const room = turn % rooms;
    const offset = Math.floor(turn / rooms);
    let sender = null;
    for (let i = 0; i < plan.members && sender === null; i++) {
      const candidate = clients[room * plan.members + (offset + i) % plan.members];
      if (candidate.ready) sender = candidate;
    }
    if (sender === null) { poster.skipped++; return; }
    const id = poster.prefix + turn;
    if (sender.ws.readyState !== WebSocket.OPEN) { poster.refused++; return; }
    poster.pending.set(id, { ws: sender.ws, at: nowMicros() });
    sender.ws.send(JSON.stringify({ type: 'SEND', roomId: roomIds[room], clientMsgId: id,
      body: padBody(String(turn), plan.bodySize) }));
  };
  const posting = new Promise((resolve) => {
    const interval = 1000 / plan.rate;
    let next = performance.now();
    const tick = () => {
      if (poster.stop) return resolve();
      const now = performance.now();
      if (now - next > 1000) next = now; // stalled: do not burst to make up for it
      while (next <= now) { next += interval; postTurn(); }
      setTimeout(tick, Math.max(0, next - performance.now()));
    };
    poster.start = () => tick();
  });

  const onFrame = (client, ws, data) => {
    const now = nowMicros();
    let frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    const room = roomIndex.get(frame.roomId);
    switch (frame.type) {
      case 'MESSAGE':
        if (room !== client.room) { counts.foreign++; return; }
        record(room, frame.seq, frame.clientMsgId);
        if (client.ws !== ws) return;
        receive(client, frame.seq, true, now);
        if (!client.syncing && hasGap(client)) sync(client);
        return;
      case 'HISTORY': {
        if (syncAnswered) syncAnswered(true);
        counts.pages++;
        if (room !== client.room) { counts.foreign++; return; }
        for (const m of frame.messages) record(room, m.seq, m.clientMsgId);
        if (client.ws !== ws) return;
        const before = client.watermark;
        for (const m of frame.messages) receive(client, m.seq, false, now);
        // a page that did not move the watermark cannot fill the gap: the seq is missing on the server too
        if (client.watermark > before && (frame.hasMore || hasGap(client))) sync(client);
        else client.syncing = false;
        return;
      }
      case 'ACK': {
        const sent = poster.pending.get(frame.clientMsgId);
        if (sent) {
          poster.pending.delete(frame.clientMsgId);
          if (turnOf(frame.clientMsgId) >= poster.measureFrom) poster.ackLatency.record(now - sent.at);
        }
        record(client.room, frame.seq, frame.clientMsgId);
        return;
      }
      case 'ERROR':
        tally(errorFrames, frame.code);
        if (frame.ref === 'SYNC') {
          if (syncAnswered) syncAnswered(false);
          if (RETRIED_CODES.has(frame.code) && !stopping && client.ws === ws) {
            // refused, nothing read: the same SYNC again after retryAfterMs, as the SDKs do; the client stays
            // syncing meanwhile, so a live gap does not send a second one
            const delay = Number.isFinite(frame.retryAfterMs) && frame.retryAfterMs > 0 ? frame.retryAfterMs : 1000;
            setTimeout(() => { if (client.ws === ws && client.ready && !stopping) sync(client); }, delay);
          } else {
            client.syncing = false;
          }
        } else if (typeof frame.ref === 'string' && poster.pending.delete(frame.ref)) {
          counts.sendErrors++;
        }
        return;
      default:
    }
  };

  const schedule = (client, attempt, retryAfterMs = null) => {
    if (!stopping) setTimeout(() => attemptConnect(client), backoffDelayMs(plan, attempt, retryAfterMs));
  };
  const onClosed = (client, ws, code) => {
    for (const [id, sent] of poster.pending) {
      if (sent.ws === ws) { poster.pending.delete(id); poster.cutOff.add(id); }
    }
    if (stopping || client.ws !== ws) return;
    client.ready = false;
    client.syncing = false;
    client.failuresInRow = 0;
    if (restartAt) {
      // dropped again (the old process may take clients back while it shuts down): only the last READY counts
      client.dropped = true;
      client.readyAfterDrop = 0;
      if (!dropAt) dropAt = nowMicros();
    }
    tally(closeCodes, String(code));
    schedule(client, 1);
  };
  const attemptConnect = (client) => {
    if (stopping) return;
    const ws = openSocket(client.token);
    client.ws = ws;
    client.attempts++;
    const attempt = { settled: false, ready: false };
    const timer = setTimeout(() => fail('timeout waiting for READY', null), connectTimeout);
    const fail = (reason, retryAfterMs) => {
      if (attempt.settled) return;
      attempt.settled = true;
      clearTimeout(timer);
      tally(attemptFailures, 'reconnect: ' + reason);
      ws.terminate();
      if (client.ws === ws) schedule(client, ++client.failuresInRow + 1, retryAfterMs);
    };
    ws.on('unexpected-response', (request, response) => { // ws.terminate() in fail() aborts the request
      const seconds = Number.parseInt(response.headers['retry-after'], 10);
      fail(`HTTP ${response.statusCode}`, Number.isInteger(seconds) ? seconds * 1000 : null);
    });
    ws.on('message', (data) => {
      if (attempt.ready) return onFrame(client, ws, data);
      let frame;
      try { frame = JSON.parse(data); } catch (e) { return; }
      if (frame.type !== 'READY' || attempt.settled) return;
      attempt.settled = true;
      attempt.ready = true;
      clearTimeout(timer);
      if (client.ws !== ws) return;
      client.ready = true;
      client.failuresInRow = 0;
      if (client.dropped) client.readyAfterDrop = nowMicros();
      sync(client);
    });
    ws.on('error', (e) => fail(String(e.message || e).slice(0, 120), null));
    ws.on('close', (code) => {
      if (attempt.ready) onClosed(client, ws, code);
      else fail(`closed ${code} before READY`, null);
    });
  };

  log(`reconnect: connecting ${plan.clients} clients to ${wsUrl}`);
  const connected = await connectAll(sessions, (session, data) => onFrame(clients[session.index], session.ws, data),
    null);
  if (connected.connect.ready < plan.clients) {
    throw new Error(`only ${connected.connect.ready} of ${plan.clients} clients became ready`
      + ` (${JSON.stringify(connected.failures)}): the restart must drop every one`);
  }
  for (const session of sessions) {
    const client = clients[session.index];
    client.ws = session.ws;
    client.ready = true;
    session.ws.on('close', (code) => onClosed(client, session.ws, code));
  }
  log(`creating ${rooms} rooms of ${plan.members} members over REST`);
  await createRooms(clients, plan.members, roomIds, roomIndex);
  // the Node baseline answers SYNC with ERROR: the scenario means nothing there
  const probe = new Promise((resolve) => { syncAnswered = resolve; setTimeout(() => resolve(false), 10000); });
  sync(clients[0]);
  if (!(await probe)) {
    throw new Error(`the target does not answer SYNC with HISTORY (errors: ${JSON.stringify(errorFrames)}):`
      + ' reconnect needs a server that keeps history');
  }
  syncAnswered = null;
  clients[0].syncing = false;
  counts.syncs = 0; // the probe's SYNC is not one of the run's (its page is counted, as chat-bench counts it)

  log(`posting ${plan.rate} msg/s for ${plan.beforeMs / 1000} s, then running the restart command`);
  poster.start();
  await sleep(plan.beforeMs);
  const firstTurnAfter = poster.turns;
  poster.measureFrom = firstTurnAfter;
  restartAt = nowMicros();
  const restart = require('node:child_process').spawn('sh', ['-c', 'exec 1>&2\n' + plan.restartCommand],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const restartExit = new Promise((resolve) => {
    restart.on('exit', (code) => resolve({ code: code === null ? -1 : code, at: nowMicros() }));
    restart.on('error', () => resolve({ code: -1, at: nowMicros() }));
  });
  let restartEnd = null;
  restartExit.then((end) => { restartEnd = end; });

  const waitFor = async (phase, done, deadline) => {
    let nextLine = Date.now() + 1000;
    while (!done() && nowMicros() < deadline) {
      await sleep(20);
      if (Date.now() >= nextLine) {
        nextLine += 1000;
        log(`${phase} ${((nowMicros() - dropAt) / 1e6).toFixed(1)} s after the drop: ready`
          + ` ${clients.filter((c) => c.ready).length}/${plan.clients}  caught up ${clients.filter(caughtUp).length}`
          + `  SENDs pending ${poster.pending.size}  connect attempts ${clients.reduce((n, c) => n + c.attempts, 0)}`);
      }
    }
  };
  const giveUp = restartAt + 60e6;
  while (!dropAt) {
    if (restartEnd && restartEnd.code !== 0) {
      throw new Error(`the restart command failed with exit status ${restartEnd.code} before any connection dropped`);
    }
    if (nowMicros() > giveUp) throw new Error('no connection dropped within 60 s of the restart command');
    await sleep(10);
  }
  log(`dropped ${((dropAt - restartAt) / 1e6).toFixed(2)} s after the restart command started`);
  const deadline = dropAt + plan.catchUpTimeoutMs * 1000;
  // the old process may take clients back while it shuts down; only sockets to the restarted one count
  await waitFor('restart', () => restartEnd !== null, deadline);
  if (!restartEnd || restartEnd.code !== 0) {
    throw new Error(restartEnd ? `the restart command failed with exit status ${restartEnd.code}`
      : 'the restart command did not end within --catch-up-timeout');
  }
  await waitFor('back', () => clients.every((c) => c.ready), deadline);
  poster.stop = true;
  await posting;
  log('every client is READY again (or time is up): posting stopped');
  const openSocketAwaited = () => [...poster.pending.values()].some((s) => s.ws.readyState === WebSocket.OPEN);
  await waitFor('acks', () => !openSocketAwaited(), Math.min(deadline, nowMicros() + 10e6));
  await waitFor('catch-up', () => clients.every(caughtUp), deadline);
  stopping = true;

  // the result, as chat-bench's ReconnectResult builds it
  const reconnectLatency = new Histogram();
  const catchUpLatency = new Histogram();
  const attempts = {};
  let dropped = 0;
  let reconnected = 0;
  let caught = 0;
  let firstBack = Infinity;
  let lastBack = -Infinity;
  let lastCaughtUp = -Infinity;
  let lost = 0;
  let missingNotBack = 0;
  for (const client of clients) {
    const lastSeq = logs[client.room].lastSeq;
    // a client not back has not SYNCed yet: what it misses is not lost, only not fetched
    if (client.ready) lost += missing(client, lastSeq); else missingNotBack += missing(client, lastSeq);
    if (client.dropped) {
      dropped++;
      tally(attempts, String(client.attempts));
      if (client.readyAfterDrop !== 0) {
        reconnected++;
        reconnectLatency.record(client.readyAfterDrop - dropAt);
        firstBack = Math.min(firstBack, client.readyAfterDrop);
        lastBack = Math.max(lastBack, client.readyAfterDrop);
      }
    }
    if (caughtUp(client)) {
      caught++;
      const at = Math.max(dropAt, client.readyAfterDrop, client.lastAdvance);
      catchUpLatency.record(at - dropAt);
      lastCaughtUp = Math.max(lastCaughtUp, at);
    }
  }
  let before = 0;
  let after = 0;
  let conflicts = 0;
  const stored = new Set();
  for (const roomLog of logs) {
    conflicts += roomLog.conflicts;
    for (const id of roomLog.bySeq.values()) {
      stored.add(id);
      if (turnOf(id) >= firstTurnAfter) after++; else before++;
    }
  }
  const unstored = [...poster.pending.keys(), ...poster.cutOff].filter((id) => !stored.has(id)).length;
  const seconds = (at) => (Number.isFinite(at) ? round2((at - dropAt) / 1e6) : -1);
  const allBack = reconnected === dropped && dropped === plan.clients;
  const sortedAttempts = Object.fromEntries(Object.entries(attempts).sort((a, b) => Number(a[0]) - Number(b[0])));
  const result = baseResult(startedAt, { clients: plan.clients, members: plan.members, rooms, rate: plan.rate,
    beforeSeconds: plan.beforeMs / 1000,
    backoff: `${plan.backoffInitialMs} ms x2 up to ${plan.backoffMaxMs} ms, ${plan.jitter === null ? 'full jitter'
      : `+-${Math.round(plan.jitter * 100)}%`}, Retry-After honoured`,
    catchUpTimeoutSeconds: plan.catchUpTimeoutMs / 1000, syncLimit: plan.syncLimit,
    restartCommand: plan.restartCommand }, connected.connect, connected.latency, {});
  result.connectFailures = { ...connected.failures, ...attemptFailures };
  result.recovery = { clients: plan.clients, rooms, dropped, reconnected, caughtUp: caught, messagesBeforeDrop: before,
    messagesAfterDrop: after, serverBackSeconds: seconds(firstBack), allReadySeconds: allBack ? seconds(lastBack) : -1,
    allCaughtUpSeconds: caught === plan.clients ? seconds(lastCaughtUp) : -1, lost, missingNotBack,
    duplicatesLive: counts.duplicatesLive, duplicatesSynced: counts.duplicatesSynced, seqConflicts: conflicts,
    syncs: counts.syncs, historyPages: counts.pages, sendsLostUnstored: unstored, attempts: sortedAttempts,
    restartSeconds: round2((restartEnd.at - restartAt) / 1e6), restartExitCode: restartEnd.code };
  result.latency = { connect: connected.latency.summary(), reconnect: reconnectLatency.summary(),
    catchUp: catchUpLatency.summary(), ackAfterRestart: poster.ackLatency.summary() };
  result.errorFrames = errorFrames;
  result.closeCodes = closeCodes;
  result.server.memoryMethod = 'not read: the restart replaces the target\'s process';
  result.generator.cpuSecondsInWindow = round2(generatorCpuSeconds());
  result.notes = [`drop ${((dropAt - restartAt) / 1e6).toFixed(2)} s after the restart command started; poster:`
    + ` ${poster.skipped} turns skipped (no member of the room READY), ${poster.capped} skipped at the cap of`
    + ` ${poster.maxInFlight} unACKed SENDs, ${poster.refused} SENDs refused by a closed socket, ${counts.sendErrors}`
    + ` answered with ERROR, ${poster.cutOff.size} cut off unanswered by their socket's close`];
  if (counts.invalidSeqs > 0 || counts.foreign > 0) {
    result.notes.push(`${counts.invalidSeqs} frames with an invalid seq, ${counts.foreign} for a room this run did not`
      + ' make');
  }
  await closeAll(clients.filter((c) => c.ws));
  return result;
}

function print(r) {
  const l = (x) => (x && x.count ? `p50 ${x.p50Ms}  p90 ${x.p90Ms}  p99 ${x.p99Ms}  p99.9 ${x.p999Ms}  max ${x.maxMs} ms`
    + `  (n=${x.count})` : 'no samples');
  console.log(`\n== ${r.scenario} against ${r.target} (${r.label}), node client ==`);
  console.log(`  connect        ${r.connect.ready}/${r.connect.attempted} ready in ${r.connect.seconds} s`
    + ` (${r.connect.perSecond}/s); ${l(r.latency.connect)}`);
  if (r.traffic) {
    const t = r.traffic;
    const a = r.accounting;
    console.log(`  traffic        ${t.seconds} s window: sends ${t.sendsPerSec}/s  ACKs ${t.acksPerSec}/s`
      + `  deliveries ${t.deliveriesPerSec}/s` + (t.pacerMaxLagMs >= 0 ? `  pacer max lag ${t.pacerMaxLagMs} ms` : '')
      + (r.generator.cpuSecondsInWindow >= 0 ? `  client CPU ${r.generator.cpuSecondsInWindow} s` : ''));
    console.log(`  end-to-end     ${l(r.latency.endToEnd)}`);
    console.log(`  ACK            ${l(r.latency.ack)}`);
    console.log(`  accounting     messages ${a.messagesKnown}; deliveries expected ${a.deliveriesExpected}, missing`
      + ` ${a.deliveriesMissing}, duplicates ${a.duplicates}, out of order ${a.outOfOrder}; SENDs unanswered`
      + ` ${t.sendsUnanswered}`);
  }
  if (r.idle) {
    const i = r.idle;
    console.log(`  idle           held ${i.held}, still open after ${i.holdSeconds} s ${i.stillOpen}, dropped ${i.dropped};`
      + ` pings ${i.pings}, pongs ${i.pongs}; PONG ${l(r.latency.pong)}`);
    console.log(`  server memory  RSS ${(r.server.rssBeforeBytes / 1e6).toFixed(1)} -> ${(r.server.rssAfterBytes / 1e6)
      .toFixed(1)} MB: ${r.server.rssPerConnectionBytes} B per connection`);
  }
  if (r.server.cpuSecondsInWindow >= 0) {
    console.log(`  server CPU     ${r.server.cpuSecondsInWindow} s`
      + (r.server.cpuMillisPerThousandDeliveries >= 0 ? ` (${r.server.cpuMillisPerThousandDeliveries} ms per 1,000`
        + ' deliveries)' : ''));
  }
  console.log(`  errors         ERROR frames ${JSON.stringify(r.errorFrames)}; closes ${JSON.stringify(r.closeCodes)};`
    + ` connect failures ${JSON.stringify(r.connectFailures)}`);
  for (const [way, c] of Object.entries(r.catchUp || {})) {
    console.log(`  ${way.padEnd(14)} median ${c.medianMs} ms (min ${c.minMs}, max ${c.maxMs}; rounds `
      + `${JSON.stringify(c.roundsMs)}), ${c.syncs} SYNCs, ${c.entries} entries (${c.messages} messages), `
      + `${c.bytes} bytes` + (c.serverCpuMedianMs >= 0 ? `, server CPU median ${c.serverCpuMedianMs} ms `
      + JSON.stringify(c.serverCpuMs) : ''));
    console.log(`                 reached ${c.reached} of ${c.expected}; ` + (c.problems === 0 ? 'every check passed'
      : `CHECKS FAILED ${c.problems} times: ${JSON.stringify(c.problemSamples)}`));
  }
  if (r.recovery) {
    const v = r.recovery;
    console.log(`  recovery       ${v.clients} clients in ${v.rooms} rooms: dropped ${v.dropped}, back ${v.reconnected},`
      + ` caught up ${v.caughtUp}; server back ${v.serverBackSeconds} s, all READY ${v.allReadySeconds} s, all caught`
      + ` up ${v.allCaughtUpSeconds} s after the drop (${v.allCaughtUpSeconds < 0 || v.serverBackSeconds < 0 ? -1
        : round2(v.allCaughtUpSeconds - v.serverBackSeconds)} s after the server was back)`);
    console.log(`  messages       ${v.messagesBeforeDrop} before the drop, ${v.messagesAfterDrop} after; lost ${v.lost},`
      + ` not yet fetched ${v.missingNotBack}; duplicates live ${v.duplicatesLive}, synced ${v.duplicatesSynced};`
      + ` seq conflicts ${v.seqConflicts}; SENDs unanswered and unstored ${v.sendsLostUnstored}`);
    console.log(`  SYNC           ${v.syncs} SYNCs, ${v.historyPages} pages; attempts per client`
      + ` ${JSON.stringify(v.attempts)}; restart command ${v.restartSeconds} s, exit ${v.restartExitCode}`);
    console.log(`  reconnect      ${l(r.latency.reconnect)}`);
    console.log(`  catch-up       ${l(r.latency.catchUp)}`);
    console.log(`  ACK (restart)  ${l(r.latency.ackAfterRestart)}`);
  }
  for (const note of r.notes) console.log(`  note           ${note}`);
}

({ fanout: messages, rooms: messages, store: messages, connect, connections, reconnect, sync })[scenario]().then((result) => {
  print(result);
  if (options.json) {
    fs.writeFileSync(options.json, JSON.stringify(result, null, 2));
    console.log(`  json           ${options.json}`);
  }
  process.exit(0);
}, (e) => {
  console.error('node client: run failed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
