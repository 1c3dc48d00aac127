import { MOCK_LISTENING, MOCK_USAGE } from './mock-server.messages.js';
import { parseMockNames, startMocks, type RunningMock } from './mock-servers.js';

/**
 * `npm run mock:graph` (or `mock:airtable`, `mock:openai`, `mocks` for all three): the spec-validating mocks as a
 * process, for a CI job that runs the service apart from its tests. Prints one line per mock with its URL and the
 * service variables to set, then serves until SIGTERM or SIGINT, which stop the servers and exit 0.
 */
async function main(args: string[]): Promise<void> {
  const names = parseMockNames(args);
  if (!names) {
    process.stderr.write(`${MOCK_USAGE()}\n`);
    process.exitCode = 2;
    return;
  }
  const mocks = await startMocks(names);
  for (const mock of mocks) process.stdout.write(`${MOCK_LISTENING(mock.name, mock.url, mock.serviceEnv)}\n`);
  process.once('SIGTERM', () => void stopAll(mocks));
  process.once('SIGINT', () => void stopAll(mocks));
}

async function stopAll(mocks: readonly RunningMock[]): Promise<void> {
  await Promise.all(mocks.map((mock) => mock.stop()));
  process.exit(0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
