import { isScrapeAllowed } from './metrics-access.js';

describe('isScrapeAllowed', () => {
  it.each`
    case                      | authorization                   | token               | expected
    ${'no token configured'}  | ${undefined}                    | ${undefined}        | ${true}
    ${'right bearer token'}   | ${'Bearer s3cret-metrics'}      | ${'s3cret-metrics'} | ${true}
    ${'no header'}            | ${undefined}                    | ${'s3cret-metrics'} | ${false}
    ${'wrong token'}          | ${'Bearer nope'}                | ${'s3cret-metrics'} | ${false}
    ${'token without Bearer'} | ${'s3cret-metrics'}             | ${'s3cret-metrics'} | ${false}
    ${'basic auth'}           | ${'Basic czNjcmV0LW1ldHJpY3M='} | ${'s3cret-metrics'} | ${false}
    ${'token with a suffix'}  | ${'Bearer s3cret-metricsX'}     | ${'s3cret-metrics'} | ${false}
  `('$case → $expected', ({ authorization, token, expected }) => {
    expect(isScrapeAllowed(authorization, token)).toBe(expected);
  });
});
