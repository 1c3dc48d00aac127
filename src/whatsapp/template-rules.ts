import { MESSAGE_INVALID_VALUE } from '../common/errors/error-messages.js';
import { MessageLimitError } from './message-limit.error.js';
import type { TemplateComponent, TemplateMessage } from './outbound-message.js';

/** Meta's rule for template names: lowercase letters, digits and underscores, at most 512 characters. */
export const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
/** A language or locale code as Meta lists them: `en`, `en_US`, `pt_BR`, `fil`, `zh_HK`. */
export const TEMPLATE_LANGUAGE = /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/;

/** Meta's limits on template parameters, in characters (the text parameter's documented maxima). */
export const TEMPLATE_LIMITS = {
  headerText: 60,
  /** A body text parameter when the template has other components too... */
  bodyText: 1024,
  /** ...and when the body is the only component sent. */
  bodyTextAlone: 32_768,
  buttonIndexMax: 9,
} as const;

const HEADER_TYPES = new Set(['text', 'image', 'video', 'document', 'location']);
const BODY_TYPES = new Set(['text', 'currency', 'date_time']);
/** What each button kind takes: a quick reply's `payload`, a URL button's `text` suffix, a catalog's action. */
const BUTTON_TYPES: Readonly<Record<NonNullable<TemplateComponent['subType']>, ReadonlySet<string>>> = {
  quick_reply: new Set(['payload']),
  url: new Set(['text']),
  catalog: new Set(['action']),
};

/**
 * Checks a template against Meta's rules before it costs a round trip: the name and language format, at most one
 * header and one body, the parameter types each component takes, the header's single parameter, text lengths, and
 * buttons with a kind and a distinct index 0-9. Meta checks the values against the approved template itself.
 */
export function checkTemplate(message: TemplateMessage): void {
  if (!TEMPLATE_NAME.test(message.name))
    refuse('template.name', 'use 1 to 512 lowercase letters, digits or underscores, as Meta names templates');
  if (!TEMPLATE_LANGUAGE.test(message.languageCode))
    refuse('template.language', 'use a language or locale code such as en or en_US');
  const components = message.components ?? [];
  const bodyAlone = components.length === 1;
  const seen = new Set<string>();
  for (const component of components) {
    const key = component.type === 'button' ? `button ${String(component.index)}` : component.type;
    if (seen.has(key)) refuse(`template.${component.type}`, `send each ${key} once`);
    seen.add(key);
    if (component.type === 'header') checkHeader(component);
    else if (component.type === 'body') checkParameters(component, 'template.body', BODY_TYPES, bodyAlone);
    else checkButton(component);
  }
}

function checkHeader(component: TemplateComponent): void {
  const parameters = component.parameters ?? [];
  if (parameters.length !== 1) refuse('template.header', 'a header takes exactly one parameter');
  checkParameters(component, 'template.header', HEADER_TYPES, false);
}

function checkButton(component: TemplateComponent): void {
  const { subType, index } = component;
  if (subType === undefined || !(subType in BUTTON_TYPES))
    refuse('template.button.sub_type', 'a button needs subType quick_reply, url or catalog');
  if (index === undefined || !Number.isInteger(index) || index < 0 || index > TEMPLATE_LIMITS.buttonIndexMax)
    refuse('template.button.index', `a button needs an index from 0 to ${TEMPLATE_LIMITS.buttonIndexMax}`);
  if ((component.parameters ?? []).length === 0) refuse('template.button', 'a button takes at least one parameter');
  checkParameters(component, 'template.button', BUTTON_TYPES[subType], false);
}

function checkParameters(
  component: TemplateComponent,
  limit: string,
  allowed: ReadonlySet<string>,
  bodyAlone: boolean,
): void {
  for (const parameter of component.parameters ?? []) {
    if (!allowed.has(parameter.type))
      refuse(`${limit}.parameters`, `a ${component.type} takes ${[...allowed].join(', ')} parameters`);
    if (parameter.type !== 'text') continue;
    const max =
      component.type === 'header'
        ? TEMPLATE_LIMITS.headerText
        : bodyAlone
          ? TEMPLATE_LIMITS.bodyTextAlone
          : TEMPLATE_LIMITS.bodyText;
    const text = parameter.text;
    if (typeof text !== 'string' || text.trim() === '') refuse(`${limit}.parameters`, 'a text parameter needs text');
    // Only header and body texts have Meta-documented maxima; a URL suffix is checked by Meta.
    if (component.type !== 'button' && [...text].length > max)
      refuse(`${limit}.parameters`, `a ${component.type} text parameter takes at most ${max} characters`);
  }
}

function refuse(limit: string, advice: string): never {
  throw new MessageLimitError(limit, MESSAGE_INVALID_VALUE(limit, advice));
}
