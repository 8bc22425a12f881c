// Opens the app from the apps list: its data browser loads the schemas and the classes' counts.
export default {
  name: 'open-app',
  always: true,
  async run({ page, ui, appName }) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), ui.click(appName)]);
    await ui.waitText('_User');
    await ui.waitText('Webhooks');
    await ui.waitText('Config');
  },
};
