'use strict';
// Cross-check for chat-bench: a second load client, written apart from it on Node's `ws`, for the scenarios whose
// headline numbers matter most. It mints the same tokens (HS256, sub/role/iat/exp with CHAT_JWT_SECRET), creates
// rooms over the same REST calls and counts the same way (rates between the two edges of a measurement window,
// latency only for messages stamped inside it, every expected delivery accounted for after a drain), and writes
// JSON with chat-bench's field names, so `chat-bench report` reads both. If the two clients disagree beyond noise,
// one of them measures itself rather than the server.
//
//   CHAT_JWT_SECRET=... node client.js fanout  --url http://127.0.0.1:18150 [--members 1000] [--senders 4]
//        [--window 16] [--warmup 5s] [--duration 20s] [--drain 15s] [--body-size 64] [--server-pid PID]
//   CHAT_JWT_SECRET=... node client.js connect --url http://127.0.0.1:18150 [--connections 10000]
//   common: [--connect-concurrency 64] [--connect-timeout 15s] [--label NAME] [--json FILE] [--quiet]
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
if (scenario !== 'fanout' && scenario !== 'connect') {
  console.error('usage: node client.js fanout|connect --url http://host:port [options] (see the top of client.js)');
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

// ---- connecting: at most `concurrency` handshakes in flight; a session is connected when READY arrives
function connectAll(sessions, onFrame, closeCodes) {
  const latency = new Histogram();
  const failures = {};
  const start = nowMicros();
  let lastReady = start;
  let next = 0;
  let done = 0;
  let ready = 0;
  return new Promise((resolve) => {
    const progress = setInterval(() => log(`connect ${ready}/${sessions.length} ready, ${done - ready} failed`), 1000);
    const finish = () => {
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
      if (next < sessions.length) open(sessions[next++]);
      else if (done === sessions.length) finish();
    };
    const open = (session) => {
      session.began = nowMicros();
      const ws = new WebSocket(wsUrl, { headers: { Authorization: 'Bearer ' + session.token },
        perMessageDeflate: false, handshakeTimeout: connectTimeout });
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
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', body: JSON.stringify(body),
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' } });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Creates a GROUP room owned by the first user; the contract takes at most 1,000 members at creation. */
async function createRoom(owner, memberIds) {
  const atCreation = memberIds.slice(0, 1000);
  const room = await post(owner.token, '/api/rooms', { name: runId + ' room 0', type: 'GROUP', members: atCreation },
    201);
  for (const userId of memberIds.slice(atCreation.length)) {
    await post(owner.token, `/api/rooms/${room.id}/members`, { userId }, 201);
  }
  return room.id;
}

function baseResult(startedAt, params, connect, connectLatency, failures) {
  return { scenario, label, target: baseUrl.origin, startedAt, client: 'node-ws ' + require('ws/package.json').version,
    params, connect, traffic: null, latency: { connect: connectLatency.summary() }, accounting: null, idle: null,
    errorFrames: {}, closeCodes: {}, connectFailures: failures, notes: [] };
}

// ---- fanout: one room of `members`; `senders` members each keep `window` SENDs unACKed
async function fanout() {
  const plan = { members: int('members', 1000), senders: int('senders', 4), window: int('window', 16),
    warmupMs: dur('warmup', 5000), durationMs: dur('duration', 20000), drainMs: dur('drain', 15000),
    bodySize: int('body-size', 64) };
  const startedAt = new Date().toISOString();
  const sessions = [];
  for (let m = 0; m < plan.members; m++) {
    const userId = `${runId}-r0-m${m}`;
    sessions.push({ index: m, userId, token: mint(userId), ready: false, seen: new Uint8Array(1024), highest: 0,
      unique: 0, duplicates: 0, outOfOrder: 0, invalid: 0 });
  }
  let roomId = -1;
  const e2e = new Histogram();
  const ackLatency = new Histogram();
  const counters = { sent: 0, acked: 0, delivered: 0, refused: 0, sendErrors: 0, unexpected: 0, duplicateAcks: 0,
    seqConflicts: 0 };
  const ackedSeqs = new Map(); // seq -> message key (sender index, number)
  const errorFrames = {};
  const closeCodes = {};
  const window = { start: Infinity, end: Infinity, sendUntil: Infinity };

  const send = (sender) => {
    const ws = sender.session.ws;
    if (ws.readyState !== WebSocket.OPEN) { counters.refused++; return; }
    const number = sender.next++;
    const stamp = nowMicros();
    sender.sentAt.push(stamp);
    let body = stamp + ' ';
    if (body.length < plan.bodySize) body += 'x'.repeat(plan.bodySize - body.length);
    ws.send(JSON.stringify({ type: 'SEND', roomId, clientMsgId: sender.prefix + number, body }));
    counters.sent++;
  };
  const refill = (sender) => { if (nowMicros() < window.sendUntil) send(sender); };

  const onFrame = (session, data) => {
    const now = nowMicros();
    let frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    switch (frame.type) {
      case 'MESSAGE': {
        if (frame.roomId !== roomId) { counters.unexpected++; return; }
        counters.delivered++;
        received(session, frame.seq);
        const stamp = Number(frame.body.slice(0, frame.body.indexOf(' ')));
        if (stamp >= window.start && stamp < window.end) e2e.record(now - stamp);
        return;
      }
      case 'ACK': {
        const sender = session.sender;
        const number = sender && frame.clientMsgId.startsWith(sender.prefix)
          ? Number(frame.clientMsgId.slice(sender.prefix.length)) : -1;
        if (number < 0 || frame.roomId !== roomId) { counters.unexpected++; return; }
        const key = sender.index * 2 ** 36 + number;
        const earlier = ackedSeqs.get(frame.seq);
        if (earlier === undefined) { ackedSeqs.set(frame.seq, key); counters.acked++; }
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

  log(`fanout: connecting ${plan.members} sessions to ${wsUrl}`);
  const connected = await connectAll(sessions, onFrame, closeCodes);
  const ready = sessions.filter((s) => s.ready);
  if (ready.length === 0) throw new Error('no session became ready: ' + JSON.stringify(connected.failures));
  log(`creating 1 room of ${plan.members} members over REST`);
  roomId = await createRoom(sessions[0], sessions.slice(1).map((s) => s.userId));
  const senders = [];
  for (let m = 0; m < plan.senders && m < sessions.length; m++) {
    const sender = { index: m, session: sessions[m], prefix: `${runId}-${m}-`, next: 0, sentAt: [] };
    sessions[m].sender = sender;
    senders.push(sender);
  }

  const snapshot = () => ({ micros: nowMicros(), sent: counters.sent, acked: counters.acked,
    delivered: counters.delivered, serverCpu: serverCpuSeconds(), generatorCpu: generatorCpuSeconds() });
  const t0 = nowMicros();
  window.start = t0 + plan.warmupMs * 1000;
  window.end = window.start + plan.durationMs * 1000;
  window.sendUntil = window.end;
  for (const sender of senders) if (sender.session.ready) for (let i = 0; i < plan.window; i++) send(sender);
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

  // drain: every SEND answered and every ACKed message delivered to every ready member, or time is up
  const notes = [];
  const unanswered = () => counters.sent - counters.acked - counters.duplicateAcks - counters.sendErrors;
  const uniqueDeliveries = () => ready.reduce((sum, s) => sum + s.unique, 0);
  const drainUntil = Date.now() + plan.drainMs;
  while (unanswered() > 0 || ackedSeqs.size * ready.length > uniqueDeliveries()) {
    if (Date.now() >= drainUntil) { notes.push(`drain timed out after ${plan.drainMs / 1000} s`); break; }
    await sleep(50);
  }

  // accounting: every message ACKed or seen by anyone must reach every ready member once, in seq order
  let maxSeq = 0;
  for (const seq of ackedSeqs.keys()) maxSeq = Math.max(maxSeq, seq);
  for (const s of ready) maxSeq = Math.max(maxSeq, s.seen.length - 1);
  const known = new Uint8Array(maxSeq + 1);
  for (const seq of ackedSeqs.keys()) known[seq] = 1;
  let storedNotAcked = 0;
  for (const s of ready) {
    for (let seq = 1; seq < s.seen.length; seq++) {
      if (s.seen[seq] && !known[seq]) { known[seq] = 1; storedNotAcked++; }
    }
  }
  const messagesKnown = known.reduce((sum, bit) => sum + bit, 0);
  const deliveriesExpected = messagesKnown * ready.length;
  const deliveriesReceived = uniqueDeliveries();
  const sum = (field) => ready.reduce((total, s) => total + s[field], 0);
  const seconds = (end.micros - start.micros) / 1e6;
  const deliveries = end.delivered - start.delivered;
  const serverCpu = start.serverCpu < 0 || end.serverCpu < 0 ? -1 : round2(end.serverCpu - start.serverCpu);

  const result = baseResult(startedAt, { members: plan.members, senders: plan.senders, window: plan.window,
    warmup: plan.warmupMs / 1000 + 's', duration: plan.durationMs / 1000 + 's', drain: plan.drainMs / 1000 + 's',
    bodySize: plan.bodySize }, connected.connect, connected.latency, connected.failures);
  result.traffic = { seconds: round2(seconds), sends: end.sent - start.sent,
    sendsPerSec: round2((end.sent - start.sent) / seconds), acks: end.acked - start.acked,
    acksPerSec: round2((end.acked - start.acked) / seconds), deliveries, deliveriesPerSec: round2(deliveries / seconds),
    sendsRefused: counters.refused, sendErrors: counters.sendErrors, sendsUnanswered: Math.max(0, unanswered()),
    pacerMaxLagMs: -1 };
  result.latency = { endToEnd: e2e.summary(), ack: ackLatency.summary(), connect: connected.latency.summary() };
  result.accounting = { messagesKnown, messagesAcked: ackedSeqs.size, storedNotAcked, deliveriesExpected,
    deliveriesReceived, deliveriesMissing: deliveriesExpected - deliveriesReceived, duplicates: sum('duplicates'),
    outOfOrder: sum('outOfOrder'), duplicateAcks: counters.duplicateAcks, seqConflicts: counters.seqConflicts,
    invalidSeqs: sum('invalid') };
  result.errorFrames = errorFrames;
  result.closeCodes = closeCodes;
  result.server = { heapBeforeBytes: -1, heapAfterBytes: -1, rssBeforeBytes: -1, rssAfterBytes: -1,
    heapPerConnectionBytes: -1, rssPerConnectionBytes: -1, cpuSecondsInWindow: serverCpu,
    cpuMillisPerThousandDeliveries: serverCpu < 0 || deliveries === 0 ? -1 : round2(serverCpu * 1000 / (deliveries / 1000)),
    memoryMethod: 'not read by the node client' };
  result.generator = { cpuSecondsInWindow: round2(end.generatorCpu - start.generatorCpu), gcMillis: -1,
    clientFailures: 0, ioThreads: 1 };
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
  result.server = { heapBeforeBytes: -1, heapAfterBytes: -1, rssBeforeBytes: -1, rssAfterBytes: -1,
    heapPerConnectionBytes: -1, rssPerConnectionBytes: -1,
    cpuSecondsInWindow: cpuBefore < 0 || cpuAfter < 0 ? -1 : round2(cpuAfter - cpuBefore),
    cpuMillisPerThousandDeliveries: -1, memoryMethod: 'not read by the node client' };
  result.generator = { cpuSecondsInWindow: -1, gcMillis: -1, clientFailures: 0, ioThreads: 1 };
  await closeAll(sessions);
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
      + `  deliveries ${t.deliveriesPerSec}/s`);
    console.log(`  end-to-end     ${l(r.latency.endToEnd)}`);
    console.log(`  ACK            ${l(r.latency.ack)}`);
    console.log(`  accounting     messages ${a.messagesKnown}; deliveries expected ${a.deliveriesExpected}, missing`
      + ` ${a.deliveriesMissing}, duplicates ${a.duplicates}, out of order ${a.outOfOrder}; SENDs unanswered`
      + ` ${t.sendsUnanswered}`);
  }
  if (r.server.cpuSecondsInWindow >= 0) {
    console.log(`  server CPU     ${r.server.cpuSecondsInWindow} s`
      + (r.server.cpuMillisPerThousandDeliveries >= 0 ? ` (${r.server.cpuMillisPerThousandDeliveries} ms per 1,000`
        + ' deliveries)' : ''));
  }
  console.log(`  errors         ERROR frames ${JSON.stringify(r.errorFrames)}; closes ${JSON.stringify(r.closeCodes)};`
    + ` connect failures ${JSON.stringify(r.connectFailures)}`);
  for (const note of r.notes) console.log(`  note           ${note}`);
}

(scenario === 'fanout' ? fanout() : connect()).then((result) => {
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
