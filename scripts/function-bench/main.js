// Parse Server's side of scripts/function-bench.sh: get one object by id and save it back with one field
// incremented, both with the master key.
Parse.Cloud.define('bench', async (request) => {
  const item = await new Parse.Query('BenchItem').get(request.params.id, { useMasterKey: true });
  item.increment('hits');
  await item.save(null, { useMasterKey: true });
  return { id: item.id };
});
