// Data > Export all rows as CSV: the dashboard pages through the class and the browser saves a file that
// holds the rows.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLASS } from './create-class.mjs';
import { EDITED } from './edit-row.mjs';
import { CHILD } from './pointers-relations.mjs';
import { sleep } from '../lib/ui.mjs';

export default {
  name: 'export',
  async run({ page, ui }) {
    const downloads = mkdtempSync(join(tmpdir(), 'parsec-dashboard-export-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Data');
    await ui.click('Export all rows');
    await ui.fill('input[placeholder="export all"]', 'export all');
    await ui.click('Export');
    const deadline = Date.now() + 15_000;
    let files = [];
    while (Date.now() < deadline) {
      files = readdirSync(downloads).filter(name => name.endsWith('.csv'));
      if (files.length) {
        break;
      }
      await sleep(200);
    }
    if (!files.length) {
      throw new Error(`no CSV was saved (${readdirSync(downloads)})`);
    }
    const csv = readFileSync(join(downloads, files[0]), 'utf8');
    if (!csv.includes(EDITED) || !csv.includes(CHILD)) {
      throw new Error(`the export lacks the rows:\n${csv}`);
    }
  },
};
