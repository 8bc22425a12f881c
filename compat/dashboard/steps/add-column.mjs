// Adds a String column to the class, from the header's "Add a new column".
import { CLASS } from './create-class.mjs';

export const COLUMN = 'title';

export default {
  name: 'add-column',
  async run({ ui, api }) {
    await ui.click('Add a new column');
    await ui.fill('input[placeholder="Give it a good name..."]', COLUMN);
    await ui.click('Add');
    await ui.waitNoText('Store another type of data in this class.');
    await ui.settle();
    const schema = await api.get(`/schemas/${CLASS}`);
    if (schema.fields[COLUMN]?.type !== 'String') {
      throw new Error(`the column was not added: ${JSON.stringify(schema.fields)}`);
    }
  },
};
