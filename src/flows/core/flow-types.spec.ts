// Type tests: `tsc` (npm run build, the lint step) fails if a `@ts-expect-error` line below stops being an error,
// i.e. if step names, text keys or catalogs stop being checked at compile time. Jest runs the shapes once.
import { ConversationFlow } from './conversation-flow.js';
import type { StepContext } from './flow-context.js';
import { defineTexts, NO_TEXTS } from './texts.js';

const TEXTS = defineTexts({
  en: { ask: 'Name?', done: (name: string) => `Thanks, ${name}.` },
  es: { ask: '¿Nombre?', done: (name: string) => `Gracias, ${name}.` },
});

interface State {
  name?: string;
  age?: number;
}

/** Step helpers take a context that cannot move: they compile without knowing the step names. */
const thank = (ctx: StepContext<State, typeof TEXTS>) => ctx.t('done', ctx.state.name ?? '');

class TypedFlow extends ConversationFlow<State, typeof TEXTS> {
  readonly texts = TEXTS;
  readonly steps = this.define(
    {
      start: (ctx) => ctx.goTo('name'),
      check: async (ctx) => {
        // @ts-expect-error 'nowhere' is not a step of this flow
        ctx.goTo('nowhere');
        // @ts-expect-error 'start' runs on entry only: it is no goTo target
        ctx.goTo('start');
        // @ts-expect-error no such text key
        ctx.t('nope');
        // @ts-expect-error 'done' takes a name
        ctx.t('done');
        // @ts-expect-error 'ask' takes no parameters
        ctx.t('ask', 'x');
        ctx.goTo('age'); // a form field is a step
        await ctx.leave(thank(ctx));
      },
    },
    this.form(
      { name: { prompt: 'ask' }, age: { prompt: 'ask', parse: Number, validate: (answer) => /^\d+$/.test(answer) } },
      { next: 'check' },
    ),
  );
}

class WrongNext extends ConversationFlow<State, typeof TEXTS> {
  readonly texts = TEXTS;
  readonly steps = this.define(
    { start: (ctx) => ctx.goTo('name') },
    // @ts-expect-error the form's next step does not exist
    this.form({ name: { prompt: 'ask' } }, { next: 'elsewhere' }),
  );
}

class UnparsedNumber extends ConversationFlow<State, typeof TEXTS> {
  readonly texts = TEXTS;
  readonly steps = this.define(
    { start: (ctx) => ctx.goTo('age') },
    // @ts-expect-error `age` is a number: its field needs a parse
    this.form({ age: { prompt: 'ask' } }, { next: 'age' }),
  );
}

class WithoutStart extends ConversationFlow {
  readonly texts = NO_TEXTS;
  // @ts-expect-error every flow has a start step
  readonly steps = this.define({ only: () => undefined });
}

const catalogs = [
  defineTexts({
    en: { a: 'a', b: 'b' },
    // @ts-expect-error a catalog without one of English's keys
    es: { a: 'a' },
  }),
  defineTexts({
    en: { a: 'a' },
    // @ts-expect-error a catalog with a key English lacks
    es: { a: 'a', z: 'z' },
  }),
  defineTexts({
    en: { a: (n: string) => n },
    // @ts-expect-error a text with other parameters than English's
    es: { a: (n: number) => String(n) },
  }),
];

describe('flow types (checked by tsc)', () => {
  it('builds steps from define and form, form fields first', () => {
    expect(Object.keys(new TypedFlow().steps)).toEqual(['name', 'age', 'start', 'check']);
    expect(Object.keys(new WrongNext().steps)).toEqual(['name', 'start']);
    expect(Object.keys(new UnparsedNumber().steps)).toEqual(['age', 'start']);
    expect(Object.keys(new WithoutStart().steps)).toEqual(['only']);
    expect(catalogs).toHaveLength(3);
  });
});
