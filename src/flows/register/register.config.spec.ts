import { InvalidEnvironmentError } from '../../common/config/validate-env.js';
import { registerConfig } from './register.config.js';

describe('registerConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('waits 10 minutes before the reminder and an hour before the expiry by default', () => {
    delete process.env.REGISTER_REMIND_AFTER_SECONDS;
    delete process.env.REGISTER_EXPIRE_AFTER_SECONDS;
    expect(registerConfig()).toEqual({ remindAfterSeconds: 600, expireAfterSeconds: 3600 });
  });

  it('reads both durations in seconds', () => {
    process.env.REGISTER_REMIND_AFTER_SECONDS = '2';
    process.env.REGISTER_EXPIRE_AFTER_SECONDS = '5';
    expect(registerConfig()).toEqual({ remindAfterSeconds: 2, expireAfterSeconds: 5 });
  });

  it.each`
    name                               | value
    ${'REGISTER_REMIND_AFTER_SECONDS'} | ${'0'}
    ${'REGISTER_REMIND_AFTER_SECONDS'} | ${'ten'}
    ${'REGISTER_EXPIRE_AFTER_SECONDS'} | ${'1.5'}
    ${'REGISTER_EXPIRE_AFTER_SECONDS'} | ${'99999999'}
  `('refuses $name=$value with one sentence naming it', ({ name, value }: { name: string; value: string }) => {
    process.env[name] = value;
    expect(() => registerConfig()).toThrow(InvalidEnvironmentError);
    expect(() => registerConfig()).toThrow(
      new RegExp(`${name} must be an integer from 1 to 604800 \\(got "${value}"\\)`),
    );
  });
});
