// Sends GET requests at a steady rate whatever the latency (an open model, as real clients arrive, unlike wrk's
// closed loop) and prints their latency percentiles, each measured from when the request was due to go, so a
// stall counts for every request it held back (no coordinated omission, as wrk2).
//
// usage: node scripts/open-rate.js URL RATE SECONDS [HEADER: value ...]
//   e.g. node scripts/open-rate.js http://127.0.0.1:1337/parse/users/me 500 30 'X-Parse-Application-Id: bench' \
//        'X-Parse-Session-Token: r:...'
// Prints: RESULT rate=<sent/s> p50_ms= p90_ms= p99_ms= max_ms= errors=<no answer or not 2xx> late=<still unanswered at the end>
'use strict';
const http = require('http');

const [url, rateText, secondsText, ...headerArgs] = process.argv.slice(2);
if (!url || !(Number(rateText) > 0) || !(Number(secondsText) > 0)) {
  console.error('usage: node open-rate.js URL RATE SECONDS [HEADER: value ...]');
  process.exit(2);
}
const rate = Number(rateText);
const total = Math.round(rate * Number(secondsText));
const headers = {};
for (const h of headerArgs) {
  const i = h.indexOf(':');
  headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const latencies = [];
let errors = 0;
let sent = 0;
let answered = 0;

function send(due) {
  sent++;
  const req = http.get(url, { agent, headers, timeout: 10000 }, (res) => {
    res.resume();
    res.on('end', () => {
      answered++;
      if (res.statusCode < 200 || res.statusCode > 299) errors++;
      latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => { answered++; errors++; });
}

const start = process.hrtime.bigint();
const intervalNs = 1e9 / rate;
const tick = setInterval(() => {
  const now = process.hrtime.bigint();
  // every request due by now goes now, stamped with the moment it was due
  while (sent < total && start + BigInt(Math.round(sent * intervalNs)) <= now) {
    send(start + BigInt(Math.round(sent * intervalNs)));
  }
  if (sent >= total) {
    clearInterval(tick);
    setTimeout(report, 11000).unref();
    const poll = setInterval(() => { if (answered >= total) { clearInterval(poll); report(); } }, 20);
  }
}, 1);

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] : NaN);
  console.log(`RESULT rate=${Math.round(total / Number(secondsText))} p50_ms=${at(0.5).toFixed(2)} p90_ms=${at(0.9).toFixed(2)} `
    + `p99_ms=${at(0.99).toFixed(2)} max_ms=${at(1 - 1e-12).toFixed(2)} errors=${errors} late=${total - answered}`);
  agent.destroy();
  process.exit(0);
}
