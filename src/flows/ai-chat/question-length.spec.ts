import { boundQuestion, MAX_QUESTION_CHARS } from './question-length.js';

describe('boundQuestion', () => {
  it('keeps the WhatsApp limit of 4096 characters', () => {
    expect(MAX_QUESTION_CHARS).toBe(4096);
  });

  it.each`
    case                         | question                       | text                       | cut
    ${'a short question'}        | ${'What is WhatsApp?'}         | ${'What is WhatsApp?'}     | ${false}
    ${'exactly 4096 characters'} | ${'a'.repeat(4096)}            | ${'a'.repeat(4096)}        | ${false}
    ${'4097 characters'}         | ${'a'.repeat(4097)}            | ${'a'.repeat(4096)}        | ${true}
    ${'a pasted book'}           | ${'b'.repeat(100_000)}         | ${'b'.repeat(4096)}        | ${true}
    ${'4096 emoji (8192 units)'} | ${'😀'.repeat(4096)}           | ${'😀'.repeat(4096)}       | ${false}
    ${'4097 emoji'}              | ${'😀'.repeat(4097)}           | ${'😀'.repeat(4096)}       | ${true}
    ${'an emoji at the cut'}     | ${`${'a'.repeat(4095)}😀tail`} | ${`${'a'.repeat(4095)}😀`} | ${true}
  `('$case → cut: $cut', ({ question, text, cut }: { question: string; text: string; cut: boolean }) => {
    expect(boundQuestion(question)).toEqual({ text, cut });
  });
});
