import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass, serverURL } from '../support/helpers.mjs';

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
  assert.equal(got.get('text'), 'héllo');
  assert.equal(got.get('number'), 42);
  assert.equal(got.get('fraction'), 0.5);
  assert.equal(got.get('flag'), true);
  assert.equal(got.get('when').toISOString(), when.toISOString());
  assert.deepEqual(got.get('nested'), { a: { b: [1, 'two', { c: null }] } });
  assert.deepEqual(got.get('list'), [1, 'x', { y: 2 }]);
  assert.equal(got.get('nothing'), undefined);
  assert.equal(got.get('owner').id, owner.id);
  assert.equal(got.get('owner').className, owner.className);
  assert.equal(got.get('where').latitude, 40.7);
  assert.equal(got.get('where').longitude, -74.0);
  assert.deepEqual(got.get('area').coordinates, [[0, 0], [0, 1], [1, 1]]);
});

test('an update changes the value and moves updatedAt', async () => {
  const cls = uniqueClass('Note');
  const note = await new Parse.Object(cls, { title: 'draft' }).save(null, master);
  const before = note.updatedAt;
  await new Promise((r) => setTimeout(r, 5));
  note.set('title', 'final');
  await note.save();
  const fresh = await new Parse.Query(cls).get(note.id);
  assert.equal(fresh.get('title'), 'final');
  assert.ok(fresh.updatedAt > before);
  const fetched = await new Parse.Object(cls, { objectId: note.id }).fetch();
  assert.equal(fetched.get('title'), 'final');
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

test('a destroyed object is gone: get rejects with OBJECT_NOT_FOUND', async () => {
  const cls = uniqueClass('Gone');
  const o = await new Parse.Object(cls, { a: 1 }).save(null, master);
  await o.destroy();
  await assert.rejects(new Parse.Query(cls).get(o.id), (e) => e.code === Parse.Error.OBJECT_NOT_FOUND);
  await assert.rejects(new Parse.Query(cls).get('noSuchId00'), (e) => e.code === Parse.Error.OBJECT_NOT_FOUND);
});

test('a type mismatch rejects with INCORRECT_TYPE and changes nothing', async () => {
  const cls = uniqueClass('Typed');
  const o = await new Parse.Object(cls, { n: 1 }).save(null, master);
  o.set('n', 'one');
  await assert.rejects(o.save(), (e) => e.code === Parse.Error.INCORRECT_TYPE);
  const fresh = await new Parse.Query(cls).get(o.id);
  assert.equal(fresh.get('n'), 1);
});

test('a client cannot create a class when client class creation is off', async () => {
  await assert.rejects(new Parse.Object(uniqueClass('Forbidden'), { a: 1 }).save(),
    (e) => e.code === Parse.Error.OPERATION_FORBIDDEN);
});

test('a wrong application id gets 403 unauthorized', async () => {
  const res = await fetch(`${serverURL}/classes/Anything`, {
    method: 'POST', headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ _method: 'GET', _ApplicationId: 'not-this-app' }),
  });
  assert.equal(res.status, 403);
  assert.deepEqual(await res.json(), { error: 'unauthorized' });
});
