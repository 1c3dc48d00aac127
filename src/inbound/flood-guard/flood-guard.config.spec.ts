import { InvalidEnvironmentError } from '../../common/config/validate-env.js';
import { loadFloodGuardConfig } from './flood-guard.config.js';

describe('loadFloodGuardConfig', () => {
  it('defaults to 30 messages per user per minute', () => {
    expect(loadFloodGuardConfig({})).toEqual({ userMessagesPerMinute: 30 });
  });

  it('reads USER_MESSAGES_PER_MINUTE', () => {
    expect(loadFloodGuardConfig({ USER_MESSAGES_PER_MINUTE: '3' })).toEqual({ userMessagesPerMinute: 3 });
  });

  it.each(['0', '-1', '2.5', 'thirty', '10001'])(
    'refuses USER_MESSAGES_PER_MINUTE=%s, naming the variable',
    (value) => {
      expect(() => loadFloodGuardConfig({ USER_MESSAGES_PER_MINUTE: value })).toThrow(InvalidEnvironmentError);
      expect(() => loadFloodGuardConfig({ USER_MESSAGES_PER_MINUTE: value })).toThrow('USER_MESSAGES_PER_MINUTE');
    },
  );
});
