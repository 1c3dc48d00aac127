import { MISSING_APP_SECRET_WITH_TOKEN, MISSING_PRODUCTION_SETTINGS } from '../errors/error-messages.js';
import { isLocalMode } from './local-mode.js';
import { missingProductionSettings, unsafeConfiguration } from './production-settings.js';

const complete = { WP_APP_SECRET: 's', WP_VERIFY_TOKEN: 'v', WP_ACCESS_TOKEN: 't', WP_PHONE_ID: '1' };

describe('missingProductionSettings', () => {
  it('asks nothing outside production', () => {
    expect(missingProductionSettings({})).toEqual([]);
    expect(missingProductionSettings({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('names every missing variable in production', () => {
    expect(missingProductionSettings({ NODE_ENV: 'production' })).toEqual([
      'WP_APP_SECRET',
      'WP_VERIFY_TOKEN',
      'WP_ACCESS_TOKEN',
      'WP_PHONE_ID',
    ]);
  });

  it('treats an empty value as missing', () => {
    expect(missingProductionSettings({ ...complete, NODE_ENV: 'production', WP_APP_SECRET: '' })).toEqual([
      'WP_APP_SECRET',
    ]);
  });

  it('accepts a complete production configuration', () => {
    expect(missingProductionSettings({ ...complete, NODE_ENV: 'production' })).toEqual([]);
  });
});

describe('unsafeConfiguration', () => {
  it.each([
    ['no token, development', {}],
    ['no token, test', { NODE_ENV: 'test' }],
    ['a token with its app secret, NODE_ENV unset', { WP_ACCESS_TOKEN: 't', WP_APP_SECRET: 's' }],
    ['a complete production configuration', { ...complete, NODE_ENV: 'production' }],
  ])('lets %s boot', (_case, env: Record<string, string>) => {
    expect(unsafeConfiguration(env)).toBeUndefined();
  });

  it.each([undefined, 'development', 'test'])(
    'refuses a token without WP_APP_SECRET when NODE_ENV is %s',
    (nodeEnv) => {
      const line = unsafeConfiguration({ WP_ACCESS_TOKEN: 't', WP_PHONE_ID: '1', NODE_ENV: nodeEnv });
      expect(line).toBe(MISSING_APP_SECRET_WITH_TOKEN());
      expect(line).toContain('WP_APP_SECRET');
      expect(line).not.toContain('\n');
    },
  );

  it("names production's missing variables first, in production's own line", () => {
    expect(unsafeConfiguration({ NODE_ENV: 'production', WP_ACCESS_TOKEN: 't' })).toBe(
      MISSING_PRODUCTION_SETTINGS(['WP_APP_SECRET', 'WP_VERIFY_TOKEN', 'WP_PHONE_ID']),
    );
  });
});

describe('isLocalMode', () => {
  it.each`
    env                                           | local
    ${{}}                                         | ${true}
    ${{ NODE_ENV: 'development' }}                | ${true}
    ${{ NODE_ENV: 'test' }}                       | ${true}
    ${{ NODE_ENV: 'production' }}                 | ${false}
    ${{ WP_ACCESS_TOKEN: 't' }}                   | ${false}
    ${{ WP_ACCESS_TOKEN: 't', NODE_ENV: 'test' }} | ${false}
    ${{ WP_ACCESS_TOKEN: '', NODE_ENV: 'test' }}  | ${true}
  `('is $local for $env', ({ env, local }: { env: Record<string, string>; local: boolean }) => {
    expect(isLocalMode(env)).toBe(local);
  });
});
