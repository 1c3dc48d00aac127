import { decideChannel, shouldFallBackToTemplate } from './notification-decision.js';

describe('decideChannel', () => {
  it.each`
    case                                     | windowOpen | hasText  | hasTemplate | marketing | optedOut | expected
    ${'window open, text'}                   | ${true}    | ${true}  | ${true}     | ${false}  | ${false} | ${'text'}
    ${'window open, text only'}              | ${true}    | ${true}  | ${false}    | ${false}  | ${false} | ${'text'}
    ${'window open, template only'}          | ${true}    | ${false} | ${true}     | ${false}  | ${false} | ${'template'}
    ${'window closed, both'}                 | ${false}   | ${true}  | ${true}     | ${false}  | ${false} | ${'template'}
    ${'window closed, text only'}            | ${false}   | ${true}  | ${false}    | ${false}  | ${false} | ${'OUTSIDE_WINDOW'}
    ${'marketing, opted out'}                | ${true}    | ${true}  | ${true}     | ${true}   | ${true}  | ${'OPTED_OUT'}
    ${'marketing, opted out, window closed'} | ${false}   | ${true}  | ${false}    | ${true}   | ${true}  | ${'OPTED_OUT'}
    ${'marketing, opted in'}                 | ${true}    | ${true}  | ${false}    | ${true}   | ${false} | ${'text'}
    ${'utility to an opted-out user'}        | ${true}    | ${true}  | ${false}    | ${false}  | ${true}  | ${'text'}
  `('$case → $expected', ({ expected, ...input }) => expect(decideChannel(input)).toBe(expected));
});

describe('shouldFallBackToTemplate', () => {
  it.each`
    graphCode    | hasTemplate | expected
    ${131047}    | ${true}     | ${true}
    ${131047}    | ${false}    | ${false}
    ${131026}    | ${true}     | ${false}
    ${undefined} | ${true}     | ${false}
  `('$graphCode with template $hasTemplate → $expected', ({ graphCode, hasTemplate, expected }) =>
    expect(shouldFallBackToTemplate(graphCode, hasTemplate)).toBe(expected),
  );
});
