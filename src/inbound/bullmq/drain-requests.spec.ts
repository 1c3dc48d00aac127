import { DrainRequests, MAX_USERS_PER_JOB } from './drain-requests.js';

describe('DrainRequests', () => {
  it('adds one job for the requests of one turn of the event loop, each user once, and resolves every request', async () => {
    const jobs: (readonly string[])[] = [];
    const requests = new DrainRequests(async (waIds) => void jobs.push(waIds));
    await Promise.all([requests.request('1'), requests.request('2'), requests.request('1')]);
    expect(jobs).toEqual([['1', '2']]);
    await requests.request('3');
    expect(jobs).toEqual([['1', '2'], ['3']]);
  });

  it(`starts another job past ${MAX_USERS_PER_JOB} users`, async () => {
    const jobs: (readonly string[])[] = [];
    const requests = new DrainRequests(async (waIds) => void jobs.push(waIds));
    const users = Array.from({ length: MAX_USERS_PER_JOB + 1 }, (_, i) => `1555000${i}`);
    await Promise.all(users.map((waId) => requests.request(waId)));
    expect(jobs.map((job) => job.length)).toEqual([MAX_USERS_PER_JOB, 1]);
  });

  it('fails every request of a job that could not be added, and the next turn tries again', async () => {
    let fail = true;
    const requests = new DrainRequests(async () => {
      if (fail) throw new Error('Redis is away');
    });
    const results = await Promise.allSettled([requests.request('1'), requests.request('2')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(requests.request('1')).resolves.toBeUndefined();
  });
});
