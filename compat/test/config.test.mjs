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

test('Parse.Cloud.run calls a Java cloud function (the test module on the class path)', async () => {
  assert.equal(await Parse.Cloud.run('hello', { name: 'SDK' }), 'Hello SDK');
  await assert.rejects(Parse.Cloud.run('nope'), (error) => error.code === 141);
});
