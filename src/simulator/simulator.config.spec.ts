import { InvalidEnvironmentError } from '../common/config/validate-env.js';
import { INVALID_ENVIRONMENT, SIMULATOR_TOKEN_REQUIRED } from '../common/errors/error-messages.js';
import { loadSimulatorConfig, type SimulatorSettings } from './simulator.config.js';
import { SimulatorStatus } from './simulator-status.js';

const TOKEN = 'simulator-token-0123456789abcdef-0123';

/** The settings a row expects; the token fields default to "none configured, none required". */
type Expected = Omit<SimulatorSettings, 'token' | 'tokenRequired'> &
  Partial<Pick<SimulatorSettings, 'token' | 'tokenRequired'>>;

describe('loadSimulatorConfig', () => {
  it.each<[string, Record<string, string>, Expected]>([
    ['local mode: no token, not production', {}, { enabled: true, reason: 'local', besideRealGraph: false }],
    [
      'local mode in development',
      { NODE_ENV: 'development' },
      { enabled: true, reason: 'local', besideRealGraph: false },
    ],
    [
      'an empty token counts as unset',
      { WP_ACCESS_TOKEN: '' },
      { enabled: true, reason: 'local', besideRealGraph: false },
    ],
    ['off in production', { NODE_ENV: 'production' }, { enabled: false, reason: 'production', besideRealGraph: false }],
    [
      'off with a token',
      { WP_ACCESS_TOKEN: 'token' },
      { enabled: false, reason: 'token-configured', besideRealGraph: false },
    ],
    [
      'production wins over the token in the reason',
      { NODE_ENV: 'production', WP_ACCESS_TOKEN: 't' },
      { enabled: false, reason: 'production', besideRealGraph: false },
    ],
    [
      'SIMULATOR=on in production with a token',
      { SIMULATOR: 'on', NODE_ENV: 'production', WP_ACCESS_TOKEN: 't', SIMULATOR_TOKEN: TOKEN },
      { enabled: true, reason: 'forced-on', besideRealGraph: true, token: TOKEN, tokenRequired: true },
    ],
    [
      'SIMULATOR_TOKEN outside production: accepted, not required',
      { SIMULATOR_TOKEN: TOKEN },
      { enabled: true, reason: 'local', besideRealGraph: false, token: TOKEN },
    ],
    [
      'SIMULATOR_TOKEN in production with the simulator off',
      { NODE_ENV: 'production', SIMULATOR_TOKEN: TOKEN },
      { enabled: false, reason: 'production', besideRealGraph: false, token: TOKEN },
    ],
    [
      'SIMULATOR=on without a token',
      { SIMULATOR: 'on' },
      { enabled: true, reason: 'forced-on', besideRealGraph: false },
    ],
    [
      'SIMULATOR=off in local mode',
      { SIMULATOR: 'off' },
      { enabled: false, reason: 'forced-off', besideRealGraph: false },
    ],
    [
      'values are case-insensitive',
      { SIMULATOR: ' ON ', WP_ACCESS_TOKEN: 't' },
      { enabled: true, reason: 'forced-on', besideRealGraph: true },
    ],
    [
      'an empty SIMULATOR counts as unset',
      { SIMULATOR: '' },
      { enabled: true, reason: 'local', besideRealGraph: false },
    ],
  ])('%s', (_, env, expected) => {
    expect(loadSimulatorConfig(env)).toEqual({ token: undefined, tokenRequired: false, ...expected });
  });

  it('stops the boot when SIMULATOR=on in production has no SIMULATOR_TOKEN, naming the variable', () => {
    expect(() => loadSimulatorConfig({ SIMULATOR: 'on', NODE_ENV: 'production' })).toThrow(InvalidEnvironmentError);
    expect(() => loadSimulatorConfig({ SIMULATOR: 'on', NODE_ENV: 'production' })).toThrow(
      INVALID_ENVIRONMENT([SIMULATOR_TOKEN_REQUIRED()]),
    );
  });

  it.each([
    ['SIMULATOR=on in production', { SIMULATOR: 'on', NODE_ENV: 'production' }],
    ['local mode', {}],
  ])('refuses a SIMULATOR_TOKEN shorter than 32 characters (%s)', (_, env) => {
    expect(() => loadSimulatorConfig({ ...env, SIMULATOR_TOKEN: 'x'.repeat(31) })).toThrow(
      INVALID_ENVIRONMENT(['SIMULATOR_TOKEN must be at least 32 characters long']),
    );
    expect(loadSimulatorConfig({ ...env, SIMULATOR_TOKEN: 'x'.repeat(32) }).token).toBe('x'.repeat(32));
  });

  it('refuses any other SIMULATOR value, naming the variable', () => {
    expect(() => loadSimulatorConfig({ SIMULATOR: 'yes' })).toThrow(InvalidEnvironmentError);
    expect(() => loadSimulatorConfig({ SIMULATOR: 'yes' })).toThrow(/SIMULATOR/);
  });
});

describe('SimulatorStatus.bootMessage', () => {
  it.each<[Record<string, string>, string]>([
    [{}, 'simulator: http://localhost:5000/simulator'],
    [{ SIMULATOR: 'on', WP_ACCESS_TOKEN: 't' }, 'simulator: http://localhost:5000/simulator'],
    [{ SIMULATOR: 'on', NODE_ENV: 'production', SIMULATOR_TOKEN: TOKEN }, 'simulator: http://localhost:5000/simulator'],
    [{ NODE_ENV: 'production' }, 'simulator off: NODE_ENV=production (set SIMULATOR=on to enable it)'],
    [
      { WP_ACCESS_TOKEN: 't' },
      'simulator off: WP_ACCESS_TOKEN is configured, so the bot talks to Meta (set SIMULATOR=on to enable it)',
    ],
    [{ SIMULATOR: 'off' }, 'simulator off: SIMULATOR=off (set SIMULATOR=on to enable it)'],
  ])('%j → %s', (env, expected) => {
    expect(new SimulatorStatus(loadSimulatorConfig(env)).bootMessage(5000)).toBe(expected);
  });
});
