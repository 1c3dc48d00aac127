import { cityProblem, emailProblem, nameProblem, normalizeAnswer, startsLikeFormula } from './register.validators.js';

describe('nameProblem', () => {
  it.each`
    name                             | expected
    ${'Ada Lovelace'}                | ${undefined}
    ${"Miles O'Brien"}               | ${undefined}
    ${'Jean-Luc Picard'}             | ${undefined}
    ${'Martin Luther King Jr.'}      | ${undefined}
    ${'José Álvarez'}                | ${undefined}
    ${'Владимир Набоков'}            | ${undefined}
    ${'محمد علي'}                    | ${undefined}
    ${'李小龍'}                      | ${undefined}
    ${'देवनागरी नाम'}                 | ${undefined}
    ${'Αλέξανδρος'}                  | ${undefined}
    ${'Jo'}                          | ${undefined}
    ${'a'.repeat(100)}               | ${undefined}
    ${''}                            | ${'empty'}
    ${'A'}                           | ${'tooShort'}
    ${'a'.repeat(101)}               | ${'tooLong'}
    ${'Ada123'}                      | ${'badCharacters'}
    ${'Ada 😀'}                      | ${'badCharacters'}
    ${'😀😀'}                        | ${'badCharacters'}
    ${'ada@example.org'}             | ${'badCharacters'}
    ${'<script>'}                    | ${'badCharacters'}
    ${"'' --"}                       | ${'noLetter'}
    ${'=HYPERLINK("http://x.test")'} | ${'formulaStart'}
    ${'+Ada'}                        | ${'formulaStart'}
    ${'-Ada'}                        | ${'formulaStart'}
    ${'@Ada'}                        | ${'formulaStart'}
    ${"-- ''"}                       | ${'formulaStart'}
  `('"$name" → $expected', ({ name, expected }) => {
    expect(nameProblem(name)).toBe(expected);
  });
});

describe('emailProblem', () => {
  it.each`
    email                       | expected
    ${'ada@example.org'}        | ${undefined}
    ${'first.last+tag@mail.co'} | ${undefined}
    ${''}                       | ${'empty'}
    ${'ada(at)example'}         | ${'invalid'}
    ${'ada@'}                   | ${'invalid'}
    ${'ada@example'}            | ${'invalid'}
    ${'ada @example.org'}       | ${'invalid'}
    ${'+ada@example.org'}       | ${'formulaStart'}
    ${'-ada@example.org'}       | ${'formulaStart'}
    ${'=1+2@example.org'}       | ${'formulaStart'}
    ${'@example.org'}           | ${'formulaStart'}
  `('"$email" → $expected', ({ email, expected }) => {
    expect(emailProblem(email)).toBe(expected);
  });
});

describe('cityProblem', () => {
  it.each`
    city                   | expected
    ${'London'}            | ${undefined}
    ${'Rio de Janeiro'}    | ${undefined}
    ${'東京'}              | ${undefined}
    ${'Ay'}                | ${undefined}
    ${'x'.repeat(60)}      | ${undefined}
    ${''}                  | ${'empty'}
    ${'X'}                 | ${'tooShort'}
    ${'x'.repeat(61)}      | ${'tooLong'}
    ${'=cmd|"/C calc"!A0'} | ${'formulaStart'}
    ${'+Paris'}            | ${'formulaStart'}
    ${'-Paris'}            | ${'formulaStart'}
    ${'@SUM(1+1)'}         | ${'formulaStart'}
    ${'=X'}                | ${'formulaStart'}
    ${'Saint-Denis'}       | ${undefined}
    ${'Paris=1'}           | ${undefined}
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

describe('startsLikeFormula', () => {
  it.each`
    answer        | expected
    ${'=1+1'}     | ${true}
    ${'+1'}       | ${true}
    ${'-1'}       | ${true}
    ${'@SUM(A1)'} | ${true}
    ${'Ada'}      | ${false}
    ${'1+1'}      | ${false}
    ${'a@b.org'}  | ${false}
    ${''}         | ${false}
  `('"$answer" → $expected', ({ answer, expected }) => {
    expect(startsLikeFormula(answer)).toBe(expected);
  });
});
