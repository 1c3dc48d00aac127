import { consentKeywordOf } from './consent-keyword.js';
import { loadConsentConfig } from './consent.config.js';

describe('consentKeywordOf', () => {
  const defaults = loadConsentConfig({});

  it.each`
    text             | expected
    ${'STOP'}        | ${'opt-out'}
    ${' stop '}      | ${'opt-out'}
    ${'Unsubscribe'} | ${'opt-out'}
    ${'START'}       | ${'opt-in'}
    ${'start'}       | ${'opt-in'}
    ${'please stop'} | ${undefined}
    ${'stopped'}     | ${undefined}
    ${undefined}     | ${undefined}
  `('$text → $expected', ({ text, expected }) => expect(consentKeywordOf(text, defaults)).toBe(expected));

  it('uses OPT_OUT_WORDS and OPT_IN_WORDS instead of the defaults', () => {
    const custom = loadConsentConfig({ OPT_OUT_WORDS: 'BAJA, no more', OPT_IN_WORDS: 'ALTA' });
    expect(consentKeywordOf('no more', custom)).toBe('opt-out');
    expect(consentKeywordOf('baja', custom)).toBe('opt-out');
    expect(consentKeywordOf('alta', custom)).toBe('opt-in');
    expect(consentKeywordOf('stop', custom)).toBeUndefined();
  });

  it('refuses a word in both lists', () => {
    expect(() => loadConsentConfig({ OPT_OUT_WORDS: 'STOP', OPT_IN_WORDS: 'stop' })).toThrow(/share stop/);
  });
});
