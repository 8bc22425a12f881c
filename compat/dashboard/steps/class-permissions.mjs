// The Security menu's Class Level Permissions editor: takes "Add field" from the public, and /schemas
// answers the class's permissions without it.
import { CLASS } from './create-class.mjs';

export default {
  name: 'class-permissions',
  async run({ page, ui, api }) {
    await ui.open(`/browser/${CLASS}`);
    await ui.click('Security');
    await ui.click('Class Level Permissions');
    await ui.waitText('Edit Class Level Permissions');
    // the Public row's "Add field" box, right of its label (the first such label: Public comes first)
    const label = await ui.find('Add field', 10_000, 'first');
    const box = await label.boundingBox();
    await page.mouse.click(box.x + box.width + 40, box.y + box.height / 2);
    await ui.click('Save CLP');
    await ui.waitNoText('Edit Class Level Permissions');
    await ui.settle();
    const clp = (await api.get(`/schemas/${CLASS}`)).classLevelPermissions;
    if (clp.addField['*'] || !clp.find['*'] || !clp.create['*']) {
      throw new Error(`after the CLP edit /schemas answers ${JSON.stringify(clp)}`);
    }
  },
};
