// Selects the second row by its checkbox and deletes it from the Edit menu; the REST API no longer finds it.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';
import { SECOND } from './filter.mjs';

export default {
  name: 'delete-row',
  async run({ page, ui, api, state }) {
    await ui.open(`/browser/${CLASS}`);
    const { y } = await ui.cellPoint(COLUMN, SECOND);
    const box = await (await page.waitForSelector('input[type=checkbox]')).boundingBox();
    await page.mouse.click(box.x + box.width / 2, y);
    await ui.click('Edit');
    await ui.click('Delete this row');
    await ui.click('Delete');
    await ui.waitNoText(SECOND);
    await ui.settle();
    const left = await api.find(CLASS, { objectId: state.secondId });
    if (left.length !== 0) {
      throw new Error(`the deleted row is still there: ${JSON.stringify(left)}`);
    }
  },
};
