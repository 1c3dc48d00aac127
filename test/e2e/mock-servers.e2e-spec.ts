import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { freePort } from '../../src/testing/free-port.js';
import { MOCK_LISTENING, MOCK_USAGE } from '../../src/testing/mock-server.messages.js';
import { MockHttpServer } from '../../src/testing/mocks/mock-http-server.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { PROJECT_ROOT, spawnApp, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';

/** The values docs/testing.md and docs/examples/whatsapp-bot-ci.yml give the service in CI. */
const CI_SERVICE_ENV = {
  WP_ACCESS_TOKEN: 'ci-access-token',
  WP_APP_SECRET: 'ci-app-secret',
  WP_PHONE_ID: '106540352242922',
  HOST: '127.0.0.1',
};
const EXAMPLE_TEST = 'docs/examples/whatsapp-bot.e2e.test.mjs';
const WORKFLOW = 'docs/examples/whatsapp-bot-ci.yml';

/**
 * Stops a process this test started, by its PID: SIGTERM first, because npm passes it on to the mock it runs
 * (SIGKILL would leave that orphaned on its port), SIGKILL only if it is still there after five seconds.
 */
async function stop(app: SpawnedApp | undefined): Promise<number | string | undefined> {
  if (!app) return undefined;
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.exited;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), 5000);
  try {
    return await app.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether nothing listens on `port` any more: a server can bind it. */
async function portIsFree(port: number): Promise<boolean> {
  const probe = new MockHttpServer();
  try {
    await probe.start({ port });
  } catch {
    return false;
  }
  await probe.stop();
  return true;
}

interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

function workflowSteps(): WorkflowStep[] {
  const workflow = parse(readFileSync(`${PROJECT_ROOT}${WORKFLOW}`, 'utf8')) as {
    jobs: { test: { steps: WorkflowStep[] } };
  };
  return workflow.jobs.test.steps;
}

function stepNamed(steps: WorkflowStep[], name: string): WorkflowStep {
  const step = steps.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`${WORKFLOW} has no step named "${name}": update this test with the workflow.`);
  return step;
}

function stepWith(steps: WorkflowStep[], uses: string): Record<string, unknown> | undefined {
  return steps.find((step) => step.uses === uses)?.with;
}

/** The workflow's fixed ports (5000, 5005-5007) replaced by free ones, in every value that mentions them. */
function withPorts(env: Record<string, string>, ports: Record<string, number>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      value.replace(/\b(5000|5005|5006|5007)\b/g, (p) => String(ports[p])),
    ]),
  );
}

async function waitForLine(app: SpawnedApp, line: string): Promise<void> {
  await waitFor(() => app.output().stdout.includes(line), {
    timeoutMs: 20_000,
    intervalMs: 50,
    description: `"${line}" (stdout: ${app.output().stdout.slice(-500)} stderr: ${app.output().stderr.slice(-500)})`,
  });
}

