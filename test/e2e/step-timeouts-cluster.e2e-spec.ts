import { describeWithRedis } from '../../src/testing/redis-test.js';
import { BotCluster, type Instance } from '../helpers/bot-cluster.js';
import { EXPIRED, freshWaId, settle, STILL_THERE } from './step-timeouts.suite.js';

const describeRedis = await describeWithRedis();

describeRedis('Step timeouts with two app processes sharing one Redis (e2e, real processes)', () => {
  let cluster: BotCluster;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    // Long enough for both instances to restart between scheduling and firing.
    cluster = await BotCluster.start({
      env: { REGISTER_REMIND_AFTER_SECONDS: '6', REGISTER_EXPIRE_AFTER_SECONDS: '12' },
    });
    [a, b] = await Promise.all([cluster.spawn('A'), cluster.spawn('B')]);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('sends neither to a user who answers on the other instance in between', async () => {
    const user = cluster.user(freshWaId(), 'Ada');
    await user.say(a, 'hi');
    await user.waitForMessages(1);
    await user.tap(b, 'menu:register', 'Register');
    await user.waitForMessages(2);
    await settle(4000);
    await user.say(a, 'Ada Lovelace');
    await user.waitForMessages(3);
    await settle(4000);
    await user.say(b, 'cancel');
    await user.waitForMessages(4);
    await settle(9000);
    expect(user.texts()).toHaveLength(4);
    expect(user.texts()).not.toContain(STILL_THERE);
    expect(user.texts()).not.toContain(EXPIRED);
  }, 60_000);

  it('fires a reminder scheduled before both instances restarted, once, then the expiry once', async () => {
    const user = cluster.user(freshWaId(), 'Ada');
    await user.say(a, 'hi');
    await user.waitForMessages(1);
    await user.tap(b, 'menu:register', 'Register');
    await user.waitForMessages(2);
    expect(await Promise.all([cluster.terminate(a), cluster.terminate(b)])).toEqual([0, 0]);
    [a, b] = await Promise.all([cluster.spawn('A2'), cluster.spawn('B2')]);
    expect((await user.waitForMessages(3, 20_000))[2]).toBe(STILL_THERE);
    expect((await user.waitForMessages(4, 20_000))[3]).toBe(EXPIRED);
    await settle(3000);
    expect(user.texts().filter((text) => text === STILL_THERE)).toHaveLength(1);
    expect(user.texts()).toHaveLength(4);
  }, 90_000);
});
