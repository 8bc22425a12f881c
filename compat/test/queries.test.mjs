import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass, seed, beyondPostgresAdapter } from '../support/helpers.mjs';

const Item = uniqueClass('Item');
const Person = uniqueClass('Person');
let ann, bob;

const names = (results) => results.map((o) => o.get('name')).sort();

before(async () => {
  [ann, bob] = await seed(Person, [{ name: 'ann', age: 30, city: 'paris' }, { name: 'bob', age: 40, city: 'oslo' }]);
  await seed(Item, [
    { name: 'apple', n: 1, tags: ['red', 'fruit'], owner: ann, loc: new Parse.GeoPoint(48.85, 2.35), text: 'the quick brown fox' },
    { name: 'banana', n: 2, tags: ['yellow', 'fruit'], owner: bob, loc: new Parse.GeoPoint(59.91, 10.75), text: 'lazy dogs sleep' },
    { name: 'carrot', n: 3, tags: ['orange', 'vegetable'], owner: ann, loc: new Parse.GeoPoint(51.5, -0.12), text: 'quick carrots grow' },
    { name: 'date', n: 4, tags: [] },
  ]);
});

test('comparisons, containment and existence', async () => {
  const q = () => new Parse.Query(Item);
  assert.deepEqual(names(await q().equalTo('name', 'apple').find()), ['apple']);
  assert.deepEqual(names(await q().notEqualTo('name', 'apple').find()), ['banana', 'carrot', 'date']);
  assert.deepEqual(names(await q().greaterThan('n', 1).lessThanOrEqualTo('n', 3).find()), ['banana', 'carrot']);
  assert.deepEqual(names(await q().containedIn('name', ['apple', 'date', 'nope']).find()), ['apple', 'date']);
  assert.deepEqual(names(await q().notContainedIn('n', [1, 2]).find()), ['carrot', 'date']);
  assert.deepEqual(names(await q().containsAll('tags', ['orange', 'vegetable']).find()), ['carrot']);
  assert.deepEqual(names(await q().containedBy('tags', ['red', 'fruit', 'yellow']).find()), ['apple', 'banana', 'date']);
  assert.deepEqual(names(await q().exists('loc').find()), ['apple', 'banana', 'carrot']);
  assert.deepEqual(names(await q().doesNotExist('loc').find()), ['date']);
});

test('strings: startsWith, endsWith, contains, matches', async () => {
  const q = () => new Parse.Query(Item);
  assert.deepEqual(names(await q().startsWith('name', 'ba').find()), ['banana']);
  assert.deepEqual(names(await q().endsWith('name', 'ot').find()), ['carrot']);
  assert.deepEqual(names(await q().contains('name', 'rr').find()), ['carrot']);
  assert.deepEqual(names(await q().matches('name', '^A', 'i').find()), ['apple']);
  assert.deepEqual(names(await q().fullText('text', 'quick').find()), ['apple', 'carrot']);
});

test('or, and, order, limit, skip, count, select', async () => {
  const a = new Parse.Query(Item).equalTo('name', 'apple');
  const d = new Parse.Query(Item).equalTo('n', 4);
  assert.deepEqual(names(await Parse.Query.or(a, d).find()), ['apple', 'date']);
  const cheap = new Parse.Query(Item).lessThan('n', 2);
  const fruit = new Parse.Query(Item).containedIn('name', ['apple', 'banana']);
  assert.deepEqual(names(await Parse.Query.and(fruit, cheap).find()), ['apple']);
  const page = await new Parse.Query(Item).descending('n').skip(1).limit(2).find();
  assert.deepEqual(page.map((o) => o.get('name')), ['carrot', 'banana']);
  assert.equal(await new Parse.Query(Item).greaterThan('n', 1).count(), 3);
  const [only] = await new Parse.Query(Item).equalTo('name', 'apple').select('n').find();
  assert.equal(only.get('n'), 1);
  assert.equal(only.get('tags'), undefined);
  const first = await new Parse.Query(Item).ascending('name').first();
  assert.equal(first.get('name'), 'apple');
});

