import { InvalidEnvironmentError } from '../common/config/validate-env.js';
import { INVALID_ENVIRONMENT, PHONE_ID_REQUIRED_WITH_TOKEN } from '../common/errors/error-messages.js';
import { loadWhatsAppConfig } from './whatsapp.config.js';

describe('loadWhatsAppConfig', () => {
  it('applies defaults when nothing is set (local mode)', () => {
    expect(loadWhatsAppConfig({})).toEqual({
      accessToken: undefined,
      phoneNumberId: undefined,
      apiVersion: 'v23.0',
      graphApiUrl: 'https://graph.facebook.com',
      maxAttempts: 3,
      timeoutMs: 10_000,
      retryBaseDelayMs: 1000,
      mediaMaxDownloadBytes: 16 * 1024 * 1024,
    });
  });

  it('reads every variable, converting numbers and dropping trailing slashes', () => {
    const config = loadWhatsAppConfig({
      WP_ACCESS_TOKEN: 'token',
      WP_PHONE_ID: '123',
      API_VERSION: 'v24.0',
      GRAPH_API_URL: 'http://127.0.0.1:4567/',
      GRAPH_MAX_ATTEMPTS: '5',
      GRAPH_TIMEOUT_MS: '2500',
      GRAPH_RETRY_BASE_DELAY_MS: '250',
      MEDIA_MAX_DOWNLOAD_BYTES: '5242880',
    });
    expect(config).toEqual({
      accessToken: 'token',
      phoneNumberId: '123',
      apiVersion: 'v24.0',
      graphApiUrl: 'http://127.0.0.1:4567',
      maxAttempts: 5,
      timeoutMs: 2500,
      retryBaseDelayMs: 250,
      mediaMaxDownloadBytes: 5 * 1024 * 1024,
    });
  });

  it.each`
    name                           | value
    ${'API_VERSION'}               | ${'23.0'}
    ${'GRAPH_API_URL'}             | ${'graph.facebook.com'}
    ${'GRAPH_API_URL'}             | ${'ftp://127.0.0.1'}
    ${'GRAPH_MAX_ATTEMPTS'}        | ${'0'}
    ${'GRAPH_MAX_ATTEMPTS'}        | ${'three'}
    ${'GRAPH_TIMEOUT_MS'}          | ${'10'}
    ${'GRAPH_RETRY_BASE_DELAY_MS'} | ${'5000'}
    ${'MEDIA_MAX_DOWNLOAD_BYTES'}  | ${'0'}
    ${'MEDIA_MAX_DOWNLOAD_BYTES'}  | ${'104857601'}
    ${'MEDIA_MAX_DOWNLOAD_BYTES'}  | ${'16MB'}
  `('refuses $name=$value, naming the variable', ({ name, value }: { name: string; value: string }) => {
    expect(() => loadWhatsAppConfig({ [name]: value })).toThrow(InvalidEnvironmentError);
    expect(() => loadWhatsAppConfig({ [name]: value })).toThrow(name);
  });

  it('refuses a token without a phone-number id', () => {
    expect(() => loadWhatsAppConfig({ WP_ACCESS_TOKEN: 'token' })).toThrow(
      INVALID_ENVIRONMENT([PHONE_ID_REQUIRED_WITH_TOKEN()]),
    );
  });

  it('never puts the token in an error', () => {
    const load = () =>
      loadWhatsAppConfig({ WP_ACCESS_TOKEN: 'SECRET-TOKEN', GRAPH_MAX_ATTEMPTS: 'x', WP_PHONE_ID: '1' });
    expect(load).toThrow(InvalidEnvironmentError);
    expect(load).not.toThrow(/SECRET-TOKEN/);
  });
});
