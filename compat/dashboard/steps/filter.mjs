// Filters the class on the title (with a second row, made through the REST API, that must not match):
// the browser's query is a find with a where; it must show exactly the edited row.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';
import { EDITED } from './edit-row.mjs';

export const SECOND = 'second row';

export default {
  name: 'filter',
  async run({ page, ui, api, state }) {
    state.secondId = (await api.post(`/classes/${CLASS}`, { [COLUMN]: SECOND })).objectId;
    await ui.open(`/browser/${CLASS}`);
    await ui.waitText(SECOND);
    await ui.click('Filter');
    const field = (await page.$$('input[role=combobox]'))[1];
    await field.click({ clickCount: 3 });
    await field.type(COLUMN);
    await (await page.waitForSelector(`ul li ::-p-text(${COLUMN})`)).click();
    await ui.click('exists');
    await ui.click('equals');
    const value = await page.waitForSelector('input[type=text][value=""]', { visible: true });
    await value.type(EDITED);
    await ui.click('Apply');
    await ui.waitNoText(SECOND);
    await ui.waitText(EDITED);
    await ui.waitText('1 objects');
  },
};
