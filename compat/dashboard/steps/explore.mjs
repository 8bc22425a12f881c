export default {
  name: 'explore',
  async run({ page, ui }) {
    const mod = await import(process.env.EXPLORE);
    await mod.default({ page, ui });
  },
};
