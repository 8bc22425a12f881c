import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, uniqueClass } from '../support/helpers.mjs';

test('Parse.Schema: create with fields and an index, read, change, delete', async () => {
  const cls = uniqueClass('Shape');
  const schema = new Parse.Schema(cls);
  schema.addString('name').addNumber('sides').addPointer('owner', '_User').addIndex('by_sides', { sides: 1 });
  await schema.save();

  const read = await new Parse.Schema(cls).get();
  assert.equal(read.className, cls);
  assert.equal(read.fields.name.type, 'String');
  assert.equal(read.fields.sides.type, 'Number');
  assert.deepEqual(read.fields.owner, { type: 'Pointer', targetClass: '_User' });
  assert.deepEqual(read.indexes.by_sides, { sides: 1 });

  const all = await Parse.Schema.all();
  assert.ok(all.some((s) => s.className === cls));

  const change = new Parse.Schema(cls);
  change.deleteField('sides').addBoolean('convex');
  await change.update();
  const changed = await new Parse.Schema(cls).get();
  assert.equal(changed.fields.sides, undefined);
  assert.equal(changed.fields.convex.type, 'Boolean');

  await new Parse.Schema(cls).delete();
  await assert.rejects(new Parse.Schema(cls).get(), (e) => e.code === Parse.Error.INVALID_CLASS_NAME);
});
