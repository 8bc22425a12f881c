export default { name: 'explore', always: true, async run(ctx) { await (await import(process.env.EXPLORE)).default(ctx); } };
