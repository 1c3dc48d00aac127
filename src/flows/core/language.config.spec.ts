import { InvalidEnvironmentError } from '../../common/config/validate-env.js';
import { ScopedEnv } from '../../testing/scoped-env.js';
import { languageConfig } from './language.config.js';

describe('languageConfig (DEFAULT_LANGUAGE)', () => {
  const env = new ScopedEnv(['DEFAULT_LANGUAGE']);
  beforeEach(() => env.clear());
  afterEach(() => env.restore());

  it('defaults to English', () => {
    expect(languageConfig()).toEqual({ defaultLanguage: 'en' });
  });

  it('takes a language that has catalogs', () => {
    env.set({ DEFAULT_LANGUAGE: 'es' });
    expect(languageConfig()).toEqual({ defaultLanguage: 'es' });
  });

  it.each(['fr', 'EN', 'english'])('refuses "%s" at boot, naming the variable', (code) => {
    env.set({ DEFAULT_LANGUAGE: code });
    expect(() => languageConfig()).toThrow(InvalidEnvironmentError);
    expect(() => languageConfig()).toThrow(`DEFAULT_LANGUAGE must be one of en, es (got "${code}")`);
  });
});
