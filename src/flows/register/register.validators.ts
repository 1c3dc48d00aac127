import { isEmail } from 'class-validator';
import { characterCount as chars } from '../core/index.js';

export { normalizeAnswer } from '../core/index.js';

/** Letters of any script (with their combining marks), spaces, apostrophes, hyphens and periods. */
const NAME_PATTERN = /^[\p{L}\p{M} '’\-.]+$/u;

/** Why an answer was refused, for the re-prompt; undefined when it is valid. */
export type ValidationProblem =
  'empty' | 'tooShort' | 'tooLong' | 'badCharacters' | 'noLetter' | 'invalid' | 'formulaStart';

/**
 * First characters that make a spreadsheet read a cell as a formula once the table is exported to CSV and opened
 * (CSV injection: `=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`). Tab and carriage return, also on OWASP's list, cannot lead:
 * answers are trimmed first. The flow asks for no phone number (the phone stored is the sender's wa_id, digits only,
 * never typed), so no answer may legitimately start with `+` and every typed answer is refused rather than altered.
 */
const FORMULA_START = /^[=+\-@]/u;

/** Whether an answer would start a formula in a spreadsheet; checked before anything else but emptiness. */
export function startsLikeFormula(answer: string): boolean {
  return FORMULA_START.test(answer);
}

/** Full name: 2-100 characters of letters of any script, spaces, apostrophes, hyphens and periods; no leading hyphen. */
export function nameProblem(name: string): ValidationProblem | undefined {
  if (name.length === 0) return 'empty';
  if (startsLikeFormula(name)) return 'formulaStart';
  if (chars(name) < 2) return 'tooShort';
  if (chars(name) > 100) return 'tooLong';
  if (!NAME_PATTERN.test(name)) return 'badCharacters';
  if (!/\p{L}/u.test(name)) return 'noLetter';
  return undefined;
}

/** Email: a valid address, as class-validator's `isEmail` judges it, not starting like a formula. */
export function emailProblem(email: string): ValidationProblem | undefined {
  if (email.length === 0) return 'empty';
  if (startsLikeFormula(email)) return 'formulaStart';
  return isEmail(email) ? undefined : 'invalid';
}

/** City: 2-60 characters, not starting like a formula. */
export function cityProblem(city: string): ValidationProblem | undefined {
  if (city.length === 0) return 'empty';
  if (startsLikeFormula(city)) return 'formulaStart';
  if (chars(city) < 2) return 'tooShort';
  if (chars(city) > 60) return 'tooLong';
  return undefined;
}
