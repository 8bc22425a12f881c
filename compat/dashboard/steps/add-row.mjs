// Adds a row with a title typed into its cell, then checks it through the REST API.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';

export const FIRST = 'first row';

export default {
  name: 'add-row',
  async run({ ui, api, state }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Add Row');
    await ui.editCell(COLUMN, '(undefined)', FIRST);
    await ui.click('Add');
    await ui.waitText('1 objects');
    await ui.settle();
    const rows = await api.find(CLASS, { [COLUMN]: FIRST });
    if (rows.length !== 1) {
      throw new Error(`expected one row titled "${FIRST}", found ${JSON.stringify(rows)}`);
    }
    state.firstId = rows[0].objectId;
  },
};
