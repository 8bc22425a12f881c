// Parse Dashboard's Jobs and Push pages, and the SDK calls behind them: Parse.Cloud.getJobsData, startJob and
// getJobStatus; scheduled jobs (/cloud_code/jobs); Parse.Push.send and getPushStatus; saved audiences
// (/push_audiences). The job tests need the cloud job `count` (Parsec's test cloud code: params tag and
// steps; message "counted N"); the push tests need push configured (Parsec's test node uses fake FCM/APNs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parse, master, serverURL, appId } from '../support/helpers.mjs';

const jobs = await Parse.Cloud.getJobsData().catch(() => ({ jobs: [] }));
const hasCount = { skip: !(jobs.jobs ?? []).includes('count') && 'the server has no cloud job `count`' };

async function until(read, done, what) {
  const deadline = Date.now() + 30_000;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${what} never happened; last seen ${JSON.stringify(last)}`);
}

/** A call as a plain client: the application id only. */
async function asClient(method, path, body) {
  const response = await fetch(`${serverURL}/${path}`, {
    method,
    headers: { 'X-Parse-Application-Id': appId, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

test('Parse.Cloud.getJobsData: the jobs of cloud code and the scheduled ones (master key only)', async () => {
  const data = await Parse.Cloud.getJobsData();
  assert.ok(Array.isArray(data.jobs) && Array.isArray(data.in_use), JSON.stringify(data));
  const refused = await asClient('GET', 'cloud_code/jobs/data');
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error, 'unauthorized: master key is required');
});

test('Parse.Cloud.startJob runs a job; Parse.Cloud.getJobStatus follows it to its end', hasCount, async () => {
  const tag = `sdk-${Date.now()}`;
  const id = await Parse.Cloud.startJob('count', { tag, steps: 1 });
  assert.equal(typeof id, 'string');
  const status = await until(() => Parse.Cloud.getJobStatus(id), (s) => s.get('status') === 'succeeded', 'the job finishing');
  assert.equal(status.get('jobName'), 'count');
  assert.equal(status.get('message'), 'counted 1');
  assert.equal(status.get('params').tag, tag);
  assert.ok(status.get('finishedAt') instanceof Date);
  await assert.rejects(Parse.Cloud.startJob('no_such_job', {}), (e) => e.code === Parse.Error.SCRIPT_FAILED);
  assert.equal((await asClient('POST', 'jobs/count', {})).status, 403);
});

test("Dashboard's Run now: POST /jobs with jobName in the body", hasCount, async () => {
  const tag = `runnow-${Date.now()}`;
  await Parse._request('POST', 'jobs', { description: 'Executing from job schedule web console.', jobName: 'count',
    tag, steps: 1, when: 0 }, master);
  const done = await until(() => new Parse.Query('_JobStatus').equalTo('params.tag', tag).first(master),
    (s) => s?.get('status') === 'succeeded', 'the job finishing');
  assert.equal(done.get('params').jobName, 'count');
});

test("Dashboard's scheduled jobs: a schedule made on /cloud_code/jobs runs, is listed, edited and deleted", hasCount, async () => {
  const tag = `sched-${Date.now()}`;
  const created = await Parse._request('POST', 'cloud_code/jobs', { job_schedule: {
    jobName: 'count', description: 'count once', params: JSON.stringify({ tag, steps: 1 }), daysOfWeek: [1, 1, 1, 1, 1, 1, 1],
  } }, master);
  assert.equal(typeof created.objectId, 'string');
  const listed = await Parse._request('GET', 'cloud_code/jobs?per_page=50', {}, master);
  assert.ok(Array.isArray(listed));
  const mine = listed.find((s) => s.objectId === created.objectId);
  assert.equal(mine.jobName, 'count');
  assert.ok(mine.startAfter);
  assert.ok((await Parse.Cloud.getJobsData()).in_use.includes('count'));
  await until(() => new Parse.Query('_JobStatus').equalTo('params.tag', tag).first(master),
    (s) => s?.get('status') === 'succeeded', 'the scheduled run');
  await Parse._request('PUT', `cloud_code/jobs/${created.objectId}`, { job_schedule: { description: 'renamed' } }, master);
  assert.equal((await Parse._request('GET', 'cloud_code/jobs', {}, master)).find((s) => s.objectId === created.objectId).description,
    'renamed');
  await Parse._request('DELETE', `cloud_code/jobs/${created.objectId}`, {}, master);
  assert.ok(!(await Parse._request('GET', 'cloud_code/jobs', {}, master)).some((s) => s.objectId === created.objectId));
  assert.equal((await asClient('GET', 'cloud_code/jobs')).status, 403);
});

test('push audiences: create, list (query as an object), push to one with Parse.Push.send, follow it with getPushStatus',
  async () => {
    const channel = `aud${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      await new Parse.Installation({ installationId: crypto.randomUUID(), deviceType: 'android',
        deviceToken: `fcm-${crypto.randomUUID()}`, channels: [channel] }).save();
    }
    const query = { channels: { $in: [channel] } };
    const created = await Parse._request('POST', 'push_audiences', { name: `Channel ${channel}`, query: JSON.stringify(query) },
      master);
    const { results } = await Parse._request('GET', 'push_audiences', {}, master);
    const audience = results.find((a) => a.objectId === created.objectId);
    assert.deepEqual(audience.query, query);
    assert.equal((await asClient('GET', 'push_audiences')).status, 403);

    let pushId;
    try {
      pushId = await Parse.Push.send({ where: audience.query, data: { alert: 'to the audience' }, audience_id: audience.objectId },
        master);
    } catch (e) {
      if (e.code === Parse.Error.PUSH_MISCONFIGURED) return; // the server under test has no push configured
      throw e;
    }
    assert.equal(typeof pushId, 'string');
    const status = await until(() => Parse.Push.getPushStatus(pushId), (s) => s.get('status') === 'succeeded', 'the push');
    assert.equal(status.get('numSent'), 2);
    const used = await until(() => Parse._request('GET', `push_audiences/${audience.objectId}`, {}, master),
      (a) => a.timesUsed === 1, 'the audience counted as used');
    assert.equal(used.lastUsed.__type, 'Date');
    const page = await new Parse.Query('_PushStatus').equalTo('source', 'rest').descending('createdAt').limit(10).find(master);
    assert.ok(page.some((p) => p.id === pushId));
    await Parse._request('DELETE', `push_audiences/${audience.objectId}`, {}, master);
  });

test('Parse.Push.send to channels is refused without the master key', async () => {
  await assert.rejects(Parse.Push.send({ channels: ['x'], data: { alert: 'no' } }, { useMasterKey: false }));
});
