import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { TextMessageDto } from './dto/message.dto.js';
import { plainTextMessage } from './plain-text-message.js';

const BASE = {
  from: '15551234567',
  id: 'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
  timestamp: '1750269342',
  type: 'text',
  text: { body: 'Hello' },
};

/** Values that probe each rule: missing, empty, wrong types, too long, control characters, look-alikes. */
const PROBES: unknown[] = [
  undefined,
  '',
  ' ',
  'x',
  '123',
  '-1',
  '1.5',
  '１２',
  123,
  0,
  null,
  true,
  {},
  [],
  { body: 'hi' },
  { body: 1 },
  { body: 'hi', extra: 1 },
  'a'.repeat(256),
  'a'.repeat(257),
  'tab\there',
  'text',
  'image',
  'US.13491208655302741918',
];

const dtoAccepts = (raw: Record<string, unknown>) =>
  validateSync(plainToInstance(TextMessageDto, raw), { forbidUnknownValues: true, stopAtFirstError: true }).length ===
  0;

/** Every field of BASE replaced by every probe, plus an unknown field and a context: 100+ variants. */
function variants(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [BASE, { ...BASE, from_user_id: 'US.13491208655302741918' }];
  for (const key of [...Object.keys(BASE), 'from_user_id']) {
    for (const probe of PROBES) {
      const variant: Record<string, unknown> = { ...BASE, [key]: probe };
      if (probe === undefined) delete variant[key];
      out.push(variant);
      const { from: _from, ...withoutFrom } = variant;
      out.push(withoutFrom);
    }
  }
  out.push({ ...BASE, context: { id: 'wamid.prev' } }, { ...BASE, referral: {} }, { ...BASE, extra: 1 });
  return out;
}

describe('plainTextMessage (the hand-checked path for plain texts)', () => {
  it('accepts only messages the TextMessageDto route accepts too, and refuses what it refuses', () => {
    let accepted = 0;
    for (const raw of variants()) {
      const fast = plainTextMessage(raw);
      if (fast === undefined) continue;
      accepted += 1;
      expect({ raw, valid: dtoAccepts(raw) }).toEqual({ raw, valid: true });
    }
    // The generator must exercise both answers, or the check above proves nothing.
    expect(accepted).toBeGreaterThan(10);
    expect(variants().length - accepted).toBeGreaterThan(100);
  });

  it('leaves anything beyond the plain shape to the DTO route', () => {
    expect(plainTextMessage({ ...BASE, context: { id: 'wamid.prev' } })).toBeUndefined();
    expect(plainTextMessage({ ...BASE, type: 'image' })).toBeUndefined();
    expect(plainTextMessage({ ...BASE, text: { body: 'hi', preview_url: false } })).toBeUndefined();
    const { from: _from, ...anonymous } = BASE;
    expect(plainTextMessage(anonymous)).toBeUndefined();
  });
});
