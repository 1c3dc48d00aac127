import { parseEqualsFormula } from '../testing/mocks/airtable.mock-server.js';
import { formulaString, phoneEqualsFormula } from './phone-formula.js';
import { HOSTILE_PHONES } from './registration-store.contract.js';

describe('phoneEqualsFormula', () => {
  it.each`
    case                        | phone             | expected
    ${'a wa_id'}                | ${'15551234567'}  | ${"{Phone} = '15551234567'"}
    ${'empty'}                  | ${''}             | ${"{Phone} = ''"}
    ${'closing quote'}          | ${"' OR 1=1"}     | ${"{Phone} = '\\' OR 1=1'"}
    ${'quote pair'}             | ${"x' OR '1'='1"} | ${"{Phone} = 'x\\' OR \\'1\\'=\\'1'"}
    ${'double quote (no need)'} | ${'"'}            | ${`{Phone} = '"'`}
    ${'backslash'}              | ${'\\'}           | ${"{Phone} = '\\\\'"}
    ${'backslash then quote'}   | ${"\\'"}          | ${"{Phone} = '\\\\\\''"}
    ${'newline'}                | ${'a\nb'}         | ${"{Phone} = 'a\\nb'"}
    ${'closing brace'}          | ${'}'}            | ${"{Phone} = '}'"}
    ${'field reference'}        | ${'{Phone}'}      | ${"{Phone} = '{Phone}'"}
  `('$case → $expected', ({ phone, expected }: { phone: string; expected: string }) => {
    expect(phoneEqualsFormula(phone)).toBe(expected);
  });

  // An independent reading of the formula (the Airtable mock's parser) must give back the exact input.
  it.each([...HOSTILE_PHONES, '15551234567', 'tab\there', 'ünïcödé 📱', "''''", '\\\\\\'])(
    'round-trips %j through a formula parser as one literal',
    (phone) => {
      expect(parseEqualsFormula(phoneEqualsFormula(phone))).toEqual({ field: 'Phone', value: phone });
    },
  );
});

// The oracle above must refuse what is not one field equal to one literal, or the round trip could not fail.
describe('the formula parser used as oracle', () => {
  it.each`
    formula                           | reason
    ${"{Phone} = '' OR 1=1'"}         | ${'an unescaped quote ends the literal early'}
    ${"{Phone} = 'x\\\\' OR '1'='1'"} | ${'an escaped backslash leaves the next quote free'}
    ${"{Phone} = 'abc"}               | ${'unterminated literal'}
    ${"{Phone} = 'abc\\"}             | ${'dangling backslash'}
    ${"OR({Phone} = 'a', 1)"}         | ${'functions are not understood'}
    ${"{Phone} = 'a' & 'b'"}          | ${'operators other than = are not understood'}
    ${'{Phone} = {Phone}'}            | ${'no literal'}
  `('rejects $formula ($reason)', ({ formula }: { formula: string }) => {
    expect(parseEqualsFormula(formula)).toBeUndefined();
  });

  it('reads a double-quoted literal on either side', () => {
    expect(parseEqualsFormula('"a\\"b" = {Phone}')).toEqual({ field: 'Phone', value: 'a"b' });
  });
});

describe('formulaString', () => {
  it('quotes with single quotes and escapes only the backslash, the quote and newlines', () => {
    expect(formulaString(`it's a \\ "test"\n`)).toBe(`'it\\'s a \\\\ "test"\\n'`);
  });
});
