import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass, serverURL, appId, clientClassCreation } from '../support/helpers.mjs';

const notFound = (e) => e.code === Parse.Error.OBJECT_NOT_FOUND;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Creates the class as master (client class creation may be off) with one object, and returns it. */
const createClass = (cls, attrs = { name: 'first' }) => new Parse.Object(cls, attrs).save(null, master);

test('an object saved with every type reads back the same', async () => {
  const cls = uniqueClass('Zoo');
  const when = new Date('2024-02-29T12:34:56.789Z');
  const owner = await new Parse.Object(uniqueClass('Owner'), { name: 'o' }).save(null, master);
  const obj = new Parse.Object(cls, {
    text: 'héllo', number: 42, fraction: 0.5, flag: true, when,
    nested: { a: { b: [1, 'two', { c: null }] } }, list: [1, 'x', { y: 2 }],
    nothing: null, owner, where: new Parse.GeoPoint(40.7, -74.0),
    area: new Parse.Polygon([[0, 0], [0, 1], [1, 1]]),
  });
  await obj.save(null, master);
  assert.match(obj.id, /^[A-Za-z0-9]{10}$/);
  assert.ok(obj.createdAt instanceof Date);

  const got = await new Parse.Query(cls).get(obj.id);
  assert.equal(got.id, obj.id);
  assert.equal(got.createdAt.getTime(), obj.createdAt.getTime());
  assert.equal(got.get('text'), 'héllo');
  assert.equal(got.get('number'), 42);
  assert.equal(got.get('fraction'), 0.5);
  assert.equal(got.get('flag'), true);
  assert.ok(got.get('when') instanceof Date);
  assert.equal(got.get('when').toISOString(), when.toISOString());
  assert.deepEqual(got.get('nested'), { a: { b: [1, 'two', { c: null }] } });
  assert.deepEqual(got.get('list'), [1, 'x', { y: 2 }]);
  // Parse Server on PostgreSQL leaves a top-level null out of the object; on MongoDB it reads back null.
  assert.equal(got.get('nothing') ?? null, null);
  assert.equal(got.get('owner').id, owner.id);
  assert.equal(got.get('owner').className, owner.className);
  assert.equal(got.get('where').latitude, 40.7);
  assert.equal(got.get('where').longitude, -74.0);
  // Parse Server stores a polygon as a closed ring and reads it back closed.
  assert.deepEqual(got.get('area').coordinates, [[0, 0], [0, 1], [1, 1], [0, 0]]);
});

test('a client saves a new object into an existing class and reads it back', async () => {
  const cls = uniqueClass('Pet');
  await createClass(cls, { name: 'seed', legs: 0, good: false, born: new Date(0), info: {}, toys: [] });
  const born = new Date('2020-01-02T03:04:05.006Z');
  const pet = new Parse.Object(cls, {
    name: 'rex', legs: 4, good: true, born, info: { breed: 'mutt', vet: { visits: [2019, 2020] } }, toys: ['ball', 7],
  });
  await pet.save();
  assert.ok(pet.id);
  assert.ok(pet.createdAt instanceof Date);
  assert.equal(pet.updatedAt.getTime(), pet.createdAt.getTime());

  const got = await new Parse.Query(cls).get(pet.id);
  assert.equal(got.get('name'), 'rex');
  assert.equal(got.get('legs'), 4);
  assert.equal(got.get('good'), true);
  assert.equal(got.get('born').toISOString(), born.toISOString());
  assert.deepEqual(got.get('info'), { breed: 'mutt', vet: { visits: [2019, 2020] } });
  assert.deepEqual(got.get('toys'), ['ball', 7]);
});

test('an update changes the value and moves updatedAt', async () => {
  const cls = uniqueClass('Note');
  const note = await createClass(cls, { title: 'draft', words: 1 });
  const created = note.createdAt;
  const before = note.updatedAt;
  await pause(5);
  note.set('title', 'final');
  await note.save();
  assert.ok(note.updatedAt > before);

  const fresh = await new Parse.Query(cls).get(note.id);
  assert.equal(fresh.get('title'), 'final');
  assert.equal(fresh.get('words'), 1);
  assert.ok(fresh.updatedAt > before);
  assert.equal(fresh.updatedAt.getTime(), note.updatedAt.getTime());
  assert.equal(fresh.createdAt.getTime(), created.getTime());
});

test('fetch() refreshes a stale copy of an object', async () => {
  const cls = uniqueClass('Card');
  const card = await createClass(cls, { title: 'old', n: 1 });
  const stale = new Parse.Object(cls, { objectId: card.id });
  await stale.fetch();
  assert.equal(stale.get('title'), 'old');

  card.set('title', 'new');
  await card.save();
  assert.equal(stale.get('title'), 'old');
  await stale.fetch();
  assert.equal(stale.get('title'), 'new');
  assert.equal(stale.get('n'), 1);
  assert.equal(stale.updatedAt.getTime(), card.updatedAt.getTime());
});

