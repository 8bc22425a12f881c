// Edits the row's title in its cell; the REST API reads the new value.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';
import { FIRST } from './add-row.mjs';

export const EDITED = 'edited row';

export default {
  name: 'edit-row',
  async run({ ui, api, state }) {
    await ui.editCell(COLUMN, FIRST, EDITED);
    await ui.waitText(EDITED);
    await ui.settle();
    const row = await api.get(`/classes/${CLASS}/${state.firstId}`);
    if (row[COLUMN] !== EDITED) {
      throw new Error(`the row's ${COLUMN} is ${JSON.stringify(row[COLUMN])}, not "${EDITED}"`);
    }
  },
};
