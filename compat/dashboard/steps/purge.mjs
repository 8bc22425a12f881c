// "Delete all rows" from the Edit menu: DELETE /purge/:className. The class stays, with no objects.
import { CLASS } from './create-class.mjs';

export default {
  name: 'purge',
  async run({ ui, api }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Edit');
    await ui.click('Delete all rows');
    await ui.fill('input[placeholder="delete all"]', 'delete all');
    await ui.click('Delete');
    await ui.waitText('No data to display');
    await ui.settle();
    const left = await api.find(CLASS);
    if (left.length !== 0) {
      throw new Error(`rows left after "Delete all rows": ${JSON.stringify(left)}`);
    }
    await api.get(`/schemas/${CLASS}`);
  },
};
