// Sorts the rows by the title, clicking its header: the browser asks for order=-title and shows them so.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';
import { EDITED } from './edit-row.mjs';
import { CHILD } from './pointers-relations.mjs';

export default {
  name: 'sort',
  async run({ page, ui }) {
    await ui.open(`/browser/${CLASS}`);
    const header = await ui.cellPoint(COLUMN, EDITED);
    const ordered = page.waitForRequest(request => request.url().endsWith(`/classes/${CLASS}`)
      && (request.postData() || '').includes(`"order":"-${COLUMN}"`));
    await page.mouse.click(header.x, 100);
    await ordered;
    await ui.settle();
    const titles = await page.evaluate((a, b) => {
      const top = t => [...document.querySelectorAll('span')].find(e => (e.innerText || '').trim() === t)
        ?.getBoundingClientRect().top;
      return [top(a), top(b)];
    }, EDITED, CHILD);
    if (!(titles[0] < titles[1])) {
      throw new Error(`"${EDITED}" is not above "${CHILD}" in descending title order: ${titles}`);
    }
  },
};
