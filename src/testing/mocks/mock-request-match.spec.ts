import { parseRequestMatch, requestMatches, type MockRequestMatch } from './mock-request-match.js';
import type { RecordedRequest } from './recorded-request.js';

function request(method: string, path: string, json?: unknown): RecordedRequest {
  const body = Buffer.from(json === undefined ? '' : JSON.stringify(json));
  return { method, url: path, path, query: new URLSearchParams(), headers: {}, body, json, receivedAt: 0 };
}

const send = request('POST', '/v23.0/106540352242922/messages', { to: '15551234567', type: 'text' });

describe('requestMatches', () => {
  it.each`
    case                       | match                                                | expected
    ${'empty match'}           | ${{}}                                                | ${true}
    ${'method, any case'}      | ${{ method: 'post' }}                                | ${true}
    ${'other method'}          | ${{ method: 'GET' }}                                 | ${false}
    ${'path substring'}        | ${{ path: '/messages' }}                             | ${true}
    ${'path substring absent'} | ${{ path: '/media' }}                                | ${false}
    ${'path regex'}            | ${{ path: '/^\\/v\\d+\\.\\d+\\/\\d+\\/messages$/' }} | ${true}
    ${'path regex that fails'} | ${{ path: '/^\\/messages/' }}                        | ${false}
    ${'path regex with flags'} | ${{ path: '/MESSAGES$/i' }}                          | ${true}
    ${'to'}                    | ${{ to: '15551234567' }}                             | ${true}
    ${'other to'}              | ${{ to: '15550000000' }}                             | ${false}
    ${'every field must hold'} | ${{ method: 'POST', path: '/messages', to: 'x' }}    | ${false}
  `('$case → $expected', ({ match, expected }: { match: MockRequestMatch; expected: boolean }) => {
    expect(requestMatches(match, send)).toBe(expected);
  });

  it('does not match `to` on a request without a JSON body', () => {
    expect(requestMatches({ to: '15551234567' }, request('GET', '/v23.0/123'))).toBe(false);
  });

  it('gives the same answer twice for a global regex (no lastIndex carried over)', () => {
    const match = { path: '/messages/g' };
    expect([requestMatches(match, send), requestMatches(match, send)]).toEqual([true, true]);
  });
});

describe('parseRequestMatch', () => {
  it('reads an absent match as "every request"', () => {
    expect(parseRequestMatch(undefined)).toEqual({});
  });

  it.each`
    case               | value                      | problem
    ${'not an object'} | ${'/messages'}             | ${'"match" must be an object'}
    ${'unknown field'} | ${{ url: '/messages' }}    | ${'Unknown match field "url"'}
    ${'empty string'}  | ${{ path: '' }}            | ${'match.path must be a non-empty string'}
    ${'number'}        | ${{ to: 15551234567 }}     | ${'match.to must be a non-empty string'}
    ${'invalid regex'} | ${{ path: '/mess(ages/' }} | ${'is not a valid regex'}
  `('refuses $case', ({ value, problem }: { value: unknown; problem: string }) => {
    expect(parseRequestMatch(value)).toContain(problem);
  });
});
