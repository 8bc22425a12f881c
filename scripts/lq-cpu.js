// The server's CPU per delivered LiveQuery event, over the update phase only. The workload is
// ../shared/bench/lqbench.js's (N subscribers of one query, M updates 250 ms apart); the server's user +
// system CPU is read from /proc/PID/stat once every subscriber is subscribed and again once the last
// event has arrived (or 3 s after the last update), so connecting and subscribing are not counted.
// usage: node lq-cpu.js HTTP_URL WS_URL APP_ID SUBSCRIBERS UPDATES SERVER_PID   (needs the ws package)
const WebSocket = require('ws');
const fs = require('fs');
const [, , HTTP, WS, APP = 'bench', N = '10000', M = '20', PID] = process.argv;
if (!PID) { console.error('usage: node lq-cpu.js HTTP_URL WS_URL APP_ID SUBSCRIBERS UPDATES SERVER_PID'); process.exit(2); }
const subs = +N, updates = +M, expected = subs * updates;
const H = { 'X-Parse-Application-Id': APP, 'Content-Type': 'application/json' };
const room = `r${Date.now()}`;
const HZ = 100; // USER_HZ: clock ticks per second in /proc on Linux
const ticks = () => { const f = fs.readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' '); return +f[11] + +f[12]; };
const lat = []; let got = 0, subscribed = 0, errors = 0, allIn;
const delivered = new Promise(r => { allIn = r; });
const pct = (a, p) => a.length ? a[Math.min(a.length - 1, Math.floor(a.length * p))] : NaN;
(async () => {
  const obj = await (await fetch(`${HTTP}/classes/LqBench`, { method: 'POST', headers: H, body: JSON.stringify({ room, t: 0 }) })).json();
  if (!obj.objectId) throw new Error(JSON.stringify(obj));
  const socks = [];
  await new Promise((resolve) => {
    for (let i = 0; i < subs; i++) {
      const ws = new WebSocket(WS);
      socks.push(ws);
      ws.on('open', () => ws.send(JSON.stringify({ op: 'connect', applicationId: APP })));
      ws.on('message', (raw) => {
        const m = JSON.parse(raw);
        if (m.op === 'connected') ws.send(JSON.stringify({ op: 'subscribe', requestId: 1, query: { className: 'LqBench', where: { room } } }));
        else if (m.op === 'subscribed') { if (++subscribed === subs) resolve(); }
        else if (m.op === 'update') { lat.push(Date.now() - m.object.t); if (++got === expected) allIn(); }
        else if (m.op === 'error') errors++;
      });
      ws.on('error', () => { errors++; });
    }
    setTimeout(resolve, 60000);
  });
  await new Promise(r => setTimeout(r, 1000)); // let the subscribing settle before the phase starts
  const before = ticks(), start = Date.now();
  for (let k = 1; k <= updates; k++) {
    await fetch(`${HTTP}/classes/LqBench/${obj.objectId}`, { method: 'PUT', headers: H, body: JSON.stringify({ t: Date.now() }) });
    await new Promise(r => setTimeout(r, 250));
  }
  await Promise.race([delivered, new Promise(r => setTimeout(r, 3000))]);
  const cpuS = (ticks() - before) / HZ, phaseS = (Date.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  console.log(`RESULT delivered=${got}/${expected} subscribed=${subscribed}/${subs} errors=${errors} p99_ms=${pct(lat, 0.99)}` +
    ` update_phase_s=${phaseS.toFixed(1)} server_cpu_s=${cpuS.toFixed(2)} cpu_us_per_event=${got ? (cpuS * 1e6 / got).toFixed(1) : 'NaN'}`);
  socks.forEach(s => s.terminate());
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
