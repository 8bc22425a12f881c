import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass } from '../support/helpers.mjs';

test('saveAll and destroyAll go through /batch', async () => {
  const cls = uniqueClass('Many');
  const objects = Array.from({ length: 30 }, (_, i) => new Parse.Object(cls, { i }));
  await Parse.Object.saveAll(objects, master);
  assert.ok(objects.every((o) => o.id));
  assert.equal(await new Parse.Query(cls).count(), 30);
  await Parse.Object.destroyAll(objects.slice(0, 10));
  assert.equal(await new Parse.Query(cls).count(), 20);
});

test('saveAll with transaction: a failing object saves none', async () => {
  const cls = uniqueClass('Tx');
  await new Parse.Object(cls, { n: 0 }).save(null, master);
  const good = new Parse.Object(cls, { n: 1 });
  const bad = new Parse.Object(cls, { n: 'not a number' });
  await assert.rejects(Parse.Object.saveAll([good, bad], { ...master, transaction: true }));
  assert.equal(await new Parse.Query(cls).count(), 1);
  await Parse.Object.saveAll([new Parse.Object(cls, { n: 2 }), new Parse.Object(cls, { n: 3 })], { ...master, transaction: true });
  assert.equal(await new Parse.Query(cls).count(), 3);
});