test('Parse.Object.fetchAll refreshes several objects at once', async () => {
  const cls = uniqueClass('Deck');
  const a = await createClass(cls, { name: 'a', n: 1 });
  const b = await new Parse.Object(cls, { name: 'b', n: 2 }).save();
  const copies = [new Parse.Object(cls, { objectId: b.id }), new Parse.Object(cls, { objectId: a.id })];
  const fetched = await Parse.Object.fetchAll(copies);
  assert.deepEqual(fetched.map((o) => [o.id, o.get('name'), o.get('n')]), [[b.id, 'b', 2], [a.id, 'a', 1]]);
});

test('field operations: increment, add, addUnique, remove, unset', async () => {
  const cls = uniqueClass('Ops');
  const o = await new Parse.Object(cls, { n: 1, tags: ['a'], gone: 'x' }).save(null, master);
  o.increment('n', 4);
  o.addUnique('tags', 'a');
  o.addUnique('tags', 'b');
  await o.save();
  assert.equal(o.get('n'), 5);
  o.add('tags', 'c');
  await o.save();
  o.remove('tags', 'a');
  o.unset('gone');
  await o.save();
  const fresh = await new Parse.Query(cls).get(o.id);
  assert.equal(fresh.get('n'), 5);
  assert.deepEqual(fresh.get('tags'), ['b', 'c']);
  assert.equal(fresh.get('gone'), undefined);
});

test('a destroyed object is gone: get and fetch reject with OBJECT_NOT_FOUND', async () => {
  const cls = uniqueClass('Gone');
  const o = await createClass(cls, { a: 1 });
  await o.destroy();
  await assert.rejects(new Parse.Query(cls).get(o.id), notFound);
  await assert.rejects(new Parse.Object(cls, { objectId: o.id }).fetch(), notFound);
  assert.deepEqual(await new Parse.Query(cls).equalTo('a', 1).find(), []);
});

test('an unknown id rejects with OBJECT_NOT_FOUND', async () => {
  const cls = uniqueClass('Known');
  await createClass(cls);
  await assert.rejects(new Parse.Query(cls).get('noSuchId00'), notFound);
  await assert.rejects(new Parse.Object(cls, { objectId: 'noSuchId00' }).fetch(), notFound);
});

test('a query on a field finds what was saved, and only that', async () => {
  const cls = uniqueClass('Named');
  const first = await createClass(cls, { name: 'alpha', n: 1 });
  const second = await new Parse.Object(cls, { name: 'beta', n: 2 }).save();

  const alphas = await new Parse.Query(cls).equalTo('name', 'alpha').find();
  assert.equal(alphas.length, 1);
  assert.equal(alphas[0].id, first.id);
  assert.equal(alphas[0].get('n'), 1);
  const betas = await new Parse.Query(cls).equalTo('name', 'beta').find();
  assert.deepEqual(betas.map((o) => o.id), [second.id]);
  assert.equal(betas[0].get('n'), 2);
  assert.deepEqual(await new Parse.Query(cls).equalTo('name', 'gamma').find(), []);
  const all = await new Parse.Query(cls).find();
  assert.deepEqual(all.map((o) => o.id).sort(), [first.id, second.id].sort());
});

test('a type mismatch rejects with INCORRECT_TYPE and changes nothing', async () => {
  const cls = uniqueClass('Typed');
  const o = await new Parse.Object(cls, { n: 1 }).save(null, master);
  o.set('n', 'one');
  await assert.rejects(o.save(), (e) => e.code === Parse.Error.INCORRECT_TYPE);
  const fresh = await new Parse.Query(cls).get(o.id);
  assert.equal(fresh.get('n'), 1);
});

test('a client cannot create a class when client class creation is off', { skip: clientClassCreation && 'the server allows client class creation' }, async () => {
  await assert.rejects(new Parse.Object(uniqueClass('Forbidden'), { a: 1 }).save(),
    (e) => e.code === Parse.Error.OPERATION_FORBIDDEN);
});

test('a client creates a class when client class creation is on', { skip: !clientClassCreation && 'the server forbids client class creation' }, async () => {
  const cls = uniqueClass('Allowed');
  const o = await new Parse.Object(cls, { a: 1 }).save();
  assert.equal((await new Parse.Query(cls).get(o.id)).get('a'), 1);
});

test('a wrong application id gets 403 unauthorized', async () => {
  const res = await fetch(`${serverURL}/classes/Anything`, {
    method: 'POST', headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ _method: 'GET', _ApplicationId: 'not-this-app' }),
  });
  assert.equal(res.status, 403);
  assert.deepEqual(await res.json(), { error: 'unauthorized' });
});

test('the SDK initialized with a wrong application id is refused as unauthorized', async () => {
  const cls = uniqueClass('Locked');
  const o = await createClass(cls);
  Parse.applicationId = 'not-this-app';
  try {
    // The body carries no code, so the SDK's error has none: only the message says what happened.
    await assert.rejects(new Parse.Query(cls).get(o.id), (e) => e instanceof Parse.Error && e.message === 'unauthorized');
    await assert.rejects(new Parse.Object(cls, { name: 'x' }).save(), (e) => e.message === 'unauthorized');
  } finally {
    Parse.applicationId = appId;
  }
  assert.equal((await new Parse.Query(cls).find()).length, 1);
});
