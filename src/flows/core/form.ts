import type { StepContext } from './flow-context.js';
import type { MoveTarget, PromptStep } from './flow-step.js';
import { normalizeAnswer } from './inbound-text.js';
import { CORE_TEXTS } from './core.texts.js';
import { translate, type Catalogs, type PlainTextKey, type ProblemTextKey } from './texts.js';

/** A text to send: a key of the flow's texts, or a function of the context (for texts with parameters). */
export type Say<State extends object, Texts extends Catalogs> =
  PlainTextKey<Texts> | ((ctx: StepContext<State, Texts>) => string);

interface FormFieldBase<State extends object, Texts extends Catalogs> {
  /** The question. */
  readonly prompt: Say<State, Texts>;
  /**
   * Judges the answer (trimmed, inner white space folded): `true` or `undefined` accepts it; `false` refuses it;
   * a string refuses it and names the problem for `reask`. Without it, any non-empty answer is accepted.
   * Validators such as class-validator's `isEmail` fit as they are.
   */
  readonly validate?: (answer: string) => boolean | string | undefined;
  /**
   * Sent after a refused answer (the user stays on the field); default: the prompt again. A key whose text takes
   * one parameter gets the problem `validate` named (its parameter type should cover what `validate` returns).
   */
  readonly reask?:
    PlainTextKey<Texts> | ProblemTextKey<Texts> | ((ctx: StepContext<State, Texts>, problem: string) => string);
  /** Refused answers after which the form gives up and the flow ends (default: the form's, else no limit). */
  readonly maxAttempts?: number;
  /** Sent when the form gives up (default: the form's, else the core's "let's stop here"). */
  readonly giveUp?: Say<State, Texts>;
}

/** One field of a form. `parse` turns the accepted answer into the stored value: required unless that is a string. */
export type FormField<Value, State extends object, Texts extends Catalogs> = FormFieldBase<State, Texts> &
  (string extends Value
    ? { readonly parse?: (answer: string) => Value }
    : { readonly parse: (answer: string) => Value });

/** A form's fields, keyed by the state property each one fills. */
export type FormFields<F extends keyof State & string, State extends object, Texts extends Catalogs> = {
  readonly [P in F]: FormField<State[P], State, Texts>;
};

export interface FormOptions<Next extends string, State extends object, Texts extends Catalogs> {
  /** The step after the last field (checked by `tsc` against the flow's steps). */
  readonly next: Next;
  /** Default of each field's `maxAttempts`. */
  readonly maxAttempts?: number;
  /** Default of each field's `giveUp`. */
  readonly giveUp?: Say<State, Texts>;
}

/** What a form adds to a flow's steps: one asking step per field, named after the field. */
export type FormSteps<F extends string, Next extends string, State extends object, Texts extends Catalogs> = {
  readonly [P in F]: PromptStep<MoveTarget<F | Next>, State, Texts>;
};

function say<State extends object, Texts extends Catalogs>(ctx: StepContext<State, Texts>, text: Say<State, Texts>) {
  // A plain key takes no parameters, which the generic signature of `t` cannot see here.
  return typeof text === 'function' ? text(ctx) : (ctx.t as unknown as (key: string) => string)(text);
}

/** The problem a validator reported, or undefined when it accepted the answer. */
function problemOf(verdict: boolean | string | undefined): string | undefined {
  if (verdict === true || verdict === undefined) return undefined;
  return verdict === false ? 'invalid' : verdict;
}

/**
 * The steps of a form: "ask, validate, re-ask, store, next" for each field in order (see `ConversationFlow.form`).
 * Each field is a step named after it, so `ctx.goTo('email')` asks the email again.
 */
export function formSteps<F extends string, Next extends string, State extends object, Texts extends Catalogs>(
  fields: { readonly [P in F]: FormFieldBase<State, Texts> & { readonly parse?: (answer: string) => unknown } },
  options: FormOptions<Next, State, Texts>,
): FormSteps<F, Next, State, Texts> {
  const names = Object.keys(fields) as F[];
  const steps = names.map((name, index): [F, PromptStep<MoveTarget<F | Next>, State, Texts>] => {
    const field = fields[name];
    const next = (names[index + 1] ?? options.next) as MoveTarget<F | Next>;
    return [
      name,
      {
        ask: (ctx) => ctx.reply.text(say(ctx, field.prompt)),
        answer: async (ctx) => {
          const answer = normalizeAnswer(ctx.text);
          const problem = field.validate ? problemOf(field.validate(answer)) : answer ? undefined : 'empty';
          if (problem === undefined) {
            (ctx.state as Record<string, unknown>)[name] = field.parse ? field.parse(answer) : answer;
            return ctx.goTo(next);
          }
          const maxAttempts = field.maxAttempts ?? options.maxAttempts;
          if (maxAttempts !== undefined && ctx.attempt >= maxAttempts) {
            const giveUp = field.giveUp ?? options.giveUp;
            return ctx.leave(giveUp ? say(ctx, giveUp) : translate(CORE_TEXTS, ctx.language, 'gaveUp', []));
          }
          const { reask } = field;
          const t = ctx.t as unknown as (key: string, problem: string) => string;
          // No goTo: the user stays on this field, and the dispatcher counts the attempt.
          await ctx.reply.text(
            typeof reask === 'function' ? reask(ctx, problem) : reask ? t(reask, problem) : say(ctx, field.prompt),
          );
        },
      },
    ];
  });
  return Object.fromEntries(steps) as FormSteps<F, Next, State, Texts>;
}
