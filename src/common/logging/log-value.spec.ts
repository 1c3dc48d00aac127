import { cappedText, logValue, MAX_LOGGED_CHARS } from './log-value.js';

describe('logValue', () => {
  it('keeps short strings, numbers, booleans and null', () => {
    expect([logValue('page'), logValue(42), logValue(false), logValue(null), logValue(undefined)]).toEqual([
      'page',
      42,
      false,
      null,
      undefined,
    ]);
  });

  it('cuts long strings to 200 characters', () => {
    const logged = logValue('x'.repeat(10_000)) as string;
    expect(logged).toBe(`${'x'.repeat(MAX_LOGGED_CHARS)}…`);
  });

  it('names objects and arrays without reading them, however deep', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(logValue(deep)).toBe('[array]');
    expect(logValue({ toString: () => 'never called' })).toBe('[object]');
  });
});

describe('cappedText', () => {
  it('cuts long texts and keeps short or missing ones', () => {
    expect(cappedText('y'.repeat(5000))).toHaveLength(MAX_LOGGED_CHARS + 1);
    expect([cappedText('Re-engagement message'), cappedText(undefined)]).toEqual(['Re-engagement message', undefined]);
  });
});
