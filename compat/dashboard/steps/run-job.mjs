// Jobs > All Jobs > Run... on the "tick" job (the test node's cloud code, TestFunctions): POST /jobs with
// jobName; Job Status then shows the run succeeded, as _JobStatus does.
import { sleep } from '../lib/ui.mjs';

const JOB = 'tick';

export default {
  name: 'run-job',
  async run({ page, ui, api }) {
    await ui.open('/jobs');
    await ui.waitText(JOB);
    // the Run... button on the job's row
    const names = await page.$$eval('body *', (all, job) => all.filter(e => e.children.length === 0
      && (e.innerText || '').trim() === job).map(e => e.getBoundingClientRect().top), JOB);
    const buttons = [];
    for (const button of await page.$$('button')) {
      if ((await button.evaluate(e => e.innerText.trim())) === 'Run...') {
        buttons.push({ button, top: (await button.boundingBox()).y });
      }
    }
    const row = buttons.find(b => Math.abs(b.top - names[0]) < 20);
    if (!row) {
      throw new Error(`no Run... button on the ${JOB} row`);
    }
    const started = page.waitForResponse(r => r.url().endsWith('/jobs') && r.request().method() === 'POST');
    await row.button.click();
    await ui.click('Run');
    const answer = await started;
    const jobStatusId = answer.headers()['x-parse-job-status-id'];
    if (!jobStatusId) {
      throw new Error(`POST /jobs answered ${answer.status()} with no X-Parse-Job-Status-Id`);
    }

    await ui.open('/jobs/status');
    const deadline = Date.now() + 20_000;
    while (!(await page.evaluate(() => document.body.innerText.toLowerCase().includes('succeeded')))) {
      if (Date.now() > deadline) {
        throw new Error(`Job Status never showed the run succeeded: ${JSON.stringify(await api.get(`/classes/_JobStatus/${jobStatusId}`))}`);
      }
      await sleep(1000);
      await ui.click('Refresh');
      await ui.settle();
    }
    const status = await api.get(`/classes/_JobStatus/${jobStatusId}`);
    if (status.status !== 'succeeded' || status.jobName !== JOB) {
      throw new Error(`_JobStatus answers ${JSON.stringify(status)}`);
    }
  },
};
