// Creates a Config parameter that only the master key reads (Dashboard offers "Requires master key?" from
// Parse Server 3.9.0), then edits its value; checks both through /config, with and without the master key.
export const PARAM = 'welcomeText';

async function readConfig(api, serverURL, appId) {
  const master = await api.get('/config');
  const res = await fetch(`${serverURL}/config`, { headers: { 'X-Parse-Application-Id': appId } });
  return { master, client: await res.json() };
}

export default {
  name: 'config',
  async run({ page, ui, api, serverURL, appId }) {
    await ui.open('/config');
    await ui.click('Create a parameter');
    await ui.fill('input[placeholder="New parameter"]', PARAM);
    const value = await page.waitForSelector('textarea', { visible: true });
    await value.type('hello');
    await ui.click('Yes');
    await ui.click('Create');
    await ui.waitText(PARAM);
    await ui.settle();
    let config = await readConfig(api, serverURL, appId);
    if (config.master.params[PARAM] !== 'hello' || config.master.masterKeyOnly?.[PARAM] !== true
        || PARAM in config.client.params) {
      throw new Error(`after creating the parameter /config answers ${JSON.stringify(config)}`);
    }

    await ui.click(PARAM);
    const edit = await page.waitForSelector('textarea', { visible: true });
    // the dialog may show before its field holds the value: select and clear only what is there
    await page.waitForFunction((field) => field.value === 'hello', {}, edit);
    await edit.click({ clickCount: 3 });
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.waitForFunction((field) => field.value === '', {}, edit);
    await edit.type('hello again');
    await ui.click('Save');
    await ui.waitText('hello again');
    await ui.settle();
    config = await readConfig(api, serverURL, appId);
    if (config.master.params[PARAM] !== 'hello again' || config.master.masterKeyOnly?.[PARAM] !== true) {
      throw new Error(`after editing the parameter /config answers ${JSON.stringify(config.master)}`);
    }
  },
};
