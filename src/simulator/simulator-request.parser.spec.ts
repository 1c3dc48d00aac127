import {
  DEFAULT_USERS,
  fictionalUserId,
  fictionalWaId,
  isUserRef,
  parseNewUserRequest,
  parseUserMessageRequest,
  USER_REF_PROBLEM,
} from './simulator-request.parser.js';

const rules = { fictionalNumbersOnly: false, samples: ['sample-sunset.png'] };

describe('parseUserMessageRequest', () => {
  it.each([
    [
      { waId: '15550100001', type: 'text', text: 'hi' },
      { type: 'text', text: 'hi' },
    ],
    [
      { waId: '15550100001', type: 'button_reply', id: 'b', title: 'Yes', contextId: 'wamid.X' },
      { type: 'button_reply', id: 'b', title: 'Yes', contextId: 'wamid.X' },
    ],
    [
      { waId: '15550100001', type: 'list_reply', id: 'r', title: 'Row', description: 'd' },
      { type: 'list_reply', id: 'r', title: 'Row', description: 'd', contextId: undefined },
    ],
    [
      { waId: '15550100001', type: 'location', latitude: 1.5, longitude: -2 },
      { type: 'location', latitude: 1.5, longitude: -2, name: undefined, address: undefined },
    ],
    [
      { waId: '15550100001', type: 'image', sample: 'sample-sunset.png' },
      { type: 'image', sample: 'sample-sunset.png', caption: undefined },
    ],
    [
      { waId: '15550100001', type: 'reaction', messageId: 'wamid.X', emoji: '👍' },
      { type: 'reaction', messageId: 'wamid.X', emoji: '👍' },
    ],
    [
      { waId: '15550100001', type: 'reaction', messageId: 'wamid.X', emoji: '' },
      { type: 'reaction', messageId: 'wamid.X', emoji: '' },
    ],
  ])('accepts %j', (body, content) => {
    expect(parseUserMessageRequest(body, rules)).toEqual({
      ok: true,
      value: { waId: '15550100001', name: undefined, content },
    });
  });

  it.each<[unknown, string[]]>([
    [null, ['body: a JSON object']],
    [[], ['body: a JSON object']],
    [{ waId: '+15550100001', type: 'text', text: 'hi' }, [USER_REF_PROBLEM]],
    [{ waId: 'us.13491208655302741918', type: 'text', text: 'hi' }, [USER_REF_PROBLEM]],
    [{ waId: 'US.1349-1208', type: 'text', text: 'hi' }, [USER_REF_PROBLEM]],
    [{ waId: '15550100001', type: 'text', text: '   ' }, ['text: non-blank string of at most 4096 characters']],
    [
      { waId: '15550100001', type: 'text', text: 'x'.repeat(4097) },
      ['text: non-blank string of at most 4096 characters'],
    ],
    [
      { waId: '15550100001', type: 'video' },
      ['type: one of text, button_reply, list_reply, location, image, reaction'],
    ],
    [
      { waId: '15550100001', type: 'location', latitude: 91, longitude: 'x' },
      ['latitude: number from -90 to 90', 'longitude: number from -180 to 180'],
    ],
    [{ waId: '15550100001', type: 'image', sample: '../../etc/passwd' }, ['sample: one of sample-sunset.png']],
    [
      { type: 'button_reply', title: 7 },
      [
        USER_REF_PROBLEM,
        'id: non-blank string of at most 256 characters',
        'title: non-blank string of at most 100 characters',
      ],
    ],
  ])('refuses %j, naming every problem', (body, problems) => {
    expect(parseUserMessageRequest(body, rules)).toEqual({ ok: false, problems });
  });

  it("accepts a username-only user's BSUID as the sender, beside a real Graph transport too", () => {
    const body = { waId: 'US.13491208655302741918', type: 'text', text: 'hi' };
    for (const fictionalNumbersOnly of [false, true])
      expect(parseUserMessageRequest(body, { ...rules, fictionalNumbersOnly })).toEqual({
        ok: true,
        value: { waId: 'US.13491208655302741918', name: undefined, content: { type: 'text', text: 'hi' } },
      });
  });

  it('accepts only fictional 1555 numbers beside a real Graph transport', () => {
    const strict = { ...rules, fictionalNumbersOnly: true };
    expect(parseUserMessageRequest({ waId: '15550100001', type: 'text', text: 'hi' }, strict).ok).toBe(true);
    expect(parseUserMessageRequest({ waId: '447700900123', type: 'text', text: 'hi' }, strict)).toEqual({
      ok: false,
      problems: ['waId: a fictional number 1555xxxxxxx while a real WP_ACCESS_TOKEN is configured'],
    });
  });
});

describe('parseNewUserRequest', () => {
  it('takes a name and an optional wa_id', () => {
    expect(parseNewUserRequest({ name: ' Grace ' }, rules)).toEqual({
      ok: true,
      value: { name: 'Grace', waId: undefined },
    });
    expect(parseNewUserRequest({ name: 'Grace', waId: '447700900123' }, rules)).toEqual({
      ok: true,
      value: { name: 'Grace', waId: '447700900123' },
    });
    expect(parseNewUserRequest({ waId: 'abc' }, rules)).toEqual({
      ok: false,
      problems: ['name: non-blank string of at most 100 characters', 'waId: 6 to 15 digits, country code first, no +'],
    });
  });
});

describe('parseNewUserRequest for a username-only user', () => {
  it('takes a name and a username, without the @ one may type', () => {
    expect(parseNewUserRequest({ name: 'Ada', username: ' @ada.codes ' }, rules)).toEqual({
      ok: true,
      value: { name: 'Ada', username: 'ada.codes' },
    });
  });

  it.each(['ab', 'a'.repeat(36), 'Ada.Codes', '.ada', 'ada.', 'ada..codes', '12345', 'ada codes', 'ada-codes', 42])(
    "refuses the username %j, which breaks Meta's rules",
    (username) => {
      expect(parseNewUserRequest({ name: 'Ada', username }, rules)).toEqual({
        ok: false,
        problems: [
          'username: 3 to 35 lowercase letters, digits, periods or underscores, with a letter, no period at either end or twice in a row',
        ],
      });
    },
  );

  it('refuses a phone number with it: a username-only user has none', () => {
    expect(parseNewUserRequest({ name: 'Ada', username: 'ada.codes', waId: '15550100009' }, rules)).toEqual({
      ok: false,
      problems: ['waId: leave it out for a username-only user (no phone number)'],
    });
  });
});

describe('isUserRef', () => {
  it.each([
    ['15550100001', true],
    ['US.13491208655302741918', true],
    ['BR.1502576394655843', true],
    ['12345', false],
    ['1234567890123456', false],
    ['US.', false],
    ['USA.123', false],
    [`US.${'1'.repeat(129)}`, false],
    ['../etc', false],
  ])('%s → %s', (ref, expected) => {
    expect(isUserRef(ref)).toBe(expected);
  });
});

describe('fictionalUserId', () => {
  it("makes BSUIDs shaped like Meta's, a new one each time", () => {
    const ids = new Set(Array.from({ length: 100 }, () => fictionalUserId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^US\.\d{20}$/);
  });
});

describe('fictionalWaId and DEFAULT_USERS', () => {
  it('uses the unassigned +1 555 range, so no real person is ever simulated', () => {
    expect(fictionalWaId(1)).toBe('15550100001');
    expect(fictionalWaId(42)).toBe('15550100042');
    for (const user of DEFAULT_USERS) expect(user.waId).toMatch(/^1555\d{7}$/);
  });
});
