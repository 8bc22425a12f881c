// Creates a class in the data browser.
export const CLASS = 'DashTest';

export default {
  name: 'create-class',
  async run({ page, ui, api }) {
    await ui.click('Create a class');
    await ui.fill('input[placeholder="Give it a good name..."]', CLASS);
    await ui.click('Create');
    await ui.waitText('Add a new column');
    await ui.settle();
    const schema = await api.get(`/schemas/${CLASS}`);
    if (schema.className !== CLASS) {
      throw new Error(`the class was not created: ${JSON.stringify(schema)}`);
    }
  },
};
