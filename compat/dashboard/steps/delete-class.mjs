// Edit > Delete this class (after Delete all rows left it empty): /schemas no longer knows it.
import { CLASS } from './create-class.mjs';

export default {
  name: 'delete-class',
  async run({ page, ui, serverURL, appId, masterKey }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Edit');
    await ui.click('Delete this class');
    const confirm = await page.waitForSelector('.modal input, input[placeholder]:not([placeholder=""])', { visible: true });
    await confirm.type(CLASS);
    await ui.click('Delete');
    await ui.settle();
    const res = await fetch(`${serverURL}/schemas/${CLASS}`,
      { headers: { 'X-Parse-Application-Id': appId, 'X-Parse-Master-Key': masterKey } });
    const body = await res.json();
    if (body.code !== 103) {
      throw new Error(`the class is still there: ${res.status} ${JSON.stringify(body)}`);
    }
  },
};
