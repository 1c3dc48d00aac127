import { missingProductionSettings } from './production-settings.js';

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
