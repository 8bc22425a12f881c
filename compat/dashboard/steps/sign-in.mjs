// Signs in to the dashboard with its configured user.
export default {
  name: 'sign-in',
  always: true,
  async run({ page, ui, dashboardUrl, user, pass }) {
    await page.goto(`${dashboardUrl}/login`, { waitUntil: 'networkidle0' });
    await page.type('input[name=username]', user);
    await page.type('input[name=password]', pass);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('input[type=submit]')]);
    if (!page.url().endsWith('/apps')) {
      throw new Error(`after signing in the dashboard shows ${page.url()}`);
    }
    await ui.waitText('Server version: 9.10.0');
  },
};
