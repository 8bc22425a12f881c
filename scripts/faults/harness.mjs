// One row of the fault matrix (scripts/faults.sh runs it once per fault): writers creating objects through the load
// balancer, each with a unique client id as X-Parse-Request-Id and in the field `cid`, retried with the same id on an
// error or a timeout; LiveQuery subscribers counting the create events of those objects; a fault command run while
// they work. Once the clients stop, PostgreSQL itself is asked what it holds, and one JSON line is printed.
//
// Settings (environment): FAULT (its name), FAULT_CMD (a bash command: the fault; empty for none), FAULT_AT (seconds
// after the writers start), RUN_SECONDS (the least time the writers run), SETTLE (seconds they go on after the fault
// command ended), API_URL (through the load balancer, ending in the mount path), APP_ID, MASTER_KEY, DATABASE_URL,
// CLASS (the class written), CLIENTS (writers), SUBSCRIBERS, SLOW_SUBSCRIBERS (LiveQuery clients that stop reading
// once subscribed), PADDING (bytes of filler per object), JOBS (1: count the runs of the job "faultTick" per slot),
// NODE_URLS (space-separated, each node's own URL: two subscribers connect to each straight, and its /metrics gives
// its heap before and after),
// REQUEST_TIMEOUT (seconds, default 10), RETRY_GRACE (seconds unacknowledged writes go on retrying at the end).
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import pg from 'pg';

const env = (name, fallback) => process.env[name] ?? fallback;
const num = (name, fallback) => Number(env(name, fallback));
const cfg = {
  fault: env('FAULT', 'none'),
  faultCmd: env('FAULT_CMD', ''),
  faultAt: num('FAULT_AT', 5) * 1000,
  runMs: num('RUN_SECONDS', 20) * 1000,
  settleMs: num('SETTLE', 5) * 1000,
  api: env('API_URL', 'http://127.0.0.1:1460/parse'),
  appId: env('APP_ID', 'faults'),
  masterKey: env('MASTER_KEY', ''),
  db: env('DATABASE_URL', ''),
  className: env('CLASS', 'Fault'),
  clients: num('CLIENTS', 8),
  subscribers: num('SUBSCRIBERS', 3),
  slowSubscribers: num('SLOW_SUBSCRIBERS', 0),
  padding: num('PADDING', 0),
  jobs: env('JOBS', '1') === '1',
  nodeUrls: env('NODE_URLS', '').split(/\s+/).filter(Boolean),
  requestTimeout: num('REQUEST_TIMEOUT', 10) * 1000,
  retryGrace: num('RETRY_GRACE', 20) * 1000,
};
const log = (...args) => console.error(`[${new Date().toISOString()}] ${cfg.fault}:`, ...args);

const headers = {
  'Content-Type': 'application/json',
  'X-Parse-Application-Id': cfg.appId,
  'X-Parse-Master-Key': cfg.masterKey,
};

// ---- LiveQuery subscribers ----
const wsUrl = cfg.api.replace(/^http/, 'ws');

function subscribe(name, slow, url = wsUrl) {
  return new Promise((resolve) => {
    const sub = { name, slow, events: new Map(), subscribed: false, closedAt: null, error: null };
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sub.ws = ws;
    const giveUp = setTimeout(() => { sub.error = 'not subscribed within 15 s'; resolve(sub); }, 15_000);
    ws.on('open', () => {
      ws.send(JSON.stringify({ op: 'connect', applicationId: cfg.appId, masterKey: cfg.masterKey }));
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.op === 'connected') {
        ws.send(JSON.stringify({ op: 'subscribe', requestId: 1, query: { className: cfg.className, where: {} } }));
      } else if (msg.op === 'subscribed') {
        sub.subscribed = true;
        clearTimeout(giveUp);
        if (slow) {
          ws._socket.pause(); // reads nothing more: the node's writes pile up in its send buffer, then its queue
        }
        resolve(sub);
      } else if (msg.op === 'create') {
        const cid = msg.object?.cid;
        sub.events.set(cid, (sub.events.get(cid) ?? 0) + 1);
        sub.lastEventAt = Date.now();
      } else if (msg.op === 'error') {
        sub.error = JSON.stringify(msg);
      }
    });
    ws.on('close', () => { sub.closedAt ??= Date.now(); });
    ws.on('error', (e) => { sub.error ??= e.message; });
  });
}

