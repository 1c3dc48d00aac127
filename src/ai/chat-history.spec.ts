import { buildChatRequest, trimHistory } from './chat-history.js';
import type { ChatMessage, ChatRole } from './chat-model.port.js';

const ROLES: Record<string, ChatRole> = { S: 'system', U: 'user', A: 'assistant' };

/** `'U:q1 A:a1'` → a user message `q1`, then an assistant message `a1` (contents have no spaces). */
function chat(transcript: string): ChatMessage[] {
  return transcript
    .split(' ')
    .filter(Boolean)
    .map((item) => ({ role: ROLES[item[0]], content: item.slice(2) }));
}

// Three turns of 4 characters each (2 + 2).
const THREE_TURNS = 'U:q1 A:a1 U:q2 A:a2 U:q3 A:a3';
const NO_LIMIT = 100_000;

interface Row {
  history: string;
  maxTurns: number;
  maxChars: number;
  expected: string;
}

describe('trimHistory', () => {
  it.each`
    case                                          | history                            | maxTurns    | maxChars    | expected
    ${'empty history'}                            | ${''}                              | ${NO_LIMIT} | ${NO_LIMIT} | ${''}
    ${'everything fits'}                          | ${THREE_TURNS}                     | ${NO_LIMIT} | ${NO_LIMIT} | ${THREE_TURNS}
    ${'turn bound keeps the newest turns'}        | ${THREE_TURNS}                     | ${2}        | ${NO_LIMIT} | ${'U:q2 A:a2 U:q3 A:a3'}
    ${'no turns allowed'}                         | ${THREE_TURNS}                     | ${0}        | ${NO_LIMIT} | ${''}
    ${'char bound exactly met'}                   | ${THREE_TURNS}                     | ${NO_LIMIT} | ${8}        | ${'U:q2 A:a2 U:q3 A:a3'}
    ${'char bound one short drops a whole turn'}  | ${THREE_TURNS}                     | ${NO_LIMIT} | ${7}        | ${'U:q3 A:a3'}
    ${'newest turn alone is too long'}            | ${'U:q1 A:a1 U:long-question A:a'} | ${NO_LIMIT} | ${5}        | ${''}
    ${'no gap: an older short turn is not kept'}  | ${'U:q U:long-question'}           | ${NO_LIMIT} | ${5}        | ${''}
    ${'never starts with an assistant reply'}     | ${'U:question-one A:a1 U:q2'}      | ${NO_LIMIT} | ${5}        | ${'U:q2'}
    ${'a reply before any question is dropped'}   | ${'A:hello! U:q1 A:a1'}            | ${NO_LIMIT} | ${NO_LIMIT} | ${'U:q1 A:a1'}
    ${'an unanswered question is its own turn'}   | ${'U:q1 U:q2 A:a2'}                | ${1}        | ${NO_LIMIT} | ${'U:q2 A:a2'}
    ${'several replies stay with their question'} | ${'U:q1 A:a A:b U:q2'}             | ${2}        | ${NO_LIMIT} | ${'U:q1 A:a A:b U:q2'}
    ${'system messages are dropped'}              | ${'S:old-prompt U:q1 A:a1'}        | ${NO_LIMIT} | ${NO_LIMIT} | ${'U:q1 A:a1'}
  `('$case', ({ history, maxTurns, maxChars, expected }: Row) => {
    expect(trimHistory(chat(history), { maxTurns, maxChars })).toEqual(chat(expected));
  });

  it('does not change the history it is given', () => {
    const history = chat(THREE_TURNS);

    trimHistory(history, { maxTurns: 1, maxChars: 4 });

    expect(history).toEqual(chat(THREE_TURNS));
  });
});

describe('buildChatRequest', () => {
  it.each`
    case                                         | history        | maxTurns    | maxChars    | expected
    ${'no history'}                              | ${''}          | ${NO_LIMIT} | ${NO_LIMIT} | ${'S:Be-brief. U:new'}
    ${'prompt, then history, then the new text'} | ${THREE_TURNS} | ${NO_LIMIT} | ${NO_LIMIT} | ${`S:Be-brief. ${THREE_TURNS} U:new`}
    ${'history trimmed, prompt and text kept'}   | ${THREE_TURNS} | ${1}        | ${1}        | ${'S:Be-brief. U:new'}
    ${'one recent turn'}                         | ${THREE_TURNS} | ${1}        | ${NO_LIMIT} | ${'S:Be-brief. U:q3 A:a3 U:new'}
  `('$case', ({ history, maxTurns, maxChars, expected }: Row) => {
    expect(buildChatRequest('Be-brief.', chat(history), 'new', { maxTurns, maxChars })).toEqual(chat(expected));
  });
});
