import {
  decideSend,
  earliestTokenAt,
  msUntilFull,
  takeTokenAt,
  tokensAt,
  type BucketLimit,
  type BucketState,
  type SendRequest,
} from './token-bucket.js';

/** Meta's defaults: 80 messages/s per number; per user a burst of 10, then one every 6 s. */
const NUMBER: BucketLimit = { capacity: 80, intervalMs: 12.5 };
const PAIR: BucketLimit = { capacity: 10, intervalMs: 6000 };
const T0 = 1_000_000;

const bucket = (tokens: number, updatedAtMs = T0): BucketState => ({ tokens, updatedAtMs });

function request(overrides: Partial<SendRequest>): SendRequest {
  return {
    nowMs: T0,
    number: undefined,
    numberLimit: NUMBER,
    recipient: undefined,
    recipientLimit: PAIR,
    maxWaitMs: 60_000,
    ...overrides,
  };
}

describe('token bucket', () => {
  describe('tokensAt', () => {
    it.each`
      case                            | state                   | atMs           | expected
      ${'missing bucket is full'}     | ${undefined}            | ${T0}          | ${10}
      ${'no time passed'}             | ${bucket(3)}            | ${T0}          | ${3}
      ${'one interval earns a token'} | ${bucket(3)}            | ${T0 + 6000}   | ${4}
      ${'half an interval'}           | ${bucket(0)}            | ${T0 + 3000}   | ${0.5}
      ${'capped at capacity'}         | ${bucket(9)}            | ${T0 + 60_000} | ${10}
      ${'state dated in the future'}  | ${bucket(2, T0 + 6000)} | ${T0}          | ${2}
    `(
      '$case → $expected',
      ({ state, atMs, expected }: { state: BucketState | undefined; atMs: number; expected: number }) => {
        expect(tokensAt(state, PAIR, atMs)).toBeCloseTo(expected, 9);
      },
    );
  });

  describe('earliestTokenAt', () => {
    it.each`
      case                                   | state                   | expected
      ${'full bucket: now'}                  | ${undefined}            | ${T0}
      ${'one token left: now'}               | ${bucket(1)}            | ${T0}
      ${'empty: one interval'}               | ${bucket(0)}            | ${T0 + 6000}
      ${'half a token: half an interval'}    | ${bucket(0.5)}          | ${T0 + 3000}
      ${'emptied 2 s ago: 4 s'}              | ${bucket(0, T0 - 2000)} | ${T0 + 4000}
      ${'slot reserved ahead, token there'}  | ${bucket(3, T0 + 500)}  | ${T0 + 500}
      ${'slot reserved ahead, bucket empty'} | ${bucket(0, T0 + 500)}  | ${T0 + 6500}
    `('$case', ({ state, expected }: { state: BucketState | undefined; expected: number }) => {
      expect(earliestTokenAt(state, PAIR, T0)).toBeCloseTo(expected, 6);
    });
  });

  it('takeTokenAt refills up to the moment, then takes one', () => {
    expect(takeTokenAt(undefined, PAIR, T0)).toEqual(bucket(9));
    expect(takeTokenAt(bucket(0, T0 - 6000), PAIR, T0)).toEqual(bucket(0));
    expect(takeTokenAt(bucket(2), PAIR, T0 + 12_000)).toEqual(bucket(3, T0 + 12_000));
  });

  it.each`
    case                       | state                   | expected
    ${'full: nothing to wait'} | ${bucket(10)}           | ${0}
    ${'one token short'}       | ${bucket(9)}            | ${6000}
    ${'empty'}                 | ${bucket(0)}            | ${60_000}
    ${'reserved 1 s ahead'}    | ${bucket(9, T0 + 1000)} | ${7000}
  `('msUntilFull: $case → $expected ms', ({ state, expected }: { state: BucketState; expected: number }) => {
    expect(msUntilFull(state, PAIR, T0)).toBeCloseTo(expected, 6);
  });

  describe('decideSend', () => {
    it.each`
      case                                                | number                   | recipient               | maxWaitMs | decision
      ${'fresh buckets: at once'}                         | ${undefined}             | ${undefined}            | ${60_000} | ${{ granted: true, waitMs: 0 }}
      ${'last pair token: at once'}                       | ${undefined}             | ${bucket(1)}            | ${60_000} | ${{ granted: true, waitMs: 0 }}
      ${'pair spent: ask again in 6 s'}                   | ${undefined}             | ${bucket(0)}            | ${60_000} | ${{ granted: false, waitMs: 6000, bucket: 'recipient' }}
      ${'pair spent 4.5 s ago: ask again in 1.5 s'}       | ${undefined}             | ${bucket(0, T0 - 4500)} | ${60_000} | ${{ granted: false, waitMs: 1500, bucket: 'recipient' }}
      ${'pair wait beyond max: still says how long'}      | ${undefined}             | ${bucket(0)}            | ${1000}   | ${{ granted: false, waitMs: 6000, bucket: 'recipient' }}
      ${'number spent: next slot in 12.5 ms, rounded up'} | ${bucket(0)}             | ${undefined}            | ${60_000} | ${{ granted: true, waitMs: 13 }}
      ${'number in debt: slot reserved 1 s ahead'}        | ${bucket(0, T0 + 987.5)} | ${undefined}            | ${60_000} | ${{ granted: true, waitMs: 1000 }}
      ${'number slot beyond max: refused'}                | ${bucket(0, T0 + 987.5)} | ${undefined}            | ${999}    | ${{ granted: false, waitMs: 1000, bucket: 'number' }}
      ${'both spent: the pair decides first'}             | ${bucket(0)}             | ${bucket(0)}            | ${60_000} | ${{ granted: false, waitMs: 6000, bucket: 'recipient' }}
      ${'read receipt ignores a spent pair'}              | ${undefined}             | ${null}                 | ${60_000} | ${{ granted: true, waitMs: 0 }}
      ${'read receipt waits for the number'}              | ${bucket(0)}             | ${null}                 | ${60_000} | ${{ granted: true, waitMs: 13 }}
    `(
      '$case',
      ({
        number,
        recipient,
        maxWaitMs,
        decision,
      }: {
        number: BucketState | undefined;
        recipient: BucketState | undefined | null;
        maxWaitMs: number;
        decision: unknown;
      }) => {
        expect(decideSend(request({ number, recipient, maxWaitMs })).decision).toEqual(decision);
      },
    );

    it('takes one token from each bucket when granted at once', () => {
      const outcome = decideSend(request({ number: bucket(5), recipient: bucket(2) }));
      expect(outcome.number).toEqual(bucket(4));
      expect(outcome.recipient).toEqual(bucket(1));
    });

    it('dates both buckets at the reserved slot when the number makes it wait', () => {
      const outcome = decideSend(request({ number: bucket(0), recipient: bucket(3) }));
      expect(outcome.number).toEqual(bucket(0, T0 + 12.5));
      // The pair earned 12.5 ms worth of a token by then.
      expect(outcome.recipient).toEqual(bucket(2 + 12.5 / 6000, T0 + 12.5));
    });

    it('changes nothing when refused', () => {
      const outcome = decideSend(request({ number: bucket(5), recipient: bucket(0) }));
      expect(outcome).toEqual({ decision: { granted: false, waitMs: 6000, bucket: 'recipient' } });
    });

    it('leaves the recipient bucket alone for read receipts', () => {
      expect(decideSend(request({ number: bucket(5), recipient: null })).recipient).toBeUndefined();
    });

    it('lets a burst of 10 through to one user, then one every 6 s', () => {
      let pair: BucketState | undefined;
      let number: BucketState | undefined;
      const sentAt: number[] = [];
      let nowMs = T0;
      for (let attempt = 0; attempt < 40 && sentAt.length < 13; attempt++) {
        const outcome = decideSend(request({ nowMs, number, recipient: pair }));
        if (outcome.decision.granted) {
          sentAt.push(nowMs + outcome.decision.waitMs);
          ({ number, recipient: pair } = outcome);
        } else {
          nowMs += outcome.decision.waitMs;
        }
      }
      expect(sentAt.map((at) => at - T0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6000, 12_000, 18_000]);
    });

    it('spaces a burst to many users at the number rate, first come first served', () => {
      let number: BucketState | undefined;
      const waits: number[] = [];
      for (let user = 0; user < 83; user++) {
        const outcome = decideSend(request({ number }));
        if (!outcome.decision.granted) throw new Error('a fresh recipient must be granted a slot');
        waits.push(outcome.decision.waitMs);
        number = outcome.number;
      }
      // 80 at once (one second's worth), then a slot every 12.5 ms.
      expect(waits.slice(0, 80).every((wait) => wait === 0)).toBe(true);
      expect(waits.slice(80)).toEqual([13, 25, 38]);
    });
  });
});
