/**
 * An Airtable formula string literal holding `value` exactly. Airtable reads single- and double-quoted strings
 * with backslash escapes, so the backslash and the delimiter are escaped (backslash first, or the quote's own
 * escape would be doubled) and a newline is written `\n`. Nothing else can end the literal, so no input can add
 * formula code around it.
 */
export function formulaString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
}

/** `filterByFormula` matching the records whose `Phone` equals `phone`, safe for any input. */
export function phoneEqualsFormula(phone: string): string {
  return `{Phone} = ${formulaString(phone)}`;
}
