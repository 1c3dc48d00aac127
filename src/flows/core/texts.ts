import { UNKNOWN_TEXT_KEY } from '../../common/errors/error-messages.js';
import { AppError } from '../../common/errors/app.error.js';
import type { Language } from './languages.js';

/** One text a user reads: fixed, or a function of its parameters, e.g. `(name: string) => `Hi ${name}!``. */
export type Text = string | ((...params: never) => string);

/** The texts of one language, by key. */
export type TextTable = { readonly [key: string]: Text };

/** A set of texts in every language the bot speaks (see `LANGUAGES`), with the same keys and parameters in each. */
export type Catalogs<T extends TextTable = TextTable> = { readonly [L in Language]: T };

/** Catalogs with no keys: the texts of a flow that has none. */
export type NoTexts = Catalogs<Record<never, never>>;

/** The keys of a set of catalogs. */
export type TextKey<C extends Catalogs> = keyof C['en'] & string;

/** The keys whose text takes no parameters (usable where a key alone is enough, e.g. a form's prompt). */
export type PlainTextKey<C extends Catalogs> = {
  [K in TextKey<C>]: C['en'][K] extends string ? K : never;
}[TextKey<C>];

/** The keys whose text takes one string parameter, e.g. a re-ask given the problem a validator named. */
export type ProblemTextKey<C extends Catalogs> = {
  [K in TextKey<C>]: C['en'][K] extends (problem: infer _P extends string) => string ? K : never;
}[TextKey<C>];

/** The parameters the text under `K` takes (none for a fixed text). */
export type TextParams<C extends Catalogs, K extends TextKey<C>> = C['en'][K] extends (...params: infer P) => string
  ? P
  : [];

/** The keys and parameters of `T`; return types widen to `string`, since each language words its texts its own way. */
type SameShape<T> = {
  readonly [K in keyof T]: T[K] extends (...params: infer P) => string ? (...params: P) => string : string;
};

/**
 * Declares a flow's texts in every language. English sets the keys and each text's parameters; every other
 * language must have exactly the same keys with the same parameters, or `tsc` fails:
 *
 * ```ts
 * export const CLAIM_TEXTS = defineTexts({
 *   en: { askName: 'What is your name?', done: (order: string) => `Claim ${order} is filed.` },
 *   es: { askName: '¿Cómo te llamas?', done: (order: string) => `La reclamación ${order} está registrada.` },
 * });
 * ```
 */
export function defineTexts<T extends TextTable>(
  catalogs: { readonly en: T } & { readonly [L in Exclude<Language, 'en'>]: NoInfer<SameShape<T>> },
): Catalogs<T> {
  // Every language has T's keys and parameters; only the return types were widened, and `t` returns string anyway.
  return catalogs as unknown as Catalogs<T>;
}

/** The texts of a flow that sends none of its own. */
export const NO_TEXTS: NoTexts = defineTexts({ en: {}, es: {} });

/** A text key that no catalog has: only reachable by casting, since `ctx.t` checks keys at compile time. */
export class UnknownTextKeyError extends AppError {
  readonly code = 'FLOWS.UNKNOWN_TEXT_KEY';

  constructor(key: string) {
    super(UNKNOWN_TEXT_KEY(key));
  }
}

/** The text under `key` in `language`, with its parameters applied. */
export function translate(catalogs: Catalogs, language: Language, key: string, params: readonly unknown[]): string {
  // English is the fallback only for keys added at run time; the types keep every language complete.
  const text = catalogs[language][key] ?? catalogs.en[key];
  if (text === undefined) throw new UnknownTextKeyError(key);
  return typeof text === 'function' ? (text as (...values: readonly unknown[]) => string)(...params) : text;
}
