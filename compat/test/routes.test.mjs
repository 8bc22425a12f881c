import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, serverURL, appId, master } from '../support/helpers.mjs';

// the Node SDK keeps no current user unless told to (there is no single user in a server process)
Parse.User.enableUnsafeCurrentUser();

function unique(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
}

/** The count of an event on the node's /metrics, or null where the server has no /metrics (Parse Server). */
async function eventCount(name) {
  const response = await fetch(new URL('/metrics', serverURL));
  if (response.status !== 200) return null;
  const line = (await response.text()).split('\n')
    .find((l) => l.startsWith('parsec_analytics_events_total{') && l.includes(`event="${name}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('Parse.Analytics.track: AppOpened and custom events are accepted (and counted on /metrics)', async () => {
  const name = unique('tapped');
  const before = await eventCount(name);
  assert.deepEqual(await Parse.Analytics.track('AppOpened', {}), {});
  assert.deepEqual(await Parse.Analytics.track(name, { screen: 'home', plan: 'free' }), {});
  await Parse.Analytics.track(name);
  if (before !== null) {
    assert.equal(await eventCount(name), before + 2);
  }
});

test('Parse.Session.current() is the session of the current user', async () => {
  const user = await Parse.User.signUp(unique('ses'), 'pw');
  const session = await Parse.Session.current();
  assert.equal(session.getSessionToken(), user.getSessionToken());
  assert.equal(session.get('user').id, user.id);
  assert.equal(session.get('createdWith').action, 'signup');
  assert.ok(session.get('expiresAt') instanceof Date);
  assert.equal(Parse.Session.isCurrentSessionRevocable(), true);
  const token = user.getSessionToken();
  await Parse.User.logOut();
  await assert.rejects(Parse.Session.current(), 'no current user, no current session');
  const ended = await Parse.User.become(token).catch((e) => e);
  assert.equal(ended.code, Parse.Error.INVALID_SESSION_TOKEN);
});

test('new Parse.Session().save() starts another session of the user; Parse.User.become takes it; save() changes it', async () => {
  const user = await Parse.User.signUp(unique('ses'), 'pw');
  const token = user.getSessionToken();
  const session = new Parse.Session();
  session.set('deviceName', 'kitchen tablet');
  await session.save(null, { sessionToken: token });
  assert.ok(session.id);
  assert.match(session.getSessionToken(), /^r:[0-9a-f]{64}$/);
  assert.notEqual(session.getSessionToken(), token);
  assert.equal(session.get('user').id, user.id);
  assert.equal(session.get('createdWith').action, 'create');

  const other = await Parse.User.become(session.getSessionToken());
  assert.equal(other.id, user.id);
  assert.equal(Parse.User.current().getSessionToken(), session.getSessionToken());

  session.set('deviceName', 'hall tablet');
  await session.save(null, { sessionToken: token });
  const fetched = await new Parse.Query(Parse.Session).get(session.id, { sessionToken: token });
  assert.equal(fetched.get('deviceName'), 'hall tablet');

  // without a session there is none to start; another user's session cannot be changed
  await Parse.User.logOut();
  const anonymous = await new Parse.Session().save().catch((e) => e);
  assert.equal(anonymous.code, Parse.Error.INVALID_SESSION_TOKEN);
  const stranger = await Parse.User.signUp(unique('str'), 'pw');
  fetched.set('deviceName', 'taken over');
  const refused = await fetched.save(null, { sessionToken: stranger.getSessionToken() }).catch((e) => e);
  assert.equal(refused.code, Parse.Error.OBJECT_NOT_FOUND);

  await Parse.User.logOut();
});

test('Parse.User.loginAs(userId) signs in as the user with the master key', async () => {
  const username = unique('as');
  const user = await Parse.User.signUp(username, 'pw');
  await Parse.User.logOut();
  const as = await Parse.User.loginAs(user.id);
  assert.equal(as.id, user.id);
  assert.equal(as.get('username'), username);
  assert.match(as.getSessionToken(), /^r:[0-9a-f]{64}$/);
  assert.notEqual(as.getSessionToken(), user.getSessionToken());
  assert.equal(Parse.User.current().id, user.id);
  const session = await Parse.Session.current();
  assert.deepEqual(session.get('createdWith'), { action: 'login', authProvider: 'masterkey' });
  await Parse.User.logOut();

  const unknown = await Parse.User.loginAs('nobodyhere').catch((e) => e);
  assert.equal(unknown.code, Parse.Error.OBJECT_NOT_FOUND);
  // without the master key (a plain REST client) the call is refused
  const response = await fetch(`${serverURL}/loginAs`, {
    method: 'POST',
    headers: { 'X-Parse-Application-Id': appId, 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId: user.id }),
  });
  assert.equal((await response.json()).code, Parse.Error.OPERATION_FORBIDDEN);
});

test('Parse.User.enableRevocableSession() upgrades the current user to a new revocable token, which replaces the one on this installation', async () => {
  const user = await Parse.User.signUp(unique('up'), 'pw');
  const old = user.getSessionToken();
  await Parse.User.enableRevocableSession();
  const upgraded = Parse.User.current().getSessionToken();
  assert.match(upgraded, /^r:[0-9a-f]{64}$/);
  assert.notEqual(upgraded, old);
  const session = await Parse.Session.current();
  assert.equal(session.get('createdWith').action, 'upgrade');
  // the SDK sends its installation id: as with Parse Server, the new session replaces the old one there
  const replaced = await Parse.User.become(old).catch((e) => e);
  assert.equal(replaced.code, Parse.Error.INVALID_SESSION_TOKEN);
  await Parse.User.logOut();
});

test('GET files/:appId/metadata/:name answers {} with no key, as Parse Server with an adapter that keeps none', async () => {
  // the SDK sends metadata and tags with a base64 upload; the upload succeeds, and they are not kept
  const file = new Parse.File('note.txt', { base64: Buffer.from('hello').toString('base64') }, 'text/plain',
    { author: 'ada' }, { kind: 'note' });
  await file.save(master);
  assert.ok(file.url());
  const response = await fetch(`${serverURL}/files/${appId}/metadata/${file.name()}`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {});
});

test('GET health answers {"status":"ok"} as Parse Server', async () => {
  const response = await fetch(`${serverURL}/health`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});
