// Creates a function webhook on the Webhooks page; /hooks/functions answers it.
export const HOOK = 'dashHook';
const URL = 'https://hooks.example.com/dash';

export default {
  name: 'webhook',
  async run({ ui, api }) {
    await ui.open('/webhooks');
    await ui.click('Create a Webhook');
    await ui.fill('input[placeholder="MyWebhook"]', HOOK);
    await ui.fill('input[value="https://"]', URL);
    await ui.click('Create');
    await ui.waitText(HOOK);
    await ui.settle();
    const hook = await api.get(`/hooks/functions/${HOOK}`);
    if (hook.url !== URL) {
      throw new Error(`/hooks/functions/${HOOK} answers ${JSON.stringify(hook)}`);
    }
  },
};
