import { jest } from '@jest/globals';
import { ThrottledWarnings, type ThrottledLine } from './throttled-warnings.js';

describe('ThrottledWarnings', () => {
  let lines: ThrottledLine<{ requestId: string }>[];
  let warnings: ThrottledWarnings<{ requestId: string }>;

  beforeEach(() => {
    jest.useFakeTimers();
    lines = [];
    warnings = new ThrottledWarnings((line) => lines.push(line), 10_000);
  });
  afterEach(() => {
    warnings.flush();
    jest.useRealTimers();
  });

  it('writes the first event of a key at once', () => {
    warnings.report('missing signature', { requestId: 'r1' });
    expect(lines).toEqual([{ key: 'missing signature', fields: { requestId: 'r1' }, suppressed: 0 }]);
  });

  it('writes one line per key per 10 s under a flood, carrying how many were suppressed', () => {
    for (let i = 1; i <= 500; i += 1) warnings.report('signature mismatch', { requestId: `r${i}` });
    expect(lines).toHaveLength(1);
    jest.advanceTimersByTime(9_999);
    expect(lines).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(lines).toEqual([
      { key: 'signature mismatch', fields: { requestId: 'r1' }, suppressed: 0 },
      { key: 'signature mismatch', fields: { requestId: 'r500' }, suppressed: 499 },
    ]);
    // The summary opened a new window: the next event is counted, not written.
    warnings.report('signature mismatch', { requestId: 'r501' });
    expect(lines).toHaveLength(2);
    jest.advanceTimersByTime(10_000);
    expect(lines[2]).toEqual({ key: 'signature mismatch', fields: { requestId: 'r501' }, suppressed: 1 });
  });

  it('keeps keys apart', () => {
    warnings.report('missing signature', { requestId: 'a' });
    warnings.report('malformed JSON', { requestId: 'b' });
    warnings.report('missing signature', { requestId: 'c' });
    expect(lines.map((line) => line.key)).toEqual(['missing signature', 'malformed JSON']);
  });

  it('writes nothing more when a window closes without further events, and the next event is written at once', () => {
    warnings.report('malformed JSON', { requestId: 'a' });
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(1);
    warnings.report('malformed JSON', { requestId: 'b' });
    expect(lines).toHaveLength(2);
    expect(lines[1].suppressed).toBe(0);
  });

  it('writes held-back counts on flush', () => {
    warnings.report('missing signature', { requestId: 'a' });
    warnings.report('missing signature', { requestId: 'b' });
    warnings.flush();
    expect(lines[1]).toEqual({ key: 'missing signature', fields: { requestId: 'b' }, suppressed: 1 });
  });
});
