// The Security menu's Protected Fields editor: protects the title from the public. /schemas answers it, and
// a client's query no longer sees the field while the master key does.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';

export default {
  name: 'protected-fields',
  async run({ page, ui, api, serverURL, appId }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Security');
    await ui.click('Protected Fields');
    await ui.click('All fields allowed. Click to protect.');
    await (await page.waitForSelector(`div[value="${COLUMN}"]`, { visible: true })).click();
    await ui.click('Edit Protected Fields');
    await ui.click('Save');
    await ui.waitNoText('Edit Protected Fields');
    await ui.settle();
    const clp = (await api.get(`/schemas/${CLASS}`)).classLevelPermissions;
    if (JSON.stringify(clp.protectedFields?.['*']) !== JSON.stringify([COLUMN])) {
      throw new Error(`after protecting ${COLUMN} /schemas answers ${JSON.stringify(clp)}`);
    }
    const res = await fetch(`${serverURL}/classes/${CLASS}`, { headers: { 'X-Parse-Application-Id': appId } });
    const rows = (await res.json()).results;
    if (!rows.length || rows.some(row => COLUMN in row)) {
      throw new Error(`a client still reads ${COLUMN}: ${JSON.stringify(rows)}`);
    }
    if (!(await api.find(CLASS)).some(row => COLUMN in row)) {
      throw new Error(`the master key no longer reads ${COLUMN}`);
    }
  },
};
