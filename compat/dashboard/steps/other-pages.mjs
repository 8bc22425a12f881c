// Opens the pages no other step drives (Views, Canvas, API Console, the App Settings pages, Audiences and
// Scheduled Jobs): each must load with no console error and no failed request to the node.
const PAGES = ['/views', '/canvas', '/api_console', '/settings/dashboard', '/settings/data-browser',
  '/settings/cloud-config', '/settings/keyboard-shortcuts', '/push/audiences', '/jobs/scheduled', '/browser/_User',
  '/browser/_Role', '/browser/_Session', '/browser/_Installation'];

export default {
  name: 'other-pages',
  async run({ page, ui }) {
    for (const path of PAGES) {
      await page.goto(ui.appUrl + path, { waitUntil: 'load' });
      await ui.settle();
    }
  },
};
