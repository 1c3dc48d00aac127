import { jobIdFor } from './durable-inbound.js';

describe('jobIdFor', () => {
  it.each`
    case                      | messageId                                   | expected
    ${"Meta's wamid"}         | ${'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUI='} | ${'m.d2FtaWQuSEJnTE1UVTFOVEV5TXpRMU5qY1ZBZ0FTR0JRelFVST0'}
    ${'an integer'}           | ${'12345'}                                  | ${'m.MTIzNDU'}
    ${'with a colon'}         | ${'a:b'}                                    | ${'m.YTpi'}
    ${"one of BullMQ's keys"} | ${'wait'}                                   | ${'m.d2FpdA'}
  `('derives the job id of $case', ({ messageId, expected }: { messageId: string; expected: string }) => {
    expect(jobIdFor(messageId)).toBe(expected);
  });

  it('never returns the raw id, a colon or an integer, and keeps distinct ids distinct', () => {
    const ids = [
      'wait',
      'active',
      'meta',
      'id',
      'events',
      'paused',
      'completed',
      'failed',
      'delayed',
      'priority',
      'marker',
      'stalled-check',
      'limiter',
      'de',
      'pc',
      '1',
      '-7',
      'a:b',
      ' ',
      '~'.repeat(256),
    ];
    const jobIds = ids.map(jobIdFor);
    for (const [index, jobId] of jobIds.entries()) {
      expect(jobId).not.toBe(ids[index]);
      expect(jobId).toMatch(/^m\.[A-Za-z0-9_-]+$/);
    }
    expect(new Set(jobIds).size).toBe(ids.length);
  });
});
