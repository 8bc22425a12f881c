import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, uniqueClass } from '../support/helpers.mjs';

test('Parse.File: saved from base64, kept in an object field, downloaded from its url', async () => {
  const text = `hello from the SDK ${Date.now()}`;
  const file = new Parse.File('hello.txt', { base64: Buffer.from(text).toString('base64') }, 'text/plain');
  await file.save(master);
  assert.match(file.name(), /^[0-9a-f]{32}_hello\.txt$/);
  assert.ok(file.url().endsWith(`/files/${Parse.applicationId}/${file.name()}`), file.url());

  const className = uniqueClass('FileHolder');
  const holder = new Parse.Object(className);
  holder.set('attachment', file);
  await holder.save(null, master);
  const fetched = await new Parse.Query(className).get(holder.id, master);
  const stored = fetched.get('attachment');
  assert.ok(stored instanceof Parse.File);
  assert.equal(stored.name(), file.name());
  assert.equal(stored.url(), file.url());

  // the url names the server as configured; reach it the way this suite reaches the API
  const url = new URL(stored.url());
  const api = new URL(Parse.serverURL);
  url.host = api.host;
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain');
  assert.equal(await response.text(), text);

  await file.destroy(master);
  assert.equal((await fetch(url)).status, 404);
});
