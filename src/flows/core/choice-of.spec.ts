import { choiceOf } from './choice-of.js';

const options = [
  { id: 'register:confirm', title: 'Confirm' },
  { id: 'register:edit', title: 'Edit' },
];

describe('choiceOf', () => {
  it.each`
    buttonId              | text          | expected
    ${'register:confirm'} | ${'Confirm'}  | ${'register:confirm'}
    ${'register:edit'}    | ${'anything'} | ${'register:edit'}
    ${undefined}          | ${'confirm'}  | ${'register:confirm'}
    ${undefined}          | ${'  EDIT '}  | ${'register:edit'}
    ${'other:button'}     | ${'Edit'}     | ${'register:edit'}
    ${undefined}          | ${'maybe'}    | ${undefined}
    ${undefined}          | ${''}         | ${undefined}
    ${undefined}          | ${undefined}  | ${undefined}
  `('$buttonId / "$text" → $expected', ({ buttonId, text, expected }) => {
    expect(choiceOf({ buttonId, text }, options)).toBe(expected);
  });
});
