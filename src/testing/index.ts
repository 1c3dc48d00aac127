/**
 * The testing tools other projects import: `import { GraphApiMock } from 'whatsapp-cloud-bot/testing'` (the
 * `exports` subpath of package.json, built to dist/testing/). Like flows/core/index.ts it is a public entry, so
 * it lists what a team's tests need and nothing else; this project's own specs import files by relative path.
 * Nothing here depends on jest: the mocks are plain `node:http` servers that any test runner can start.
 * See docs/testing.md.
 */
export {
  GraphApiMock,
  graphErrorBody,
  graphFailureReply,
  type GraphApiMockOptions,
  type GraphFailure,
  type GraphMessagesCall,
  type GraphMockMedia,
  type GraphRouteKind,
} from './mocks/graph-api.mock-server.js';
export {
  AirtableMock,
  type AirtableDelayScript,
  type AirtableMockOptions,
  type AirtableMockRecord,
} from './mocks/airtable.mock-server.js';
export {
  OpenAiMock,
  type OpenAiDelayScript,
  type OpenAiMockMessage,
  type OpenAiMockOptions,
  type OpenAiReplyScript,
} from './mocks/openai.mock-server.js';
export {
  CONTROL_PREFIX,
  MockHttpServer,
  type MockHandler,
  type MockHttpServerOptions,
  type MockListenOptions,
  type MockReply,
} from './mocks/mock-http-server.js';
export type { MockFailure } from './mocks/mock-failure.js';
export type { MockRequestMatch } from './mocks/mock-request-match.js';
export type { MockRequestView } from './mocks/mock-request-view.js';
export type { RecordedRequest } from './mocks/recorded-request.js';
export { MOCK_NAMES, MOCK_PORTS, startMocks, type MockName, type RunningMock } from './mock-servers.js';
export { freePort } from './free-port.js';
export { waitFor } from './wait-for.js';
export { webhookExamples, type WebhookExample } from './webhook-examples.js';