test('pointers: equality, include, matchesQuery, doesNotMatchQuery, matchesKeyInQuery', async () => {
  assert.deepEqual(names(await new Parse.Query(Item).equalTo('owner', ann).find()), ['apple', 'carrot']);
  const withOwner = await new Parse.Query(Item).equalTo('name', 'banana').include('owner').first();
  assert.equal(withOwner.get('owner').get('city'), 'oslo');
  const parisians = new Parse.Query(Person).equalTo('city', 'paris');
  assert.deepEqual(names(await new Parse.Query(Item).matchesQuery('owner', parisians).find()), ['apple', 'carrot']);
  const olders = new Parse.Query(Person).greaterThan('age', 35);
  assert.deepEqual(names(await new Parse.Query(Item).matchesKeyInQuery('owner', 'objectId', olders).find()), ['banana']);
});

test('geo: withinGeoBox, withinPolygon', async () => {
  const box = await new Parse.Query(Item).withinGeoBox('loc', new Parse.GeoPoint(45, -5), new Parse.GeoPoint(55, 5)).find();
  assert.deepEqual(names(box), ['apple', 'carrot']);
  const polygon = [new Parse.GeoPoint(45, -5), new Parse.GeoPoint(55, -5), new Parse.GeoPoint(55, 5), new Parse.GeoPoint(45, 5)];
  assert.deepEqual(names(await new Parse.Query(Item).withinPolygon('loc', polygon).find()), ['apple', 'carrot']);
});

test('relations: add, query, remove', async () => {
  const items = await new Parse.Query(Item).containedIn('name', ['apple', 'carrot']).find();
  const likes = ann.relation('likes');
  likes.add(items);
  await ann.save(null, master);
  assert.deepEqual(names(await likes.query().find()), ['apple', 'carrot']);
  likes.remove(items[0]);
  await ann.save(null, master);
  assert.equal((await likes.query().find()).length, 1);
});

test('distinct with the master key', async () => {
  const owners = await new Parse.Query(Item).exists('owner').distinct('owner', master);
  assert.equal(owners.length, 2);
});

// Parse Server's PostgreSQL adapter fails each of these (a 500, a SQL error or a missing row) where its
// MongoDB adapter answers; Parsec answers as Parse on MongoDB does. PARSE_POSTGRES_ADAPTER=true skips them.

test('an array field equals one of its elements', beyondPostgresAdapter, async () => {
  assert.deepEqual(names(await new Parse.Query(Item).equalTo('tags', 'fruit').find()), ['apple', 'banana']);
  const fruit = new Parse.Query(Item).equalTo('tags', 'fruit');
  const cheap = new Parse.Query(Item).lessThan('n', 2);
  assert.deepEqual(names(await Parse.Query.and(fruit, cheap).find()), ['apple']);
});

test('doesNotMatchQuery keeps objects without the pointer', beyondPostgresAdapter, async () => {
  const parisians = new Parse.Query(Person).equalTo('city', 'paris');
  assert.deepEqual(names(await new Parse.Query(Item).doesNotMatchQuery('owner', parisians).find()), ['banana', 'date']);
});

test('geo without PostGIS: near, withinKilometers, withinMiles', beyondPostgresAdapter, async () => {
  const paris = new Parse.GeoPoint(48.85, 2.35);
  const near = await new Parse.Query(Item).near('loc', new Parse.GeoPoint(60, 10)).find();
  assert.deepEqual(near.map((o) => o.get('name')), ['banana', 'carrot', 'apple']);
  assert.deepEqual(names(await new Parse.Query(Item).withinKilometers('loc', paris, 400, false).find()), ['apple', 'carrot']);
  assert.deepEqual(names(await new Parse.Query(Item).withinMiles('loc', paris, 100, false).find()), ['apple']);
});

test('aggregate: $match then $group by null', beyondPostgresAdapter, async () => {
  const grouped = await new Parse.Query(Item).aggregate([
    { $match: { n: { $gte: 2 } } },
    { $group: { _id: null, total: { $sum: '$n' } } },
  ], master);
  assert.equal(grouped[0].total, 9);
});