describe('The mocks as processes, as docs/testing.md runs them (e2e)', () => {
  const started: SpawnedApp[] = [];
  const run = (...args: Parameters<typeof spawnApp>) => {
    const app = spawnApp(...args);
    started.push(app);
    return app;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map(stop));
  });

  it('npm run mock:graph, the service and the docs example test pass together, and both stop by PID', async () => {
    const graphPort = await freePort();
    const graphUrl = `http://127.0.0.1:${graphPort}`;
    const mock = run({ MOCK_GRAPH_PORT: String(graphPort) }, ['npm', 'run', 'mock:graph']);
    await waitForLine(mock, MOCK_LISTENING('graph', graphUrl, { GRAPH_API_URL: graphUrl }));

    const servicePort = await freePort();
    const service = run({ ...CI_SERVICE_ENV, GRAPH_API_URL: graphUrl }, ['node', 'dist/main.js'], servicePort);
    await waitUntilHealthy(service);

    const example = run(
      {
        BOT_URL: `http://127.0.0.1:${servicePort}`,
        MOCK_GRAPH_URL: graphUrl,
        WP_APP_SECRET: CI_SERVICE_ENV.WP_APP_SECRET,
        WP_PHONE_ID: CI_SERVICE_ENV.WP_PHONE_ID,
      },
      ['node', '--test', EXAMPLE_TEST],
    );
    const exitCode = await example.exited;
    const { stdout, stderr } = example.output();
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(stdout).toContain('# pass 2');
    expect(stdout).toContain('# fail 0');

    // What the example left on the mock: the throttled send, then the retry that Graph accepted.
    const listed = (await (await fetch(`${graphUrl}/__mock/requests?path=/messages`)).json()) as { status: number }[];
    expect(listed.map((request) => request.status)).toEqual(expect.arrayContaining([429, 200]));

    expect(await stop(service)).toBe(0);
    expect(await stop(mock)).toBe(0);
    expect(await portIsFree(graphPort)).toBe(true);
  });

  it('the steps of docs/examples/whatsapp-bot-ci.yml pass with its own variables (ports swapped for free ones)', async () => {
    const steps = workflowSteps();
    const [mocksStep, serviceStep, exampleStep] = [
      stepNamed(steps, 'Start the mocks'),
      stepNamed(steps, 'Start the service'),
      stepNamed(steps, 'End-to-end tests over HTTP'),
    ];
    // The commands this test runs are the workflow's, after npm ci and npm run build on Node 22 (the flow tests
    // step runs jest, which this suite is already inside of).
    expect(steps.map((step) => step.run ?? step.uses)).toEqual(
      expect.arrayContaining(['actions/setup-node@v4', 'npm ci', 'npm run build', 'npm run test:unit -- src/flows']),
    );
    expect(stepWith(steps, 'actions/setup-node@v4')).toMatchObject({ 'node-version': 22 });
    expect(mocksStep.run).toMatch(/^npm run mocks .*&$/);
    expect(serviceStep.run).toMatch(/^node dist\/main\.js .*&$/);
    expect(exampleStep.run).toBe(`node --test ${EXAMPLE_TEST}`);

    const ports: Record<string, number> = {
      '5000': await freePort(),
      '5005': await freePort(),
      '5006': await freePort(),
      '5007': await freePort(),
    };
    const mocks = run(
      withPorts(
        { ...mocksStep.env, MOCK_GRAPH_PORT: '5005', MOCK_AIRTABLE_PORT: '5006', MOCK_OPENAI_PORT: '5007' },
        ports,
      ),
      ['npm', 'run', 'mocks'],
    );
    await waitForLine(mocks, `openai mock listening on http://127.0.0.1:${ports['5007']}`);
    const serviceEnv = withPorts(serviceStep.env ?? {}, ports);
    const service = run(serviceEnv, ['node', 'dist/main.js'], Number(serviceEnv.PORT));
    await waitUntilHealthy(service);

    const example = run(withPorts(exampleStep.env ?? {}, ports), ['node', '--test', EXAMPLE_TEST]);
    expect(await example.exited).toBe(0);
    expect(example.output().stdout).toContain('# fail 0');

    // The service reached the mocks with the credentials the workflow gave both sides: no 401 anywhere.
    const graphRequests = (await (await fetch(`http://127.0.0.1:${ports['5005']}/__mock/requests`)).json()) as {
      status: number;
    }[];
    expect(graphRequests.length).toBeGreaterThan(0);
    expect(graphRequests.map((request) => request.status)).not.toContain(401);
    for (const port of [ports['5005'], ports['5006'], ports['5007']]) {
      const reset = await fetch(`http://127.0.0.1:${port}/__mock/reset`, { method: 'POST' });
      expect(await reset.json()).toEqual({ reset: true });
    }

    expect(await stop(service)).toBe(0);
    // Ctrl-C, as a developer stops `npm run mocks` in a terminal.
    mocks.child.kill('SIGINT');
    expect(await mocks.exited).toBe(0);
    for (const port of [ports['5005'], ports['5006'], ports['5007']]) expect(await portIsFree(port)).toBe(true);
  });

  it('the CLI prints its usage and exits 2 for an unknown mock', async () => {
    const cli = run({}, ['node', 'dist/testing/mock-server.cli.js', 'stripe']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toBe(`${MOCK_USAGE()}\n`);
  });

  it("the mocks load from the built package at 'whatsapp-cloud-bot/testing' (package.json exports)", async () => {
    const script = [
      "import { GraphApiMock, AirtableMock, OpenAiMock, startMocks } from 'whatsapp-cloud-bot/testing';",
      'const graph = await new GraphApiMock().start();',
      "const answer = await fetch(graph.url + '/__mock/requests');",
      'process.stdout.write(JSON.stringify({ status: answer.status, airtable: typeof AirtableMock,',
      '  openai: typeof OpenAiMock, startMocks: typeof startMocks }));',
      'await graph.stop();',
    ].join('\n');
    const node = run({}, ['node', '--input-type=module', '-e', script]);

    expect(await node.exited).toBe(0);
    expect(JSON.parse(node.output().stdout)).toEqual({
      status: 200,
      airtable: 'function',
      openai: 'function',
      startMocks: 'function',
    });
  });
});
