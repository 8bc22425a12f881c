import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master } from '../support/helpers.mjs';

test('Parse.Config: saved by the master key, read by clients, master-only params hidden', async () => {
  const stamp = Date.now();
  await Parse.Config.save({ welcome: `hello ${stamp}`, secret: 'shh' }, { secret: true });
  const config = await Parse.Config.get();
  assert.equal(config.get('welcome'), `hello ${stamp}`);
  assert.equal(config.get('secret'), undefined);
  const asMaster = await Parse.Config.get(master);
  assert.equal(asMaster.get('secret'), 'shh');
});
