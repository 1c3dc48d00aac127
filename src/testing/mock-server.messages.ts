/**
 * What the mock-server CLI prints, in one place (the service's own texts live in common/errors/error-messages.ts;
 * these belong to the testing tools, which ship apart from it). Tests assert with these same functions.
 */
export const MOCK_USAGE = () =>
  'Usage: node dist/testing/mock-server.cli.js graph|airtable|openai|all [...] (npm run mock:graph, mock:airtable, mock:openai, mocks)';

export const MOCK_INVALID_PORT = (variable: string) =>
  `${variable} must be a port number from 0 to 65535 (0 picks a free port). Fix it or unset it for the default.`;

export const MOCK_PORT_IN_USE = (variable: string, port: number) =>
  `Port ${port} is already in use: stop what listens there, or set ${variable} to another port (0 picks a free one).`;

/** The one line printed per started mock: its URL, then the service variables to point at it. */
export const MOCK_LISTENING = (name: string, url: string, serviceEnv: Readonly<Record<string, string>>) =>
  `${name} mock listening on ${url} (${Object.entries(serviceEnv)
    .map(([variable, value]) => `${variable}=${value}`)
    .join(' ')})`;
