// Logs: the page reads /scriptlog (info, then error); the info lines show the job runs of the steps before,
// and the error lines hold no unhandled exception of the node during the whole run.
export default {
  name: 'logs',
  async run({ page, ui }) {
    const read = page.waitForResponse(r => r.url().includes('/scriptlog') && r.status() === 200);
    await ui.open('/logs');
    const lines = await (await read).json();
    if (!Array.isArray(lines)) {
      throw new Error(`/scriptlog answered ${JSON.stringify(lines)}`);
    }
    await ui.waitText('job tick');
    await ui.click('Error');
    await ui.settle();
    const errors = await page.evaluate(() => document.body.innerText);
    if (errors.includes('Unhandled exception')) {
      throw new Error(`the node logged an unhandled exception:\n${errors.slice(0, 2000)}`);
    }
  },
};
