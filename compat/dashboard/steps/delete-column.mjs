// Edit > Delete a column: removes the pointer column; /schemas no longer has it.
import { CLASS } from './create-class.mjs';
import { sleep } from '../lib/ui.mjs';

const COLUMN = 'parent';

export default {
  name: 'delete-column',
  async run({ ui, api }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Edit');
    await ui.click('Delete a column');
    await ui.click('Select a column');
    await sleep(300); // the list opens with a transition
    await ui.click(COLUMN);
    await ui.click('Remove');
    await ui.waitNoText('Remove a column?');
    await ui.settle();
    const fields = (await api.get(`/schemas/${CLASS}`)).fields;
    if (COLUMN in fields) {
      throw new Error(`the column is still in the schema: ${JSON.stringify(fields)}`);
    }
  },
};
