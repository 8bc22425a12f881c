// Jobs > Schedule a job: the "count" job (TestFunctions) with parameters, starting now and not repeating.
// /cloud_code/jobs answers the schedule, and Parsec runs it once (Parse Server only stores it).
import { sleep } from '../lib/ui.mjs';

const JOB = 'count';
const DESCRIPTION = 'count from the dashboard';

export default {
  name: 'schedule-job',
  async run({ page, ui, api }) {
    await ui.open('/jobs/new');
    await ui.fill('input[placeholder="Pick a good name…"]', DESCRIPTION);
    // the Cloud job dropdown sits right of its label
    const label = await ui.find('Pick which cloud code job to run');
    const box = await label.boundingBox();
    await page.mouse.click(box.x + box.width + 300, box.y);
    await sleep(300); // the list opens with a transition
    await ui.click(JOB);
    const params = await page.waitForSelector('textarea', { visible: true });
    await params.type('{"tag": "dashboard", "steps": 1}');
    await ui.click('Schedule');
    await ui.settle();
    const schedules = await api.get('/cloud_code/jobs');
    const schedule = schedules.find(s => s.description === DESCRIPTION);
    if (!schedule || schedule.jobName !== JOB || JSON.parse(schedule.params).tag !== 'dashboard') {
      throw new Error(`/cloud_code/jobs answers ${JSON.stringify(schedules)}`);
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const runs = await api.find('_JobStatus', { jobName: JOB, status: 'succeeded' });
      if (runs.length > 0) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`the schedule did not run: ${JSON.stringify(await api.find('_JobStatus', { jobName: JOB }))}`);
      }
      await sleep(500);
    }
    await ui.open('/jobs/scheduled');
    await ui.waitText(DESCRIPTION);
  },
};
