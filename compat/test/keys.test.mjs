// Client keys and options Parse apps set, through the SDK calls that set them: Parse.initialize(appId, javascriptKey),
// Parse.masterKey / CoreManager's MASTER_KEY (here the read-only master key), Parse.allowCustomObjectId, a find
// without a limit, and LiveQuery at another path than the API's. Runs only against a node configured for it
// (KeysSdkCompatibilityTest): javascript_key, read_only_master_key, allow_custom_object_id, default_limit 4, and
// livequery_classes; the other compat files run against a node without client keys, which skips this one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Parse from 'parse/node';

const javascriptKey = process.env.PARSE_JAVASCRIPT_KEY;
const readOnlyMasterKey = process.env.PARSE_READ_ONLY_MASTER_KEY;
const skip = !javascriptKey && 'needs a node with javascript_key (PARSE_JAVASCRIPT_KEY), see KeysSdkCompatibilityTest';

const serverURL = process.env.PARSE_SERVER_URL ?? 'http://127.0.0.1:1337/parse';
const appId = process.env.PARSE_APP_ID ?? 'parsec';
const masterKey = process.env.PARSE_MASTER_KEY;
const master = { useMasterKey: true };
const unique = (prefix) => `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

if (!skip) {
  Parse.initialize(appId, javascriptKey);
  Parse.masterKey = masterKey;
  Parse.serverURL = serverURL;
}

after(async () => { if (!skip) await Parse.LiveQuery.close(); });

/** The JS SDK's own wire format (a text/plain JSON body with the keys), for what the SDK would not send. */
async function raw(path, body) {
  const response = await fetch(`${serverURL}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ _ApplicationId: appId, ...body }),
  });
  return { status: response.status, json: await response.json() };
}

test('Parse.initialize(appId, javascriptKey): every call carries the key; a wrong or missing key is 403 unauthorized', { skip }, async () => {
  const cls = unique('Keyed');
  await new Parse.Object(cls, { n: 1 }).save(null, master);
  const user = await Parse.User.signUp(unique('keyed'), 'keyed pass');
  const saved = await new Parse.Object(cls, { n: 2 }).save(null, { sessionToken: user.getSessionToken() });
  assert.ok(saved.id);
  assert.equal((await new Parse.Query(cls).find()).length, 2);

  assert.deepEqual(await raw(`/classes/${cls}`, { _method: 'GET' }), { status: 403, json: { error: 'unauthorized' } });
  assert.deepEqual(await raw(`/classes/${cls}`, { _method: 'GET', _JavaScriptKey: 'wrong' }), { status: 403, json: { error: 'unauthorized' } });
  assert.equal((await raw(`/classes/${cls}`, { _method: 'GET', _JavaScriptKey: javascriptKey })).status, 200);
  // the master key needs no client key
  assert.equal((await raw(`/classes/${cls}`, { _method: 'GET', _MasterKey: masterKey })).status, 200);

  Parse.CoreManager.set('JAVASCRIPT_KEY', 'wrong');
  try {
    await assert.rejects(new Parse.Query(cls).find(), (error) => /unauthorized/.test(error.message));
  } finally {
    Parse.CoreManager.set('JAVASCRIPT_KEY', javascriptKey);
  }
});

test('the read-only master key as the SDK\'s master key: reads everything, every save refused with 119', { skip: skip || (!readOnlyMasterKey && 'needs PARSE_READ_ONLY_MASTER_KEY') }, async () => {
  const cls = unique('ReadOnly');
  const hidden = new Parse.Object(cls, { n: 1 });
  hidden.setACL(new Parse.ACL());
  await hidden.save(null, master);
  Parse.CoreManager.set('MASTER_KEY', readOnlyMasterKey);
  try {
    assert.equal((await new Parse.Query(cls).find(master)).length, 1, 'reads what only the master key reads');
    assert.equal((await new Parse.Query(cls).find()).length, 0, 'without useMasterKey, a client');
    await assert.rejects(new Parse.Object(cls, { n: 2 }).save(null, master), (error) => error.code === 119);
    await assert.rejects(Parse.Object.saveAll([new Parse.Object(cls, { n: 3 }), new Parse.Object(cls, { n: 4 })], master),
      (error) => (error.errors ?? [error]).every((e) => e.code === 119));
    await assert.rejects(hidden.destroy(master), (error) => error.code === 119);
    await assert.rejects(Parse.Config.save({ readOnly: true }), (error) => error.code === 119);
  } finally {
    Parse.CoreManager.set('MASTER_KEY', masterKey);
  }
  assert.equal((await new Parse.Query(cls).find(master)).length, 1, 'nothing was written');
});

test('Parse.allowCustomObjectId: the SDK saves an object with the objectId it chose', { skip }, async () => {
  const cls = unique('Custom');
  const id = unique('chosen');
  Parse.allowCustomObjectId = true;
  try {
    const object = new Parse.Object(cls, { n: 1 });
    object.id = id;
    await object.save(null, master);
    const again = new Parse.Object(cls, { n: 2 });
    again.id = id;
    await assert.rejects(again.save(null, master), (error) => error.code === 137);
  } finally {
    Parse.allowCustomObjectId = false;
  }
  const fetched = await new Parse.Query(cls).get(id);
  assert.equal(fetched.get('n'), 1);
});

test('a find without a limit answers default_limit objects; with one, that many', { skip }, async () => {
  const cls = unique('Limited');
  await Parse.Object.saveAll(Array.from({ length: 6 }, (_, n) => new Parse.Object(cls, { n })), master);
  assert.equal((await new Parse.Query(cls).find()).length, 4);
  assert.equal((await new Parse.Query(cls).limit(6).find()).length, 6);
  assert.equal(await new Parse.Query(cls).count(), 6);
});

test('LiveQuery at the server\'s root path, with the javascript key', { skip }, async () => {
  const cls = unique('LiveKeyed');
  await new Parse.Object(cls, { room: 'setup' }).save(null, master);
  Parse.liveQueryServerURL = `${new URL(serverURL).origin.replace(/^http/, 'ws')}/`;
  Parse.masterKey = undefined; // a plain client: its connect message carries the javascript key only
  const subscription = await new Parse.Query(cls).equalTo('room', 'a').subscribe();
  const seen = [];
  subscription.on('create', (object) => seen.push(object.get('n')));
  await new Promise((resolve) => subscription.on('open', resolve));
  Parse.masterKey = masterKey;
  await new Parse.Object(cls, { room: 'a', n: 1 }).save(null, master);
  const deadline = Date.now() + 5000;
  while (seen.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, [1]);
  await subscription.unsubscribe();
});
