// The fault matrix's table, from the harness's JSON lines (one per fault); exits 1 when a must-be-0 is not.
import { readFileSync } from 'node:fs';

const results = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const columns = [
  ['fault', (r) => r.fault],
  ['attempted', (r) => r.attempted],
  ['acked', (r) => r.acknowledged],
  ['lost', (r) => r.lost],
  ['dup', (r) => r.duplicated],
  ['unexpected', (r) => r.unexpected],
  ['unknown', (r) => `${r.unknown} (${r.unknownStored} stored)`],
  ['refused', (r) => r.refused],
  ['LQ missed/dup', (r) => `${r.lqMissed}/${r.lqDuplicated} (${r.lqMissedInFlight} around the fault; ${r.subscribersStayed} of ${r.subscribers} stayed)`],
  ['job slots twice/missed', (r) => (r.jobs ? `${r.jobs.ranTwice}/${r.jobs.missed} of ${r.jobs.slots}` : '-')],
  ['first success (s)', (r) => (r.firstSuccessAfterFault ?? 'none')],
  ['longest gap (s)', (r) => r.longestGap],
];
const rows = [columns.map(([name]) => name), ...results.map((r) => columns.map(([, cell]) => String(cell(r))))];
const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.slice(1).forEach((row) => console.log(line(row)));
for (const r of results) {
  if (r.slowSubscriberClosed.length) {
    console.log(`${r.fault}: slow subscriber closed by the node: ${r.slowSubscriberClosed.join(', ')}; heap MB before ${r.heapBeforeMb.join('/')}, after ${r.heapAfterMb.join('/')}`);
  }
  if (Object.keys(r.refusals).length) console.log(`${r.fault}: refused ${JSON.stringify(r.refusals)}`);
  if (r.lostIds.length) console.log(`${r.fault}: lost ${r.lostIds.join(' ')}`);
  if (r.faultExit !== 0) console.log(`${r.fault}: the fault command failed (exit ${r.faultExit})`);
}
const failed = results.filter((r) => !r.ok).map((r) => r.fault);
if (failed.length) {
  console.log(`FAILED: ${failed.join(', ')}`);
  process.exit(1);
}
if (!results.length) {
  console.log('no fault ran');
  process.exit(1);
}
