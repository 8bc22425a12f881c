// A column with a default value ("Add a new column" offers it from Parse Server 3.7.0): a row added in the
// browser without it gets the default, stored and shown.
import { CLASS } from './create-class.mjs';

const COLUMN = 'status';
const DEFAULT = 'new';

export default {
  name: 'column-default',
  async run({ ui, api }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Add a new column');
    await ui.fill('input[placeholder="Give it a good name..."]', COLUMN);
    await ui.fill('input[placeholder="Set a default value here"]', DEFAULT);
    await ui.click('Add');
    await ui.waitNoText('Store another type of data in this class.');
    await ui.settle();
    const field = (await api.get(`/schemas/${CLASS}`)).fields[COLUMN];
    if (field?.defaultValue !== DEFAULT) {
      throw new Error(`the column's schema is ${JSON.stringify(field)}`);
    }
    const before = new Set((await api.find(CLASS)).map(row => row.objectId));
    await ui.click('Add Row');
    await ui.click('Add');
    await ui.settle();
    const added = (await api.find(CLASS)).filter(row => !before.has(row.objectId));
    if (added.length !== 1 || added[0][COLUMN] !== DEFAULT) {
      throw new Error(`the row added holds ${JSON.stringify(added)}`);
    }
    await ui.open(`/browser/${CLASS}`);
    await ui.waitText(DEFAULT);
  },
};
