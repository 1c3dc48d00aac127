import {
  bearerToken,
  isLoopbackHost,
  readCookie,
  SIMULATOR_COOKIE,
  SimulatorAccess,
  type AccessRequest,
  type AccessVerdict,
} from './simulator-access.js';

const TOKEN = 'simulator-token-0123456789abcdef-0123';

/** The cookie value a browser got from `/simulator?token=`, read back from the Set-Cookie header. */
const cookieOf = (access: SimulatorAccess) => access.cookieHeader(false).split(';')[0];

describe('isLoopbackHost', () => {
  it.each`
    host                        | expected
    ${'localhost'}              | ${true}
    ${'localhost:5000'}         | ${true}
    ${'LOCALHOST:5000'}         | ${true}
    ${'127.0.0.1'}              | ${true}
    ${'127.0.0.1:1234'}         | ${true}
    ${'[::1]'}                  | ${true}
    ${'[::1]:5000'}             | ${true}
    ${'evil.example:5000'}      | ${false}
    ${'evil.example'}           | ${false}
    ${'localhost.evil.example'} | ${false}
    ${'127.0.0.1.nip.io:5000'}  | ${false}
    ${'127.0.0.2:5000'}         | ${false}
    ${'::1'}                    | ${false}
    ${'localhost:'}             | ${false}
    ${'localhost:5000:1'}       | ${false}
    ${''}                       | ${false}
    ${undefined}                | ${false}
  `('$host → $expected', ({ host, expected }: { host: string | undefined; expected: boolean }) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('bearerToken and readCookie', () => {
  it.each`
    header               | expected
    ${`Bearer ${TOKEN}`} | ${TOKEN}
    ${`bearer ${TOKEN}`} | ${TOKEN}
    ${`Basic ${TOKEN}`}  | ${undefined}
    ${'Bearer '}         | ${undefined}
    ${undefined}         | ${undefined}
  `(
    'bearer of $header → $expected',
    ({ header, expected }: { header: string | undefined; expected: string | undefined }) => {
      expect(bearerToken(header)).toBe(expected);
    },
  );

  it('finds one cookie among others, and nothing in a missing header', () => {
    expect(readCookie('a=1; simulator_token=abc=; b=2', SIMULATOR_COOKIE)).toBe('abc=');
    expect(readCookie('xsimulator_token=abc', SIMULATOR_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SIMULATOR_COOKIE)).toBeUndefined();
  });
});

describe('SimulatorAccess.verdict', () => {
  const open = new SimulatorAccess(undefined, false);
  const withToken = new SimulatorAccess(TOKEN, false);
  const production = new SimulatorAccess(TOKEN, true);
  const local: AccessRequest = { host: '127.0.0.1:5000', authorization: undefined, cookie: undefined };
  const foreign: AccessRequest = { ...local, host: 'evil.example:5000' };

  it.each<[string, SimulatorAccess, AccessRequest, AccessVerdict]>([
    ['loopback, no token configured', open, local, 'loopback'],
    ['foreign host, no token configured', open, foreign, 'foreign-host'],
    ['no Host header at all', open, { ...local, host: undefined }, 'foreign-host'],
    [
      'a bearer means nothing without a configured token',
      open,
      { ...foreign, authorization: `Bearer ${TOKEN}` },
      'foreign-host',
    ],
    ['foreign host with the bearer token', withToken, { ...foreign, authorization: `Bearer ${TOKEN}` }, 'token'],
    ['foreign host with the cookie', withToken, { ...foreign, cookie: cookieOf(withToken) }, 'token'],
    ['foreign host with the token in the query', withToken, { ...foreign, queryToken: TOKEN }, 'token'],
    ['foreign host with a wrong bearer', withToken, { ...foreign, authorization: `Bearer ${TOKEN}x` }, 'foreign-host'],
    [
      'foreign host with the raw token as cookie',
      withToken,
      { ...foreign, cookie: `${SIMULATOR_COOKIE}=${TOKEN}` },
      'foreign-host',
    ],
    ['loopback without token, token optional', withToken, local, 'loopback'],
    ['production: loopback without token', production, local, 'token-required'],
    [
      'production: loopback with a wrong bearer',
      production,
      { ...local, authorization: 'Bearer nope' },
      'token-required',
    ],
    ['production: foreign host without token', production, foreign, 'foreign-host'],
    ['production: loopback with the bearer token', production, { ...local, authorization: `Bearer ${TOKEN}` }, 'token'],
    [
      'production: foreign host with the cookie',
      production,
      { ...foreign, cookie: `theme=dark; ${cookieOf(production)}` },
      'token',
    ],
  ])('%s → %s', (_, access, request, expected) => {
    expect(access.verdict(request)).toBe(expected);
  });
});

describe('SimulatorAccess.cookieHeader', () => {
  it('is HttpOnly, SameSite=Strict and limited to /simulator, Secure only over HTTPS, and never holds the token', () => {
    const access = new SimulatorAccess(TOKEN, true);
    const header = access.cookieHeader(false);
    expect(header).toMatch(/^simulator_token=[\w-]+; Path=\/simulator; HttpOnly; SameSite=Strict$/);
    expect(header).not.toContain(TOKEN);
    expect(access.cookieHeader(true)).toMatch(/; Secure$/);
  });

  it('changes with the token, so a rotated token invalidates old cookies', () => {
    const old = new SimulatorAccess(TOKEN, true);
    const rotated = new SimulatorAccess(`${TOKEN}-rotated`, true);
    expect(rotated.verdict({ host: 'localhost', authorization: undefined, cookie: cookieOf(old) })).toBe(
      'token-required',
    );
  });
});
