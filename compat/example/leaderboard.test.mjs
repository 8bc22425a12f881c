// examples/cloud-code (the leaderboard) through the official JS SDK, as the game would use it. Needs a server
// running that module, the classes Score, PlayerStats and Summary set up as CloudCodeExampleTest does, and
// SEEDED_SCORES scores totalling SEEDED_TOTAL already in Score (all below 1000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master } from '../support/helpers.mjs';

const seededScores = Number(process.env.SEEDED_SCORES ?? 0);
const seededTotal = Number(process.env.SEEDED_TOTAL ?? 0);
const VALIDATION_ERROR = 142;

async function signUp(name) {
  const user = new Parse.User({ username: `${name}-${Date.now().toString(36)}`, password: 'a long password' });
  return user.signUp();
}

/** Reads until done(read) holds (the afterSave runs once the save is answered), or fails after 10 s. */
async function until(read, done, what) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what} never happened; last seen ${JSON.stringify(last)}`);
}

const statsOf = (player) => new Parse.Query('PlayerStats').equalTo('player', player).find();

async function saveScore(user, player, score) {
  return new Parse.Object('Score', { player, score }).save(null, { sessionToken: user.getSessionToken() });
}

let alice;
let bob;

test('a score saved by a player is tidied: name trimmed and lower-cased, points rounded, the player pointed to', async () => {
  alice = await signUp('alice');
  bob = await signUp('bob');
  const carol = await signUp('carol');
  const saved = await saveScore(alice, '  Alice ', 1200.4);
  assert.equal(saved.get('player'), 'alice');
  assert.equal(saved.get('score'), 1200);
  const stored = await new Parse.Query('Score').get(saved.id);
  assert.equal(stored.get('player'), 'alice');
  assert.equal(stored.get('score'), 1200);
  assert.equal(stored.get('user').id, alice.id);
  await until(() => statsOf('alice'), (stats) => stats.length === 1, "alice's PlayerStats");
  await saveScore(bob, 'Bob', 3000);
  await saveScore(carol, 'CAROL', 2499.6);
  await saveScore(alice, 'alice', 1800);
});

test('a bad score is refused with VALIDATION_ERROR and a message saying why, and nothing is stored', async () => {
  const before = await new Parse.Query('Score').count();
  const refusals = [
    [-5, 'alice', 'score must be a number from 0 to 1000000'],
    [2_000_000, 'alice', 'score must be a number from 0 to 1000000'],
    ['lots', 'alice', 'score must be a number from 0 to 1000000'],
    [10, '   ', 'player must be a name of 1 to 32 characters'],
    [10, 'x'.repeat(33), 'player must be a name of 1 to 32 characters'],
  ];
  for (const [score, player, message] of refusals) {
    await assert.rejects(saveScore(alice, player, score), (e) => {
      assert.equal(e.code, VALIDATION_ERROR, `${player} ${score}: ${e.message}`);
      assert.equal(e.message, message);
      return true;
    });
  }
  assert.equal(await new Parse.Query('Score').count(), before);
});

test('topScores answers the best scores, highest first; a bad limit is refused', async () => {
  const top = await Parse.Cloud.run('topScores', { limit: 3 }, { sessionToken: alice.getSessionToken() });
  assert.deepEqual(top, [{ player: 'bob', score: 3000 }, { player: 'carol', score: 2500 }, { player: 'alice', score: 1800 }]);
  assert.equal((await Parse.Cloud.run('topScores')).length, 10, 'ten by default');
  await assert.rejects(Parse.Cloud.run('topScores', { limit: 0 }), (e) => e.code === VALIDATION_ERROR
    && e.message === 'limit must be a whole number from 1 to 100');
});

test("the afterSave keeps each player's games and points in PlayerStats, which players may read but not write", async () => {
  const [alices] = await until(() => statsOf('alice'), (stats) => stats[0]?.get('games') === 2, "alice's second game counted");
  assert.equal(alices.get('points'), 3000);
  const [bobs] = await until(() => statsOf('bob'), (stats) => stats.length === 1, "bob's game counted");
  assert.equal(bobs.get('games'), 1);
  assert.equal(bobs.get('points'), 3000);
  await assert.rejects(bobs.save({ games: 100 }, { sessionToken: bob.getSessionToken() }));
  assert.equal((await statsOf('alice')).length, 1, 'one PlayerStats a player');
});

test('the job summarize reads every score (streaming) and saves a Summary', async () => {
  const jobId = await Parse.Cloud.startJob('summarize', {});
  const deadline = Date.now() + 60_000;
  let status;
  const progress = new Set();
  while (Date.now() < deadline) {
    status = await Parse.Cloud.getJobStatus(jobId);
    if (status.get('message')) progress.add(status.get('message'));
    if (['succeeded', 'failed'].includes(status.get('status'))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const scores = seededScores + 4;
  assert.equal(status.get('status'), 'succeeded', JSON.stringify(status.toJSON()));
  assert.equal(status.get('message'), `summarized ${scores} scores`);
  const summary = await new Parse.Query('Summary').descending('createdAt').first(master);
  const total = seededTotal + 1200 + 3000 + 2500 + 1800;
  assert.equal(summary.get('scores'), scores);
  assert.equal(summary.get('total'), total);
  assert.equal(summary.get('best'), 3000);
  assert.ok(Math.abs(summary.get('average') - total / scores) < 1e-9);
  await assert.rejects(new Parse.Query('Summary').first(), (e) => e.code === Parse.Error.OPERATION_FORBIDDEN,
    'players may not read Summary');
  assert.ok([...progress].some((message) => /^read \d+0000 scores$/.test(message)), `progress reported: ${[...progress]}`);
});
