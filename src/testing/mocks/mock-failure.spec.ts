import { parseMockFailure } from './mock-failure.js';

describe('parseMockFailure', () => {
  it('reads the documented body, with times defaulting to 1', () => {
    expect(parseMockFailure({ match: { path: '/messages' }, status: 429, code: 130429 })).toEqual({
      match: { path: '/messages' },
      status: 429,
      code: 130429,
      times: 1,
    });
  });

  it('keeps every optional field', () => {
    const body = {
      match: { method: 'POST', path: '/messages', to: '15551234567' },
      status: 400,
      code: 131026,
      subcode: 2494010,
      message: 'Message undeliverable',
      delayMs: 200,
      times: 3,
    };
    expect(parseMockFailure(body)).toEqual(body);
  });

  it('fails every request when there is no match', () => {
    expect(parseMockFailure({ status: 503 })).toEqual({ match: {}, status: 503, times: 1 });
  });

  it.each`
    case                 | body                                       | problem
    ${'not an object'}   | ${[429]}                                   | ${'Send a JSON object'}
    ${'unknown field'}   | ${{ status: 429, count: 2 }}               | ${'Unknown field "count"'}
    ${'no status'}       | ${{ code: 130429 }}                        | ${'"status" must be an HTTP error status'}
    ${'a 2xx status'}    | ${{ status: 200 }}                         | ${'"status" must be an HTTP error status'}
    ${'a text status'}   | ${{ status: '429' }}                       | ${'"status" must be an HTTP error status'}
    ${'fractional code'} | ${{ status: 400, code: 1.5 }}              | ${'"code" must be an integer'}
    ${'text subcode'}    | ${{ status: 400, subcode: '33' }}          | ${'"subcode" must be an integer'}
    ${'object message'}  | ${{ status: 400, message: {} }}            | ${'"message" must be a string'}
    ${'huge delay'}      | ${{ status: 500, delayMs: 600_000 }}       | ${'"delayMs" must be an integer from 0 to 60000'}
    ${'zero times'}      | ${{ status: 500, times: 0 }}               | ${'"times" must be an integer from 1 to 1000'}
    ${'bad match'}       | ${{ status: 500, match: { verb: 'GET' } }} | ${'Unknown match field "verb"'}
  `('refuses $case', ({ body, problem }: { body: unknown; problem: string }) => {
    expect(parseMockFailure(body)).toContain(problem);
  });
});
