import {
  SIMULATOR_FOREIGN_HOST,
  SIMULATOR_TOKEN_NEEDED,
  SIMULATOR_TOKEN_REQUIRED,
} from '../../src/common/errors/error-messages.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort } from '../../src/testing/free-port.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawn-app.js';
import { rawRequest, type RawResponse } from './simulator-helpers.js';

const TOKEN = 'e2e-simulator-token-0123456789abcdef';
const FORGED_HOST = 'evil.example:5000';
const PHONE_ID = '106540352242922';
/** Nothing listens there: an app with a token must never reach a real Graph during these tests. */
const NO_GRAPH = 'http://127.0.0.1:9';
const PRODUCTION = {
  NODE_ENV: 'production',
  SIMULATOR: 'on',
  WP_ACCESS_TOKEN: 'token',
  WP_PHONE_ID: PHONE_ID,
  WP_APP_SECRET: 'app-secret',
  WP_VERIFY_TOKEN: 'verify',
  GRAPH_API_URL: NO_GRAPH,
} as const;

/** The page, a static asset, the API and the event stream: every kind of route the simulator serves. */
const GET_ROUTES = [
  '/simulator',
  '/simulator/assets/simulator.js',
  '/simulator/assets/sample-sunset.png',
  '/simulator/api/state',
  '/simulator/api/events',
];

