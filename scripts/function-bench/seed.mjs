// Creates N BenchItem objects through POST /batch (the master key), and writes their ids to OUT, one a line.
// usage: node seed.mjs URL APP_ID MASTER_KEY N OUT
import { writeFileSync } from 'node:fs';

const [url, appId, masterKey, count, out] = process.argv.slice(2);
const headers = { 'X-Parse-Application-Id': appId, 'X-Parse-Master-Key': masterKey, 'Content-Type': 'application/json' };
const path = new URL(url).pathname;
const ids = [];
for (let made = 0; made < Number(count); made += 100) {
  const requests = Array.from({ length: Math.min(100, Number(count) - made) },
    (_, i) => ({ method: 'POST', path: `${path}/classes/BenchItem`, body: { n: made + i, hits: 0 } }));
  const response = await fetch(`${url}/batch`, { method: 'POST', headers, body: JSON.stringify({ requests }) });
  const answers = await response.json();
  for (const answer of answers) {
    if (!answer.success) throw new Error(`seeding failed: ${JSON.stringify(answer)}`);
    ids.push(answer.success.objectId);
  }
}
writeFileSync(out, ids.join('\n') + '\n');
