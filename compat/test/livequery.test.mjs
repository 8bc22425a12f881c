import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass } from '../support/helpers.mjs';

// The server under test must enable LiveQuery for these classes (Parsec: livequery_classes, e.g. *).
const events = [];
const waitFor = async (count, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (events.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

after(async () => { await Parse.LiveQuery.close(); });

test('a subscription sees create, update, leave, enter and delete, in order, and nothing it may not read', async () => {
  const cls = uniqueClass('Live');
  await new Parse.Object(cls, { room: 'setup' }).save(null, master); // the class exists before anyone subscribes
  // the SDK's LiveQuery connection sends the master key when one is set: subscribe as a plain client
  const key = Parse.masterKey;
  Parse.masterKey = undefined;
  const subscription = await new Parse.Query(cls).equalTo('room', 'a').subscribe();
  for (const op of ['create', 'update', 'leave', 'enter', 'delete']) {
    subscription.on(op, (object) => events.push([op, object.get('n'), object.get('room')]));
  }
  await new Promise((resolve) => subscription.on('open', resolve));
  Parse.masterKey = key;

  const hidden = new Parse.Object(cls, { room: 'a', n: -1 });
  const acl = new Parse.ACL();
  acl.setReadAccess('someoneElse', true);
  hidden.setACL(acl);
  await hidden.save(null, master);

  const o = await new Parse.Object(cls, { room: 'a', n: 1 }).save(null, master);
  await o.save({ n: 2 }, master);
  await o.save({ room: 'b' }, master);
  await o.save({ room: 'a', n: 3 }, master);
  await o.destroy(master);
  await waitFor(5);
  assert.deepEqual(events, [['create', 1, 'a'], ['update', 2, 'a'], ['leave', 2, 'b'], ['enter', 3, 'a'], ['delete', 3, 'a']]);
  await subscription.unsubscribe();
});
