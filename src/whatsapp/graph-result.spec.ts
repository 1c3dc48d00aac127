import { GraphApiError, GraphNetworkError, MediaTooLargeError } from './graph-api.error.js';
import { graphResultOf } from './graph-result.js';

describe('graphResultOf', () => {
  it.each`
    case                      | error                                                    | result
    ${'re-engagement window'} | ${new GraphApiError({ status: 400, graphCode: 131047 })} | ${'131047'}
    ${'throughput'}           | ${new GraphApiError({ status: 400, graphCode: 130429 })} | ${'130429'}
    ${'expired token'}        | ${new GraphApiError({ status: 401, graphCode: 190 })}    | ${'190'}
    ${'proxy error, no code'} | ${new GraphApiError({ status: 502 })}                    | ${'http_502'}
    ${'axios timeout'}        | ${new GraphNetworkError('ECONNABORTED')}                 | ${'timeout'}
    ${'media body timeout'}   | ${new GraphNetworkError('ETIMEDOUT')}                    | ${'timeout'}
    ${'connection reset'}     | ${new GraphNetworkError('ECONNRESET')}                   | ${'network'}
    ${'connection refused'}   | ${new GraphNetworkError('ECONNREFUSED')}                 | ${'network'}
    ${'our own check'}        | ${new MediaTooLargeError('too large')}                   | ${'error'}
    ${'not an error'}         | ${'boom'}                                                | ${'error'}
  `('$case → $result', ({ error, result }) => expect(graphResultOf(error)).toBe(result));
});
