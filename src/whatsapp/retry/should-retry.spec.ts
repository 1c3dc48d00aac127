import { GraphApiError, GraphNetworkError } from '../graph-api.error.js';
import { shouldRetry } from './should-retry.js';

const graphError = (status: number, graphCode?: number) => new GraphApiError({ status, graphCode });

describe('shouldRetry', () => {
  it.each`
    case                                  | error                                    | attempt | expected
    ${'throughput 130429, HTTP 400'}      | ${graphError(400, 130429)}               | ${1}    | ${true}
    ${'WABA rate limit 80007, HTTP 400'}  | ${graphError(400, 80007)}                | ${1}    | ${true}
    ${'pair rate limit 131056'}           | ${graphError(400, 131056)}               | ${2}    | ${true}
    ${'unknown error 1'}                  | ${graphError(500, 1)}                    | ${1}    | ${true}
    ${'service unavailable 2'}            | ${graphError(503, 2)}                    | ${1}    | ${true}
    ${'app limit 4'}                      | ${graphError(400, 4)}                    | ${1}    | ${true}
    ${'user limit 17'}                    | ${graphError(400, 17)}                   | ${1}    | ${true}
    ${'something went wrong 131000'}      | ${graphError(500, 131000)}               | ${1}    | ${true}
    ${'unavailable 131016, HTTP 503'}     | ${graphError(503, 131016)}               | ${1}    | ${true}
    ${'HTTP 429 without a code'}          | ${graphError(429)}                       | ${1}    | ${true}
    ${'HTTP 500 without a code'}          | ${graphError(500)}                       | ${1}    | ${true}
    ${'HTTP 502 from a proxy'}            | ${graphError(502)}                       | ${1}    | ${true}
    ${'bad parameter 100'}                | ${graphError(400, 100)}                  | ${1}    | ${false}
    ${'undeliverable 131026'}             | ${graphError(400, 131026)}               | ${1}    | ${false}
    ${'outside 24 h window 131047'}       | ${graphError(400, 131047)}               | ${1}    | ${false}
    ${'unsupported type 131051'}          | ${graphError(400, 131051)}               | ${1}    | ${false}
    ${'expired token 190'}                | ${graphError(401, 190)}                  | ${1}    | ${false}
    ${'HTTP 404 without a code'}          | ${graphError(404)}                       | ${1}    | ${false}
    ${'connection reset'}                 | ${new GraphNetworkError('ECONNRESET')}   | ${1}    | ${true}
    ${'timeout'}                          | ${new GraphNetworkError('ECONNABORTED')} | ${2}    | ${true}
    ${'a bug of ours'}                    | ${new TypeError('x is undefined')}       | ${1}    | ${false}
    ${'budget spent on a transient code'} | ${graphError(503, 131016)}               | ${3}    | ${false}
    ${'budget spent on a network error'}  | ${new GraphNetworkError('ECONNRESET')}   | ${3}    | ${false}
  `(
    '$case (attempt $attempt of 3) → $expected',
    ({ error, attempt, expected }: { error: unknown; attempt: number; expected: boolean }) => {
      expect(shouldRetry(error, attempt, 3)).toBe(expected);
    },
  );

  it('follows the configured budget', () => {
    expect(shouldRetry(graphError(500), 3, 5)).toBe(true);
    expect(shouldRetry(graphError(500), 1, 1)).toBe(false);
  });
});
