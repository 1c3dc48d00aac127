import { durationMs, timeoutSchedule, type StepTimeout } from './step-timeout.js';

describe('durationMs', () => {
  it.each`
    duration                     | expected
    ${{ seconds: 90 }}           | ${90_000}
    ${{ minutes: 10 }}           | ${600_000}
    ${{ hours: 1, minutes: 30 }} | ${5_400_000}
    ${{ seconds: 0.5 }}          | ${500}
  `('$duration → $expected ms', ({ duration, expected }) => expect(durationMs(duration)).toBe(expected));
});

describe('timeoutSchedule', () => {
  const remind = (minutes: number, maxReminders?: number) =>
    ({ remindAfter: { minutes }, reminder: 'r', maxReminders }) as const;
  const expire = (minutes: number) => ({ expireAfter: { minutes }, expiry: 'x' }) as const;
  const at = (events: ReturnType<typeof timeoutSchedule>) =>
    events.map(({ event, afterMs }) => `${event.kind === 'remind' ? `r${event.number}` : 'x'}@${afterMs / 60_000}`);

  it.each`
    case                                | timeout                                | expected
    ${'one reminder, then the expiry'}  | ${{ ...remind(10), ...expire(60) }}    | ${['r1@10', 'x@60']}
    ${'three reminders, apart'}         | ${{ ...remind(10, 3), ...expire(60) }} | ${['r1@10', 'r2@20', 'r3@30', 'x@60']}
    ${'reminders cut at the expiry'}    | ${{ ...remind(25, 5), ...expire(60) }} | ${['r1@25', 'r2@50', 'x@60']}
    ${'no reminder at the expiry time'} | ${{ ...remind(60), ...expire(60) }}    | ${['x@60']}
    ${'reminders without expiry'}       | ${remind(10, 2)}                       | ${['r1@10', 'r2@20']}
    ${'expiry only'}                    | ${expire(30)}                          | ${['x@30']}
    ${'nothing declared'}               | ${{}}                                  | ${[]}
  `('$case', ({ timeout, expected }: { timeout: StepTimeout; expected: string[] }) => {
    expect(at(timeoutSchedule(timeout))).toEqual(expected);
  });
});
