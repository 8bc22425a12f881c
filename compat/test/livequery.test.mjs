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

/** Subscribes as a plain client (the SDK's LiveQuery connection would send the master key when one is set). */
async function subscribeAsClient(query, sessionToken) {
  const key = Parse.masterKey;
  Parse.masterKey = undefined;
  const subscription = await query.subscribe(sessionToken);
  await new Promise((resolve) => subscription.on('open', resolve));
  Parse.masterKey = key;
  return subscription;
}

const until = async (seen, count, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (seen.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300)); // and nothing more arrives
};

test('losing read access is a leave showing the last state the subscriber could read; gaining it shows no earlier state', async () => {
  const cls = uniqueClass('Access');
  await new Parse.Object(cls, { room: 'setup' }).save(null, master);
  const user = await new Parse.User({ username: `acc${Date.now().toString(36)}`, password: 'access pass' }).signUp();
  const seen = [];
  const subscription = await subscribeAsClient(new Parse.Query(cls).equalTo('room', 'a'), user.getSessionToken());
  for (const op of ['create', 'update', 'leave', 'enter']) {
    subscription.on(op, (object, original) =>
      seen.push([op, object.get('note'), original instanceof Parse.Object ? original.get('note') : null]));
  }
  const forUser = new Parse.ACL();
  forUser.setReadAccess(user.id, true);
  const forOther = new Parse.ACL();
  forOther.setReadAccess('someoneElse', true);

  const o = await new Parse.Object(cls, { room: 'a', note: 'v1', ACL: forUser }).save(null, master);
  await o.save({ note: 'secret', ACL: forOther }, master); // read access lost in the same save as a new value
  await o.save({ note: 'hidden too' }, master);
  await o.save({ note: 'v4', ACL: forUser }, master); // and granted again
  await until(seen, 3);
  assert.deepEqual(seen, [['create', 'v1', null], ['leave', 'v1', 'v1'], ['enter', 'v4', null]]);
  await subscription.unsubscribe();
  await Parse.User.logOut();
});

test('a watching subscription hears of updates and creates only when a watched field changes', async () => {
  const cls = uniqueClass('Watch');
  await new Parse.Object(cls, { room: 'setup', score: 0, note: '' }).save(null, master);
  const seen = [];
  const query = new Parse.Query(cls).equalTo('room', 'a');
  query.watch('score');
  const subscription = await subscribeAsClient(query);
  for (const op of ['create', 'update', 'leave']) subscription.on(op, (object) => seen.push([op, object.get('score') ?? null]));

  const o = await new Parse.Object(cls, { room: 'a', note: 'x' }).save(null, master); // sets no watched field
  await o.save({ note: 'y' }, master);
  await o.save({ score: 1 }, master);
  await o.save({ note: 'z' }, master);
  await o.save({ score: 2, note: 'w' }, master);
  await o.save({ room: 'b' }, master); // leaving is always told
  await new Parse.Object(cls, { room: 'a', score: 5 }).save(null, master);
  await until(seen, 4);
  assert.deepEqual(seen, [['update', 1], ['update', 2], ['leave', 2], ['create', 5]]);
  await subscription.unsubscribe();
});

test('events follow the class-level permissions as they are at the moment of the event, pointer permissions included', async () => {
  const cls = uniqueClass('Perm');
  const user = await new Parse.User({ username: `perm${Date.now().toString(36)}`, password: 'perm pass' }).signUp();
  const other = await new Parse.User({ username: `other${Date.now().toString(36)}`, password: 'other pass' }).save(null, master);
  await new Parse.Object(cls, { note: 'setup', owner: other }).save(null, master);
  const seen = [];
  const subscription = await subscribeAsClient(new Parse.Query(cls), user.getSessionToken());
  subscription.on('create', (object) => seen.push(object.get('note')));

  await new Parse.Object(cls, { note: 'open' }).save(null, master);
  const schema = new Parse.Schema(cls);
  const anyone = { '*': true };
  // finds only through the owner field: the user reads the objects that point to it, and only those
  schema.setCLP({ find: {}, get: {}, count: {}, create: anyone, update: anyone, delete: anyone, addField: anyone, readUserFields: ['owner'] });
  await schema.update();
  await new Parse.Object(cls, { note: 'theirs', owner: other }).save(null, master);
  await new Parse.Object(cls, { note: 'mine', owner: user }).save(null, master);
  schema.setCLP({ find: {}, get: {}, count: {}, create: anyone, update: anyone, delete: anyone, addField: anyone });
  await schema.update();
  await new Parse.Object(cls, { note: 'closed', owner: user }).save(null, master);
  await until(seen, 2);
  assert.deepEqual(seen, ['open', 'mine']);
  await subscription.unsubscribe();
  await Parse.User.logOut();
});

test('watching a field hidden from the subscriber is refused', async () => {
  const cls = uniqueClass('Guarded');
  await new Parse.Object(cls, { note: 'setup', secret: 's' }).save(null, master);
  const schema = new Parse.Schema(cls);
  const anyone = { '*': true };
  schema.setCLP({ find: anyone, get: anyone, count: anyone, create: anyone, update: anyone, delete: anyone, addField: anyone,
    protectedFields: { '*': ['secret'] } });
  await schema.update();
  const query = new Parse.Query(cls);
  query.watch('secret');
  const key = Parse.masterKey;
  Parse.masterKey = undefined;
  try {
    await assert.rejects(query.subscribe(), (e) => e.code === Parse.Error.OPERATION_FORBIDDEN && /Permission denied/.test(e.message));
  } finally {
    Parse.masterKey = key;
  }
});