const get = (server: TestApp, path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${server.url}${path}`, { headers });

/** Creates a simulated user the way the page does; resolves with the answer. */
const createUser = (server: TestApp, headers: Record<string, string>) =>
  rawRequest(`${server.url}/simulator/api/users`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mallory' }),
  });

const messageOf = (response: RawResponse) => (JSON.parse(response.body) as { message: string }).message;

/** Trades the token for the cookie like a browser opening `/simulator?token=...`; resolves with the redirect and the cookie. */
async function cookieFor(
  server: TestApp,
  host: string,
  token = TOKEN,
): Promise<{ redirect: RawResponse; cookie: string }> {
  const redirect = await get(server, `/simulator?token=${encodeURIComponent(token)}`, { host });
  const setCookie = redirect.headers['set-cookie']?.[0] ?? '';
  return { redirect, cookie: setCookie.split(';')[0] };
}

describe('Simulator access: host names and SIMULATOR_TOKEN (e2e)', () => {
  describe('in local mode, without SIMULATOR_TOKEN', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp({});
    });
    afterAll(() => server.close());

    it.each(GET_ROUTES)('answers GET %s with 403 for a forged Host (DNS rebinding)', async (path) => {
      const answer = await get(server, path, { host: FORGED_HOST });
      expect([answer.status, messageOf(answer)]).toEqual([403, SIMULATOR_FOREIGN_HOST()]);
    });

    it('refuses a post under a forged Host, and nothing happens', async () => {
      const answer = await createUser(server, { host: FORGED_HOST });
      expect([answer.status, messageOf(answer)]).toEqual([403, SIMULATOR_FOREIGN_HOST()]);
      const state = JSON.parse((await get(server, '/simulator/api/state')).body) as { users: Array<{ name: string }> };
      expect(state.users.map((user) => user.name)).not.toContain('Mallory');
    });

    it('refuses a forged Host even with a bearer token, since no SIMULATOR_TOKEN is configured', async () => {
      const answer = await get(server, '/simulator', { host: FORGED_HOST, authorization: `Bearer ${TOKEN}` });
      expect(answer.status).toBe(403);
    });

    it.each(['localhost:5000', '127.0.0.1:1234', '[::1]:5000', 'localhost', 'LocalHost:80'])(
      'serves every route to Host: %s',
      async (host) => {
        for (const path of GET_ROUTES) expect([path, (await get(server, path, { host })).status]).toEqual([path, 200]);
      },
    );

    it.each(['localhost.evil.example', '127.0.0.1.nip.io:5000', '127.0.0.2:5000', '10.0.0.5:5000'])(
      'refuses Host: %s',
      async (host) => {
        expect((await get(server, '/simulator', { host })).status).toBe(403);
      },
    );
  });

  describe('with SIMULATOR_TOKEN outside production', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp({ SIMULATOR_TOKEN: TOKEN });
    });
    afterAll(() => server.close());

    it('lets a forged Host in with the bearer token, on every route', async () => {
      for (const path of GET_ROUTES) {
        expect([
          path,
          (await get(server, path, { host: FORGED_HOST, authorization: `Bearer ${TOKEN}` })).status,
        ]).toEqual([path, 200]);
      }
      expect((await createUser(server, { host: FORGED_HOST, authorization: `Bearer ${TOKEN}` })).status).toBe(201);
    });

    it('refuses a forged Host with a wrong token', async () => {
      expect((await get(server, '/simulator', { host: FORGED_HOST, authorization: `Bearer ${TOKEN}x` })).status).toBe(
        403,
      );
      expect((await get(server, `/simulator?token=${TOKEN}x`, { host: FORGED_HOST })).status).toBe(403);
    });

    it('trades /simulator?token= for an HttpOnly SameSite=Strict cookie that opens every route', async () => {
      const { redirect, cookie } = await cookieFor(server, 'bot.tunnel.example');
      expect(redirect.status).toBe(303);
      expect(redirect.headers.location).toBe('/simulator');
      expect(redirect.headers['set-cookie']).toEqual([
        expect.stringMatching(/^simulator_token=[\w-]+; Path=\/simulator; HttpOnly; SameSite=Strict$/),
      ]);
      expect(cookie).not.toContain(TOKEN);
      for (const path of GET_ROUTES) {
        expect([path, (await get(server, path, { host: 'bot.tunnel.example', cookie })).status]).toEqual([path, 200]);
      }
      expect((await createUser(server, { host: 'bot.tunnel.example', cookie })).status).toBe(201);
      // The token in the query only counts on the page: other URLs never carry it.
      expect((await get(server, `/simulator/api/state?token=${TOKEN}`, { host: FORGED_HOST })).status).toBe(403);
    });

    it('still serves loopback host names without the token', async () => {
      expect((await get(server, '/simulator', { host: 'localhost:5000' })).status).toBe(200);
    });
  });

  describe('SIMULATOR=on in production (SIMULATOR_TOKEN required)', () => {
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp({ ...PRODUCTION, SIMULATOR_TOKEN: TOKEN });
    });
    afterAll(() => server.close());

    it.each(GET_ROUTES)('answers GET %s with 401 without the token, even from localhost', async (path) => {
      const attempts: Array<Record<string, string>> = [
        { host: 'localhost:5000' },
        { host: '127.0.0.1:5000', authorization: 'Bearer not-the-token' },
      ];
      for (const headers of attempts) {
        const answer = await get(server, path, headers);
        expect([answer.status, messageOf(answer)]).toEqual([401, SIMULATOR_TOKEN_NEEDED()]);
      }
      expect((await get(server, path, { host: FORGED_HOST })).status).toBe(403);
    });

    it('refuses a post without the token', async () => {
      expect((await createUser(server, { host: 'localhost:5000' })).status).toBe(401);
    });

    it('answers every route with the bearer token, from any host name', async () => {
      for (const host of ['localhost:5000', FORGED_HOST]) {
        for (const path of GET_ROUTES) {
          expect([host, path, (await get(server, path, { host, authorization: `Bearer ${TOKEN}` })).status]).toEqual([
            host,
            path,
            200,
          ]);
        }
      }
    });

    it('answers every route with the cookie set by /simulator?token=', async () => {
      const { redirect, cookie } = await cookieFor(server, 'localhost:5000');
      expect(redirect.status).toBe(303);
      for (const path of GET_ROUTES)
        expect([path, (await get(server, path, { host: 'localhost:5000', cookie })).status]).toEqual([path, 200]);
      expect((await createUser(server, { host: 'localhost:5000', cookie })).status).toBe(201);
    });

    it('sets no cookie for a wrong token', async () => {
      const { redirect } = await cookieFor(server, 'localhost:5000', `${TOKEN}x`);
      expect(redirect.status).toBe(401);
      expect(redirect.headers['set-cookie']).toBeUndefined();
    });
  });
});

describe('Simulator token at boot (process e2e)', () => {
  let app: SpawnedApp | undefined;
  afterEach(() => {
    // Only the process this test started, by its handle.
    if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  });

  it.each<[string, Record<string, string>, string]>([
    ['SIMULATOR=on in production without SIMULATOR_TOKEN', PRODUCTION, SIMULATOR_TOKEN_REQUIRED()],
    [
      'a SIMULATOR_TOKEN of 31 characters',
      { ...PRODUCTION, SIMULATOR_TOKEN: 'x'.repeat(31) },
      'SIMULATOR_TOKEN must be at least 32 characters long',
    ],
    [
      'a short SIMULATOR_TOKEN in local mode',
      { SIMULATOR_TOKEN: 'short' },
      'SIMULATOR_TOKEN must be at least 32 characters long',
    ],
  ])('stops with exit code 1 and one line on stderr for %s', async (_, env, message) => {
    app = spawnApp(env, undefined, await freePort());
    expect(await app.exited).toBe(1);
    const { stdout, stderr } = app.output();
    expect(stderr).toBe(`${message}\n`);
    expect(stderr).toContain('SIMULATOR_TOKEN');
    expect(stdout).not.toContain('listening');
  });
});