// ---- writers ----
const writes = new Map(); // cid -> {sentAt, ackAt, status, attempts, objectId}
let stopNew = false;
let giveUpAt = Infinity;
const acks = []; // times of acknowledgements, with the time their attempt was sent
const retried = new Map(); // what failed attempts got ("502", "timeout", ...) -> how many
const refusals = new Map(); // "status code" -> count, for answers that are neither success nor worth a retry
const filler = 'x'.repeat(cfg.padding);

async function attempt(cid, body) {
  const sentAt = Date.now();
  try {
    const res = await fetch(`${cfg.api}/classes/${cfg.className}`, {
      method: 'POST', headers: { ...headers, 'X-Parse-Request-Id': cid }, body,
      signal: AbortSignal.timeout(cfg.requestTimeout),
    });
    const text = await res.text();
    if (res.status === 201 || res.status === 200) {
      return { done: true, status: res.status, sentAt, objectId: JSON.parse(text).objectId };
    }
    let code;
    try { code = JSON.parse(text).code; } catch { code = undefined; }
    // Parse Server answers a retry of an applied request with 159 (duplicate request): the write is there
    if (code === 159 && /duplicate/i.test(text)) {
      return { done: true, status: 'duplicate-159', sentAt };
    }
    if (res.status >= 500 || res.status === 409 || res.status === 429 || code === 100 || code === 1) {
      return { done: false, status: res.status, sentAt };
    }
    return { done: false, refused: true, status: `${res.status} ${code ?? text.slice(0, 60)}`, sentAt };
  } catch (e) {
    return { done: false, status: e.name === 'TimeoutError' ? 'timeout' : 'network', sentAt };
  }
}

async function writer(n) {
  for (let seq = 0; !stopNew; seq++) {
    const cid = `${cfg.fault}-${process.pid}-${n}-${seq}`;
    const w = { sentAt: Date.now(), ackAt: null, attempts: 0, status: null };
    writes.set(cid, w);
    const body = JSON.stringify({ cid, writer: n, seq, ...(filler ? { filler } : {}) });
    for (;;) {
      w.attempts++;
      const r = await attempt(cid, body);
      w.status = r.status;
      if (!r.done) retried.set(String(r.status), (retried.get(String(r.status)) ?? 0) + 1);
      if ([502, 504, 'network', 'timeout'].includes(r.status)) w.cutOff = true;
      if (r.done) {
        w.ackAt = Date.now();
        w.objectId = r.objectId;
        acks.push({ at: w.ackAt, sentAt: r.sentAt });
        break;
      }
      if (r.refused) {
        w.refused = true;
        refusals.set(r.status, (refusals.get(r.status) ?? 0) + 1);
        break;
      }
      if (Date.now() > giveUpAt) {
        break; // unknown: never acknowledged
      }
      await sleep(100 + Math.random() * 150);
    }
  }
}

// ---- node memory (for the slow subscriber) ----
async function heapUsed(url) {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(3000) })).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('jvm_memory_used_bytes{') && line.includes('area="heap"')) {
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  } catch {
    return null;
  }
}

