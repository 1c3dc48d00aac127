import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { GRAPH_NETWORK_FAILED, GRAPH_REQUEST_FAILED } from '../common/errors/error-messages.js';
import { GraphApiError, GraphNetworkError, parseRetryAfterSeconds } from './graph-api.error.js';

const TOKEN = 'EAAGm0PX4ZCpsBAKZCxyzSECRETSECRETSECRETSECRETSECRET1234567890';
const BODY = { messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'my secret diagnosis' } };

function requestConfig(): InternalAxiosRequestConfig {
  return {
    url: 'https://graph.facebook.com/v23.0/123/messages',
    method: 'post',
    headers: new AxiosHeaders({ Authorization: `Bearer ${TOKEN}` }),
    data: JSON.stringify(BODY),
  };
}

function axiosErrorWithResponse(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const config = requestConfig();
  const response: AxiosResponse = { status, statusText: '', data, headers, config };
  return new AxiosError(`Request failed with status code ${status}`, 'ERR_BAD_REQUEST', config, {}, response);
}

const graphBody = {
  error: {
    message: '(#131026) Message undeliverable',
    type: 'OAuthException',
    code: 131026,
    error_subcode: 2494010,
    error_data: { messaging_product: 'whatsapp', details: 'Message could not be delivered' },
    fbtrace_id: 'AbCdEf123',
  },
};

describe('GraphApiError.from', () => {
  it('keeps Graph code, subcode, type, details and fbtrace_id beside the HTTP status', () => {
    const error = GraphApiError.from(axiosErrorWithResponse(400, graphBody));
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      code: 'GRAPH.REQUEST_FAILED',
      status: 400,
      graphCode: 131026,
      subcode: 2494010,
      type: 'OAuthException',
      details: 'Message could not be delivered',
      fbtraceId: 'AbCdEf123',
      graphMessage: '(#131026) Message undeliverable',
    });
    expect(error.message).toBe(GRAPH_REQUEST_FAILED(400, 131026, 2494010, '(#131026) Message undeliverable'));
  });

  it('never carries the token or the request body, not even as a cause', () => {
    const error = GraphApiError.from(axiosErrorWithResponse(401, graphBody));
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('my secret diagnosis');
    expect(everything).not.toContain('15551234567');
    expect(error.cause).toBeUndefined();
  });

  it('scrubs a token or phone number that Graph echoes back in its texts', () => {
    const echoing = {
      error: {
        message: `Invalid token ${TOKEN}`,
        code: 190,
        error_data: { details: 'Recipient +1 555 123 4567 not allowed' },
      },
    };
    const error = GraphApiError.from(axiosErrorWithResponse(401, echoing)) as GraphApiError;
    expect(error.message).not.toContain(TOKEN);
    expect(error.graphMessage).toBe('Invalid token [redacted]');
    expect(error.details).toBe('Recipient [number] not allowed');
  });

  it('reads Retry-After', () => {
    const error = GraphApiError.from(axiosErrorWithResponse(429, graphBody, { 'retry-after': '7' })) as GraphApiError;
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('maps a non-JSON gateway error by status alone', () => {
    const error = GraphApiError.from(axiosErrorWithResponse(502, '<html>Bad Gateway</html>')) as GraphApiError;
    expect(error).toMatchObject({ status: 502, graphCode: undefined, fbtraceId: undefined });
  });

  it('parses a Graph error left as bytes (arraybuffer downloads) or text', () => {
    const bytes = Buffer.from(JSON.stringify(graphBody));
    expect(GraphApiError.from(axiosErrorWithResponse(400, bytes))).toMatchObject({ graphCode: 131026 });
    expect(GraphApiError.from(axiosErrorWithResponse(400, JSON.stringify(graphBody)))).toMatchObject({
      graphCode: 131026,
    });
  });

  it.each`
    case                  | code              | message
    ${'connection reset'} | ${'ECONNRESET'}   | ${'read ECONNRESET'}
    ${'socket hang up'}   | ${'ECONNRESET'}   | ${'socket hang up'}
    ${'timeout'}          | ${'ECONNABORTED'} | ${'timeout of 10000ms exceeded'}
    ${'refused'}          | ${'ECONNREFUSED'} | ${'connect ECONNREFUSED 127.0.0.1:9'}
  `('maps "$case" (no response) to GraphNetworkError', ({ code, message }: { code: string; message: string }) => {
    const error = GraphApiError.from(new AxiosError(message, code, requestConfig(), {}));
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect(error).toMatchObject({ code: 'GRAPH.NETWORK_ERROR', reason: code });
    expect(error.message).toBe(GRAPH_NETWORK_FAILED(code));
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(TOKEN);
  });
});

describe('parseRetryAfterSeconds', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each`
    value                              | expected
    ${undefined}                       | ${undefined}
    ${''}                              | ${undefined}
    ${'0'}                             | ${0}
    ${'30'}                            | ${30}
    ${'Wed, 01 Jan 2025 00:00:10 GMT'} | ${10}
    ${'Tue, 31 Dec 2024 23:00:00 GMT'} | ${0}
    ${'soon'}                          | ${undefined}
  `('$value → $expected', ({ value, expected }: { value: string | undefined; expected: number | undefined }) => {
    expect(parseRetryAfterSeconds(value, now)).toBe(expected);
  });
});
