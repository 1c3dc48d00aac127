import { acceptedChallenge } from './handshake.js';

const good = { 'hub.mode': 'subscribe', 'hub.verify_token': 'secret-token', 'hub.challenge': '1158201444' };

describe('acceptedChallenge', () => {
  it.each`
    case                        | query                                                | token             | expected
    ${'matching token'}         | ${good}                                              | ${'secret-token'} | ${'1158201444'}
    ${'wrong token'}            | ${{ ...good, 'hub.verify_token': 'nope' }}           | ${'secret-token'} | ${undefined}
    ${'token prefix'}           | ${{ ...good, 'hub.verify_token': 'secret' }}         | ${'secret-token'} | ${undefined}
    ${'wrong mode'}             | ${{ ...good, 'hub.mode': 'unsubscribe' }}            | ${'secret-token'} | ${undefined}
    ${'missing challenge'}      | ${{ ...good, 'hub.challenge': undefined }}           | ${'secret-token'} | ${undefined}
    ${'array token'}            | ${{ ...good, 'hub.verify_token': ['secret-token'] }} | ${'secret-token'} | ${undefined}
    ${'no token configured'}    | ${good}                                              | ${undefined}      | ${undefined}
    ${'empty token configured'} | ${{ ...good, 'hub.verify_token': '' }}               | ${''}             | ${undefined}
  `('$case → $expected', ({ query, token, expected }) => {
    expect(acceptedChallenge(query, token)).toBe(expected);
  });
});
