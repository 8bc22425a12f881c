// Push > Send New Push to a channel: an Android installation on channel "dash" (the test node's FCM is a
// local stand-in) and a saved audience for the channel (Dashboard 9.2.0's "Create an audience" dialog throws
// in the page whatever the server, so the audience is saved through /push_audiences). The push goes out,
// _PushStatus says it succeeded, sent to the channel's devices only, and Past Pushes lists it. Runs only when the node has push.
import { sleep } from '../lib/ui.mjs';

const AUDIENCE = 'Dash channel';
const MESSAGE = 'Hello from the dashboard';

export default {
  name: 'push',
  async run({ page, ui, api, push }) {
    if (!push) {
      console.log('     (no push configured on the node: skipped)');
      return;
    }
    await api.post('/installations', { deviceType: 'android', installationId: 'a1b2c3d4-0000-4000-8000-00000000da5h',
      deviceToken: 'fcm-token-dashboard', pushType: 'gcm', channels: ['dash'] });
    await api.post('/installations', { deviceType: 'android', installationId: 'a1b2c3d4-0000-4000-8000-0000000other',
      deviceToken: 'fcm-token-other', pushType: 'gcm', channels: ['other'] });
    await api.post('/push_audiences', { name: AUDIENCE, query: JSON.stringify({ channels: { $all: ['dash'] } }) });

    await ui.open('/push/new');
    await ui.click(AUDIENCE);
    const message = await page.waitForSelector('textarea', { visible: true });
    await message.type(MESSAGE);
    const sent = page.waitForResponse(r => r.url().endsWith('/push') && r.request().method() === 'POST');
    await ui.click('Send push');
    const answer = await sent;
    const body = JSON.parse(answer.request().postData());
    if (!body.audience_id || JSON.stringify(body.where?.channels) !== JSON.stringify({ $all: ['dash'] })) {
      throw new Error(`the dashboard sent ${answer.request().postData()}`);
    }
    const statusId = answer.headers()['x-parse-push-status-id'];
    const deadline = Date.now() + 30_000;
    let status;
    for (;;) {
      status = await api.get(`/classes/_PushStatus/${statusId}`);
      if (status.status === 'succeeded' || status.status === 'failed' || Date.now() > deadline) {
        break;
      }
      await sleep(500);
    }
    const inChannel = (await api.find('_Installation', { channels: 'dash' })).length;
    if (status.status !== 'succeeded' || status.numSent !== inChannel) {
      throw new Error(`_PushStatus answers ${JSON.stringify(status)}`);
    }
    await ui.open('/push/activity');
    await ui.waitText(MESSAGE);
  },
};
