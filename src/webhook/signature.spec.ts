import { createHmac } from 'node:crypto';
import { signatureProblem, signBody } from './signature.js';

const SECRET = 'app-secret';
// Bytes as Meta sends them: escaped unicode and slashes that JSON.stringify would not reproduce.
const RAW = Buffer.from('{"object":"whatsapp_business_account","text":"caf\\u00e9 \\/ \\ud83d\\ude00"}');
const hex = (body: Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe('signatureProblem', () => {
  it.each`
    case                         | header                                                                      | expected
    ${'valid over raw bytes'}    | ${`sha256=${hex(RAW)}`}                                                     | ${undefined}
    ${'uppercase hex'}           | ${`sha256=${hex(RAW).toUpperCase()}`}                                       | ${undefined}
    ${'missing'}                 | ${undefined}                                                                | ${'missing signature'}
    ${'empty'}                   | ${''}                                                                       | ${'missing signature'}
    ${'no prefix'}               | ${hex(RAW)}                                                                 | ${'bad signature format'}
    ${'sha1 prefix'}             | ${`sha1=${hex(RAW)}`}                                                       | ${'bad signature format'}
    ${'too short'}               | ${`sha256=${hex(RAW).slice(2)}`}                                            | ${'bad signature format'}
    ${'too long'}                | ${`sha256=${hex(RAW)}00`}                                                   | ${'bad signature format'}
    ${'not hex'}                 | ${`sha256=${'z'.repeat(64)}`}                                               | ${'bad signature format'}
    ${'wrong secret'}            | ${`sha256=${hex(RAW, 'other')}`}                                            | ${'signature mismatch'}
    ${'over re-serialized JSON'} | ${`sha256=${hex(Buffer.from(JSON.stringify(JSON.parse(RAW.toString()))))}`} | ${'signature mismatch'}
  `('$case → $expected', ({ header, expected }) => {
    expect(signatureProblem(RAW, header, SECRET)).toBe(expected);
  });

  it('agrees with signBody', () => {
    expect(signatureProblem(RAW, signBody(RAW, SECRET), SECRET)).toBeUndefined();
  });

  it('refuses a repeated header as badly formatted', () => {
    expect(signatureProblem(RAW, [signBody(RAW, SECRET), signBody(RAW, SECRET)], SECRET)).toBe('bad signature format');
  });
});
