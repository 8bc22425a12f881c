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

test("a save's context (the SDK's { context }) reaches beforeSave and afterSave; a function gets the whole user", async () => {
  const tag = `sdk-ctx-${Date.now()}`;
  const scored = new Parse.Object('Scored');
  scored.set({ tag, score: 1 });
  await scored.save(null, { ...master, context: { source: 'sdk' } });
  const before = await Parse.Cloud.run('seenByTrigger', { key: `beforeSave ${tag}` });
  assert.deepEqual(before.context, { source: 'sdk' });
  let after;
  for (let i = 0; i < 100 && !after; i++) {
    after = await Parse.Cloud.run('seenByTrigger', { key: `afterSave ${tag}` });
    if (!after) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(after.context, { source: 'sdk', fromBeforeSave: true });

  const user = await Parse.User.signUp(`ctx-${Date.now()}`, 'pw-123456', { favoriteColor: 'teal' });
  const echoed = await Parse.Cloud.run('echoRequest', { n: 1 }, { sessionToken: user.getSessionToken() });
  // the user comes back as the SDK decodes an object of _User: a Parse.User
  assert.equal(echoed.user.id, user.id);
  assert.equal(echoed.user.get('favoriteColor'), 'teal');
  assert.equal(echoed.user.get('sessionToken'), undefined);
  assert.equal(echoed.user.get('password'), undefined);
  await Parse.User.logOut();
});

test('validators refuse with 142 and Parse Server messages through the SDK', async () => {
  await assert.rejects(Parse.Cloud.run('needsUser'),
    (error) => error.code === 142 && error.message === 'Validation failed. Please login to continue.');
  await assert.rejects(Parse.Cloud.run('scoreGame', { score: 'ten' }),
    (error) => error.code === 142 && error.message === 'Validation failed. Invalid type for score. Expected: number');
  assert.deepEqual(await Parse.Cloud.run('scoreGame', { score: 3 }), { score: 3, mode: 'easy' });
});
