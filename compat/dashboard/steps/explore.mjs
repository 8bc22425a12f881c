export default {
  name: 'explore',
  always: true,
  async run({ page, ui }) {
    const mod = await import(process.env.EXPLORE);
    await mod.default({ page, ui });
  },
};
