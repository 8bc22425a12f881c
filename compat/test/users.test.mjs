import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, serverURL, appId } from '../support/helpers.mjs';

// the Node SDK keeps no current user unless told to (there is no single user in a server process)
Parse.User.enableUnsafeCurrentUser();

function unique(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
}

test('Parse.User: sign up, become current, save a field, log out, log in again', async () => {
  const username = unique('ada');
  const user = await Parse.User.signUp(username, 'correct horse', { email: `${username}@example.com` });
  assert.ok(user.id);
  assert.match(user.getSessionToken(), /^r:[0-9a-f]{64}$/);
  assert.equal(Parse.User.current().id, user.id);

  const current = Parse.User.current();
  current.set('phone', '555-0100');
  await current.save();
  const fetched = await new Parse.Query(Parse.User).get(user.id, { sessionToken: user.getSessionToken() });
  assert.equal(fetched.get('phone'), '555-0100');
  assert.equal(fetched.get('password'), undefined);

  await Parse.User.logOut();
  assert.equal(Parse.User.current(), null);

  const again = await Parse.User.logIn(username, 'correct horse');
  assert.equal(again.id, user.id);
  assert.equal(again.get('phone'), '555-0100');
  assert.equal(Parse.User.current().id, user.id);
  await Parse.User.logOut();
});

test('Parse.User.logIn with a wrong password or an unknown user fails alike with 101', async () => {
  const username = unique('bob');
  await Parse.User.signUp(username, 'right');
  await Parse.User.logOut();
  const wrong = await Parse.User.logIn(username, 'wrong').catch((e) => e);
  const unknown = await Parse.User.logIn(unique('nobody'), 'wrong').catch((e) => e);
  assert.equal(wrong.code, Parse.Error.OBJECT_NOT_FOUND);
  assert.equal(unknown.code, wrong.code);
  assert.equal(unknown.message, wrong.message);
});

/** A session made elsewhere (another device): a REST login from another installation. */
async function logInElsewhere(username, password) {
  const response = await fetch(`${serverURL}/login`, {
    method: 'POST',
    headers: { 'X-Parse-Application-Id': appId, 'X-Parse-Installation-Id': unique('device'), 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).sessionToken;
}

test('Parse.User.become(token) restores the user; after logOut the token is refused with 209', async () => {
  const username = unique('cy');
  const user = await Parse.User.signUp(username, 'pw');
  const token = await logInElsewhere(username, 'pw');
  assert.notEqual(token, user.getSessionToken());

  const back = await Parse.User.become(token);
  assert.equal(back.id, user.id);
  assert.equal(back.getUsername(), username);
  assert.equal(Parse.User.current().getSessionToken(), token);

  await Parse.User.logOut();
  const refused = await Parse.User.become(token).catch((e) => e);
  assert.equal(refused.code, Parse.Error.INVALID_SESSION_TOKEN);
  const signUpSession = await Parse.User.become(user.getSessionToken());
  assert.equal(signUpSession.id, user.id, 'logging out ends only that session');
  await Parse.User.logOut();
});

test('Parse.User.signUp refuses a username taken in another letter case', async () => {
  const username = unique('Dee');
  await Parse.User.signUp(username, 'pw');
  await Parse.User.logOut();
  const taken = await Parse.User.signUp(username.toUpperCase(), 'pw').catch((e) => e);
  assert.equal(taken.code, Parse.Error.USERNAME_TAKEN);
});

test('Parse.AnonymousUtils.logIn signs in anonymously; signing up the anonymous user keeps its id', async () => {
  const anonymous = await Parse.AnonymousUtils.logIn();
  assert.ok(anonymous.id);
  assert.ok(Parse.AnonymousUtils.isLinked(anonymous));
  assert.match(anonymous.getSessionToken(), /^r:[0-9a-f]{64}$/);

  const username = unique('anon');
  anonymous.setUsername(username); // the SDK unlinks the anonymous provider here
  anonymous.setPassword('from anonymous');
  await anonymous.signUp();
  const again = await Parse.User.logIn(username, 'from anonymous');
  assert.equal(again.id, anonymous.id);
  assert.ok(!Parse.AnonymousUtils.isLinked(again));
  await Parse.User.logOut();
});

test('a custom auth provider the server does not know is refused with 252', async () => {
  await assert.rejects(
    Parse.User.logInWith('myprovider', { authData: { id: 'x', token: 'y' } }),
    (error) => error.code === 252,
  );
});
