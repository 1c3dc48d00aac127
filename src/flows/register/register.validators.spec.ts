import { cityProblem, emailProblem, nameProblem, normalizeAnswer } from './register.validators.js';

describe('nameProblem', () => {
  it.each`
    name                              | expected
    ${'Ada Lovelace'}                 | ${undefined}
    ${"Miles O'Brien"}                | ${undefined}
    ${'Jean-Luc Picard'}              | ${undefined}
    ${'Martin Luther King Jr.'}       | ${undefined}
    ${'José Álvarez'}                 | ${undefined}
    ${'Владимир Набоков'}             | ${undefined}
    ${'محمد علي'}                     | ${undefined}
    ${'李小龍'}                        | ${undefined}
    ${'देवनागरी नाम'}                  | ${undefined}
    ${'Αλέξανδρος'}                   | ${undefined}
    ${'Jo'}                           | ${undefined}
    ${'a'.repeat(100)}                | ${undefined}
    ${''}                             | ${'empty'}
    ${'A'}                            | ${'tooShort'}
    ${'a'.repeat(101)}                | ${'tooLong'}
    ${'Ada123'}                       | ${'badCharacters'}
    ${'Ada 😀'}                       | ${'badCharacters'}
    ${'😀😀'}                          | ${'badCharacters'}
    ${'ada@example.org'}              | ${'badCharacters'}
    ${'<script>'}                     | ${'badCharacters'}
    ${"-- ''"}                        | ${'noLetter'}
  `('"$name" → $expected', ({ name, expected }) => {
    expect(nameProblem(name)).toBe(expected);
  });
});

describe('emailProblem', () => {
  it.each`
    email                        | expected
    ${'ada@example.org'}         | ${undefined}
    ${'first.last+tag@mail.co'}  | ${undefined}
    ${''}                        | ${'empty'}
    ${'ada(at)example'}          | ${'invalid'}
    ${'ada@'}                    | ${'invalid'}
    ${'@example.org'}            | ${'invalid'}
    ${'ada@example'}             | ${'invalid'}
    ${'ada @example.org'}        | ${'invalid'}
  `('"$email" → $expected', ({ email, expected }) => {
    expect(emailProblem(email)).toBe(expected);
  });
});

describe('cityProblem', () => {
  it.each`
    city               | expected
    ${'London'}        | ${undefined}
    ${'Rio de Janeiro'} | ${undefined}
    ${'東京'}           | ${undefined}
    ${'Ay'}            | ${undefined}
    ${'x'.repeat(60)}  | ${undefined}
    ${''}              | ${'empty'}
    ${'X'}             | ${'tooShort'}
    ${'x'.repeat(61)}  | ${'tooLong'}
  `('"$city" → $expected', ({ city, expected }) => {
    expect(cityProblem(city)).toBe(expected);
  });
});

describe('normalizeAnswer', () => {
  it('trims and folds white space', () => {
    expect(normalizeAnswer('  Ada \n  Lovelace ')).toBe('Ada Lovelace');
    expect(normalizeAnswer(undefined)).toBe('');
  });
});
