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

test('a signed-in subscriber sees the objects its ACL lets it read, and only those', async () => {
  Parse.User.enableUnsafeCurrentUser();
  const cls = uniqueClass('Inbox');
  await new Parse.Object(cls, { to: 'setup' }).save(null, master);
  const user = await Parse.User.signUp(`lq${Date.now().toString(36)}`, 'live query pass');
  const seen = [];
  const key = Parse.masterKey;
  Parse.masterKey = undefined; // subscribe as the user, not as master
  const subscription = await new Parse.Query(cls).subscribe(user.getSessionToken());
  subscription.on('create', (object) => seen.push(object.get('note')));
  await new Promise((resolve) => subscription.on('open', resolve));
  Parse.masterKey = key;

  const mine = new Parse.Object(cls, { note: 'for the user' });
  const forUser = new Parse.ACL();
  forUser.setReadAccess(user.id, true);
  mine.setACL(forUser);
  const others = new Parse.Object(cls, { note: 'for someone else' });
  const forOther = new Parse.ACL();
  forOther.setReadAccess('someoneElse', true);
  others.setACL(forOther);
  await others.save(null, master);
  await mine.save(null, master);
  const deadline = Date.now() + 5000;
  while (seen.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(seen, ['for the user']);
  await subscription.unsubscribe();
  await Parse.User.logOut();
});

test('a client whose connection drops reconnects, subscribes again and gets the events that follow', async () => {
  const cls = uniqueClass('Redial');
  await new Parse.Object(cls, { n: 0 }).save(null, master);
  const key = Parse.masterKey;
  Parse.masterKey = undefined;
  const subscription = await new Parse.Query(cls).subscribe();
  const created = [];
  subscription.on('create', (object) => created.push(object.get('n')));
  await new Promise((resolve) => subscription.on('open', resolve));
  Parse.masterKey = key;

  const client = await Parse.CoreManager.getLiveQueryController().getDefaultLiveQueryClient();
  const reopened = new Promise((resolve, reject) => {
    subscription.on('open', resolve);
    setTimeout(() => reject(new Error('not subscribed again within 10 s')), 10000).unref();
  });
  client.socket.close(); // the connection drops under the SDK (Parse.LiveQuery.close() would not reconnect)
  await reopened;
  await new Parse.Object(cls, { n: 1 }).save(null, master);
  const deadline = Date.now() + 5000;
  while (created.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(created, [1]);
  await subscription.unsubscribe();
});