function runFault() {
  return new Promise((resolve) => {
    if (!cfg.faultCmd) {
      resolve(0);
      return;
    }
    // the command says "fault-at <epoch ms>" as it strikes (after its shell started), which is when the fault began
    const child = spawn('bash', ['-c', cfg.faultCmd], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        const at = /^fault-at (\d+)$/.exec(line);
        if (at) faultAt = Number(at[1]); else process.stderr.write(`${line}\n`);
      }
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// ---- the run ----
const subs = [];
for (let i = 0; i < cfg.subscribers; i++) subs.push(subscribe(`s${i}`, false));
// two subscribers straight on each node as well (not through the balancer; a node's two event loops take one each),
// to tell which node's subscribers miss events
for (const suffix of ['', 'b']) {
  cfg.nodeUrls.forEach((url, i) => subs.push(subscribe(`node${i + 1}${suffix}`, false, `${url.replace(/^http/, 'ws')}/parse`)));
}
for (let i = 0; i < cfg.slowSubscribers; i++) subs.push(subscribe(`slow${i}`, true));
const subscribers = await Promise.all(subs);
for (const s of subscribers.filter((s) => !s.subscribed)) log(`subscriber ${s.name}: ${s.error}`);

// the class is made before the writers start: the first creates of a class not yet made, made concurrently, wait
// for a PostgreSQL connection (docs/faults.md), which is not what a fault run measures
const made = await fetch(`${cfg.api}/schemas/${cfg.className}`, {
  method: 'POST', headers, body: JSON.stringify({ className: cfg.className, fields: { cid: { type: 'String' },
    writer: { type: 'Number' }, seq: { type: 'Number' }, ...(filler ? { filler: { type: 'String' } } : {}) } }),
});
if (!made.ok) log(`the class was not made: ${made.status} ${await made.text()}`);
const heapBefore = await Promise.all(cfg.nodeUrls.map(heapUsed));
const startedAt = Date.now();
const writers = [];
for (let i = 0; i < cfg.clients; i++) writers.push(writer(i));

await sleep(cfg.faultAt);
let faultAt = Date.now();
log('fault begins');
const faultExit = await runFault();
const faultDoneAt = Date.now();
log(`fault command ended (exit ${faultExit}) after ${((faultDoneAt - faultAt) / 1000).toFixed(1)} s`);
const stopAt = Math.max(startedAt + cfg.runMs, faultDoneAt + cfg.settleMs);
await sleep(Math.max(0, stopAt - Date.now()));
stopNew = true;
giveUpAt = Date.now() + cfg.retryGrace;
await Promise.all(writers);
const writersDoneAt = Date.now();
const heapAfter = await Promise.all(cfg.nodeUrls.map(heapUsed));
await sleep(3000); // events in flight reach the subscribers
for (const s of subscribers) {
  s.stayed = s.subscribed && s.closedAt === null;
  s.ws.terminate();
}

// ---- what PostgreSQL holds ----
const client = new pg.Client({ connectionString: cfg.db });
await client.connect();
const rows = (await client.query(`SELECT "cid", count(*)::int AS n FROM "${cfg.className}" GROUP BY "cid"`)).rows;
const stored = new Map(rows.map((r) => [r.cid, r.n]));
let acknowledged = 0; let lost = 0; let duplicated = 0; let unknown = 0; let unknownStored = 0; let refused = 0;
const lostIds = [];
for (const [cid, w] of writes) {
  const n = stored.get(cid) ?? 0;
  if (n > 1) duplicated++;
  if (w.ackAt) {
    acknowledged++;
    if (n === 0) { lost++; lostIds.push(`${cid} (answered ${w.status} after ${w.attempts} attempts)`); }
  } else if (w.refused) {
    refused++;
  } else {
    unknown++;
    if (n > 0) unknownStored++;
  }
}
const unexpected = [...stored.keys()].filter((cid) => !writes.has(cid)).length;

// LiveQuery: for each subscriber that stayed connected, the create events of acknowledged writes
let lqMissed = 0; let lqDuplicated = 0; let lqMissedInFlight = 0;
const missedIds = new Set();
const missedWhen = {}; // subscriber@seconds after the fault (by 5) -> events missed, to see when they went missing
const stayed = subscribers.filter((s) => s.stayed && !s.slow);
for (const s of stayed) {
  for (const [cid, w] of writes) {
    if (!w.ackAt) continue;
    const n = s.events.get(cid) ?? 0;
    if (n === 0) {
      lqMissed++;
      // a node that dies loses the events it was publishing (the event bus loses what is in flight): those of writes
      // it committed as it died (their attempt was cut off: 502, 504, a reset or a timeout, and a retry answered),
      // and those of writes it answered a moment before
      if (w.cutOff || Math.abs(w.ackAt - faultAt) <= 1000) lqMissedInFlight++;
      missedIds.add(cid);
      const bucket = `${s.name}@${Math.floor((w.ackAt - faultAt) / 5000) * 5}s`;
      missedWhen[bucket] = (missedWhen[bucket] ?? 0) + 1;
    }
    if (n > 1) lqDuplicated++;
  }
}

// Jobs: runs per slot of the schedule "tick every 1s", over the seconds the writers ran (their last 3 s left out:
// a slot's run takes a moment to begin); waits for the runs still pending (a dead node's lease runs out first)
let jobs = null;
if (cfg.jobs) {
  const from = new Date(Math.ceil(startedAt / 1000) * 1000);
  const to = new Date(Math.floor((writersDoneAt - 3000) / 1000) * 1000);
  const window = [from.toISOString(), to.toISOString()];
  const deadline = Date.now() + 40_000;
  let pending;
  do {
    pending = (await client.query(`SELECT count(*)::int AS n FROM "_JobStatus" WHERE "status" IN ('pending', 'running')
      AND ("params"->>'slot')::timestamptz BETWEEN $1 AND $2`, window)).rows[0].n;
    if (pending > 0) await sleep(500);
  } while (pending > 0 && Date.now() < deadline);
  const runs = (await client.query(`SELECT ("slot")::timestamptz AS slot, count(*)::int AS n FROM "FaultJobRun"
      WHERE "slot" <> 'none' AND ("slot")::timestamptz BETWEEN $1 AND $2 GROUP BY 1`, window)).rows;
  const seconds = Math.round((to - from) / 1000) + 1;
  jobs = {
    slots: seconds,
    ranTwice: runs.filter((r) => r.n > 1).length,
    missed: seconds - runs.length,
    stillPending: pending,
  };
}
await client.end();

const firstAfter = acks.filter((a) => a.sentAt >= faultAt).map((a) => a.at).sort((a, b) => a - b)[0];
const ackTimes = acks.map((a) => a.at).filter((t) => t >= startedAt && t <= stopAt).sort((a, b) => a - b);
let longestGap = 0;
for (let i = 1; i < ackTimes.length; i++) longestGap = Math.max(longestGap, ackTimes[i] - ackTimes[i - 1]);

const result = {
  fault: cfg.fault,
  faultExit,
  attempted: writes.size,
  acknowledged,
  lost,
  duplicated,
  unexpected,
  unknown,
  unknownStored,
  refused,
  refusals: Object.fromEntries(refusals),
  retried: Object.fromEntries(retried),
  lostIds: lostIds.slice(0, 10),
  lqMissedIds: [...missedIds].slice(0, 10).map((cid) => `${cid} ${writes.get(cid).objectId} attempts=${writes.get(cid).attempts}`),
  lqMissedWhen: missedWhen,
  // per subscriber: events received, whether it was closed, and its last event's time from the fault
  subscriberEvents: subscribers.map((s) => `${s.name}: ${s.events.size}${s.stayed ? '' : ' (closed)'}, last ${((s.lastEventAt - faultAt) / 1000).toFixed(1)} s after the fault`),
  subscribers: subscribers.filter((s) => !s.slow).length,
  subscribersStayed: stayed.length,
  lqMissed,
  lqDuplicated,
  lqMissedInFlight,
  slowSubscriberClosed: subscribers.filter((s) => s.slow).map((s) => s.closedAt !== null),
  heapBeforeMb: heapBefore.map((b) => (b == null ? null : Math.round(b / 1048576))),
  heapAfterMb: heapAfter.map((b) => (b == null ? null : Math.round(b / 1048576))),
  jobs,
  firstSuccessAfterFault: firstAfter === undefined ? null : (firstAfter - faultAt) / 1000,
  longestGap: longestGap / 1000,
  seconds: (writersDoneAt - startedAt) / 1000,
};
result.ok = result.lost === 0 && result.duplicated === 0 && result.unexpected === 0 && result.faultExit === 0
  && (jobs === null || jobs.ranTwice === 0);
console.log(JSON.stringify(result));
process.exit(0);
