import { Module } from '@nestjs/common';
import { ConversationFlow, defineTexts, Flow } from '../core/index.js';
import { MainMenuModule } from '../main-menu/main-menu.module.js';
import { createTestChat, type TestChat } from './test-chat.js';

const RATING_TEXTS = defineTexts({
  en: { title: 'Rate us', ask: 'How was your experience?', good: '👍 Good', bad: '👎 Bad', tap: 'Please tap one.' },
  es: { title: 'Valóranos', ask: '¿Qué tal tu experiencia?', good: '👍 Bien', bad: '👎 Mal', tap: 'Toca una.' },
});

/** The harness's own fixture: asks for a rating with buttons, then takes a comment or a photo. */
@Flow({ id: 'rating', title: 'Rate us' })
class RatingFlow extends ConversationFlow<{ rating?: string }, typeof RATING_TEXTS> {
  readonly texts = RATING_TEXTS;
  readonly steps = this.define({
    start: (ctx) => ctx.goTo('rate'),
    rate: {
      ask: (ctx) =>
        ctx.reply.choices(ctx.t('ask'), [
          { id: 'good', title: ctx.t('good') },
          { id: 'bad', title: ctx.t('bad') },
        ]),
      answer: async (ctx) => {
        if (ctx.buttonId !== 'good' && ctx.buttonId !== 'bad') return ctx.reply.text(ctx.t('tap'));
        ctx.state.rating = ctx.buttonId;
        await ctx.reply.text('Thanks! Anything to add?');
        ctx.goTo('comment');
      },
    },
    comment: {
      accepts: ['image'],
      answer: async (ctx) => {
        const photo = await ctx.media?.download();
        await ctx.leave(photo ? `Photo ${photo.sha256.slice(0, 8)}` : `Got it: "${ctx.text}" (${ctx.state.rating})`);
      },
    },
  });
}

@Module({ providers: [RatingFlow] })
class RatingModule {}

describe('TestChat (the flow test harness)', () => {
  let chat: TestChat;
  beforeEach(async () => {
    chat = await createTestChat({ flows: [MainMenuModule, RatingModule] });
  });
  afterEach(() => chat.close());

  it('expects buttons among the replies to the last message only, not an earlier turn', async () => {
    await chat.send('Rate us');
    chat.expectButtons(['👍 Good', '👎 Bad']);
    await chat.send('great'); // answered with text only
    expect(() => chat.expectButtons(['👍 Good', '👎 Bad'])).toThrow(/Expected.*\n[\s\S]*👍 Good/);
  });

  it('still lets the user tap a button of an earlier message', async () => {
    await chat.send('Rate us');
    await chat.send('great');
    await chat.tap('👍 Good');
    chat.expectText(/anything to add/i);
  });

  it('matches a text by substring, by pattern, or exactly, and returns it', async () => {
    await chat.send('Rate us');
    await chat.tap('👎 Bad');
    await chat.send('slow');
    expect(chat.expectText('Got it')).toBe('Got it: "slow" (bad)');
    expect(chat.expectText(/"slow"/)).toBe('Got it: "slow" (bad)');
    expect(chat.expectText('Got it: "slow" (bad)', { exact: true })).toBe('Got it: "slow" (bad)');
    expect(() => chat.expectText('Got it', { exact: true })).toThrow(/Got it: \\"slow\\" \(bad\)/);
  });

  it('fails expectText and expectNoReply through jest, showing the replies it saw', async () => {
    await chat.send('Rate us');
    expect(() => chat.expectText('not in any reply')).toThrow(/toEqual[\s\S]*How was your experience/);
    expect(() => chat.expectNoReply()).toThrow(/toEqual[\s\S]*How was your experience/);
  });

  it('runs a conversation in a given language', async () => {
    const ana = chat.as('15550005555', 'Ana', { language: 'es' });
    await ana.send('Valóranos');
    ana.expectText('¿Qué tal tu experiencia?', { exact: true });
    ana.expectButtons(['👍 Bien', '👎 Mal']);
    expect(await ana.preferences()).toEqual({ language: 'es' });
  });

  it('sends a photo whose bytes the flow downloads', async () => {
    await chat.send('Rate us');
    await chat.tap('👍 Good');
    await chat.sendImage({ data: Buffer.from('a photo') });
    // sha256('a photo') starts with these hex digits.
    chat.expectText('Photo d4e24d74', { exact: true });
  });
});

describe('createTestChat({ language })', () => {
  it("sets the first user's language before their first message", async () => {
    const chat = await createTestChat({ flows: [MainMenuModule, RatingModule], language: 'es' });
    try {
      await chat.send('hola');
      chat.expectButtons(['Valóranos']);
    } finally {
      await chat.close();
    }
  });
});
