import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SPEC_NOT_COMPILED, SPEC_NOT_FOUND, SPEC_WITHOUT_MESSAGE_SCHEMA } from '../common/errors/error-messages.js';
import { isRecord } from '../common/is-record.js';
import { isReadReceiptRequest } from './message-transport.port.js';

/**
 * Checks outbound Graph bodies against Meta's own OpenAPI description of `POST /{phone-number-id}/messages`
 * (spec/meta-openapi, v23.0). Used by the Graph mock, the local recording transport and the simulator.
 * The spec is read and compiled once, on first use.
 */

export interface BodyValidation {
  readonly valid: boolean;
  /** `"<json pointer> <problem>"` per problem; empty when valid. */
  readonly errors: string[];
}

const SPEC_RELATIVE_PATH = join('spec', 'meta-openapi', 'business-messaging-api_v23.0.yaml');
const SCHEMA_ID = 'meta-business-messaging-v23.0';
/** How far up from this module the project root may be (src/whatsapp → 2, dist/whatsapp → 2, dist/src/whatsapp → 3). */
const MAX_LEVELS_UP = 6;

/**
 * Finds the vendored spec by walking up from this module's folder. A fixed `../../spec` would break as soon as
 * the build layout changes (dist/whatsapp vs dist/src/whatsapp), so we look for the file instead.
 */
export function findSpecPath(startDir = dirname(fileURLToPath(import.meta.url))): string {
  let dir = startDir;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const candidate = join(dir, SPEC_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(SPEC_NOT_FOUND(SPEC_RELATIVE_PATH, startDir));
}

type JsonObject = Record<string, unknown>;

/**
 * Makes Meta's schemas usable by Ajv (see spec/meta-openapi/README.md). Mutates `node` in place.
 * 1. `discriminator` is an OpenAPI annotation whose `mapping` Ajv rejects: dropped, `oneOf` alone decides.
 * 2. `allOf: [BaseMessageProperties, { additionalProperties: false, ... }]` taken literally rejects every base
 *    property (`to`, `messaging_product`...), because `additionalProperties` only sees its own sibling
 *    `properties`. Moving it to `unevaluatedProperties: false` on the composing schema still rejects unknown keys.
 */
export function adjustForAjv(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) adjustForAjv(item);
    return;
  }
  if (!isRecord(node)) return;
  delete node.discriminator;
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf) {
      if (isRecord(member) && member.additionalProperties === false) {
        delete member.additionalProperties;
        node.unevaluatedProperties = false;
      }
    }
  }
  for (const value of Object.values(node)) adjustForAjv(value);
}

/**
 * Corrections to mistakes in the v23.0 spec, each checked against Meta's developer documentation. Without them
 * the validator would reject bodies that Graph accepts and that the builders must send.
 */
export function applySpecCorrections(schemas: JsonObject): void {
  // The template button `index` pattern reads `^[2-6, 11-14]$` (a character class that rejects "0" and "7"-"9",
  // apparently footnote numbers pasted into it), while its own description says "Position index of the button
  // (0-9)" and its example is "0".
  const component = schemas.TemplateComponent;
  if (isRecord(component) && isRecord(component.properties) && isRecord(component.properties.index)) {
    component.properties.index.pattern = '^[0-9]$';
  }
  // CTA URL buttons and location requests are documented interactive types ("Interactive Call-to-Action URL
  // Button Messages", "Location Request Messages") but missing from `InteractiveObject.type` and `ActionObject`.
  const interactive = schemas.InteractiveObject;
  if (isRecord(interactive) && isRecord(interactive.properties) && isRecord(interactive.properties.type)) {
    const types = interactive.properties.type.enum;
    if (Array.isArray(types)) types.push('cta_url', 'location_request_message');
  }
  const action = schemas.ActionObject;
  if (isRecord(action) && Array.isArray(action.oneOf)) {
    action.oneOf.push(
      {
        required: ['name', 'parameters'],
        properties: {
          name: { type: 'string', enum: ['cta_url'] },
          parameters: {
            type: 'object',
            required: ['display_text', 'url'],
            additionalProperties: false,
            properties: { display_text: { type: 'string', maxLength: 20 }, url: { type: 'string', format: 'uri' } },
          },
        },
      },
      { required: ['name'], properties: { name: { type: 'string', enum: ['send_location'] } } },
    );
  }
}

/**
 * A local addition, not a correction: v23.0 predates business-scoped user ids (BSUIDs), and Meta's messages API
 * now takes `recipient: "<BSUID>"` instead of `to` for users who hide their number behind a username. Exactly one
 * of the two must be present.
 */
export function addRecipientField(schemas: JsonObject): void {
  const base = schemas.BaseMessageProperties;
  if (!isRecord(base) || !isRecord(base.properties) || !Array.isArray(base.required)) return;
  base.properties.recipient = {
    type: 'string',
    pattern: '^[A-Z]{2}\\.[0-9A-Za-z]+$',
    description: "The user's business-scoped user id (BSUID), for users known only by their username (local addition).",
  };
  base.required = base.required.filter((name) => name !== 'to');
  base.oneOf = [{ required: ['to'] }, { required: ['recipient'] }];
}

/**
 * The read receipt / typing indicator body. It is not part of `Message`; its shape is the spec's example
 * "Send typing indicator and read receipt". Exact keys only.
 */
const READ_RECEIPT_SCHEMA = {
  type: 'object',
  required: ['messaging_product', 'status', 'message_id'],
  additionalProperties: false,
  properties: {
    messaging_product: { const: 'whatsapp' },
    status: { const: 'read' },
    message_id: { type: 'string', minLength: 1 },
    typing_indicator: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { const: 'text' } },
    },
  },
} as const;

/** Message `type` → the `oneOf` branch of `Message`, to report the errors of the branch the body meant. */
const BRANCH_BY_TYPE: Readonly<Record<string, string>> = {
  text: 'TextMessage',
  audio: 'AudioMessage',
  document: 'DocumentMessage',
  image: 'ImageMessage',
  location: 'LocationMessage',
  video: 'VideoMessage',
  sticker: 'StickerMessage',
  reaction: 'ReactionMessage',
  interactive: 'InteractiveMessage',
  template: 'TemplateMessage',
  contacts: 'ContactsMessage',
};

interface Validators {
  readonly ajv: Ajv2020;
  readonly message: ValidateFunction;
  readonly readReceipt: ValidateFunction;
}

let cached: Validators | undefined;

// ajv-formats is CommonJS: under Node's ESM loader the default import is `module.exports`, whose `default`
// property is the plugin as well; TypeScript (nodenext) only knows the latter.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

function validators(): Validators {
  if (cached) return cached;
  const document: unknown = parse(readFileSync(findSpecPath(), 'utf8'));
  const components = isRecord(document) ? document.components : undefined;
  const schemas = isRecord(components) ? components.schemas : undefined;
  if (!isRecord(schemas) || !isRecord(schemas.Message)) {
    throw new Error(SPEC_WITHOUT_MESSAGE_SCHEMA());
  }
  adjustForAjv(schemas);
  applySpecCorrections(schemas);
  addRecipientField(schemas);
  // strict: false because the spec carries OpenAPI keywords (`example`, `xml`...) that are not JSON Schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Refs in the spec read `#/components/schemas/X`: keep that layout under one $id so they resolve.
  ajv.addSchema({ $id: SCHEMA_ID, components: { schemas } });
  const message = ajv.getSchema(`${SCHEMA_ID}#/components/schemas/Message`);
  if (!message) throw new Error(SPEC_NOT_COMPILED());
  cached = { ajv, message, readReceipt: ajv.compile(READ_RECEIPT_SCHEMA) };
  return cached;
}

/**
 * Reads and compiles the spec now (about a second of CPU) instead of on the first message, where it would
 * stall the event loop while webhooks wait for their acknowledgement.
 */
export function warmUpMessageSchema(): void {
  validators();
}

/** One line per problem, deepest first: under a `oneOf` the precise complaint sits below the branch noise. */
function formatErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const depth = (error: ErrorObject) => error.instancePath.split('/').length;
  return [...(errors ?? [])]
    .sort((a, b) => depth(b) - depth(a))
    .map((error) => {
      const where = error.instancePath || '/';
      const extra =
        error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
          ? ` (${String((error.params as Record<string, unknown>).additionalProperty ?? (error.params as Record<string, unknown>).unevaluatedProperty)})`
          : error.keyword === 'enum'
            ? ` (${JSON.stringify((error.params as Record<string, unknown>).allowedValues)})`
            : '';
      return `${where} ${error.message ?? error.keyword}${extra}`;
    });
}

/**
 * Validates a message body against `components.schemas.Message`. When invalid, the errors are those of the
 * branch named by `type` (the full `oneOf` report lists every message type's complaints, which buries the one
 * that matters).
 */
export function validateMessageBody(body: unknown): BodyValidation {
  const { ajv, message } = validators();
  // Read `type` before validating: Ajv's validate function is a type guard and would narrow `body` to never.
  const type = isRecord(body) && typeof body.type === 'string' ? body.type : undefined;
  if (message(body)) return { valid: true, errors: [] };
  const branchName = type !== undefined ? BRANCH_BY_TYPE[type] : undefined;
  if (branchName) {
    const branch = ajv.getSchema(`${SCHEMA_ID}#/components/schemas/${branchName}`);
    if (branch && !branch(body)) return { valid: false, errors: formatErrors(branch.errors) };
  } else if (isRecord(body)) {
    return { valid: false, errors: [`/type must be one of ${Object.keys(BRANCH_BY_TYPE).join(', ')}`] };
  }
  return { valid: false, errors: formatErrors(message.errors) };
}

/** Validates a read receipt (optionally with a typing indicator): exact keys, `status: "read"`. */
export function validateReadReceiptBody(body: unknown): BodyValidation {
  const { readReceipt } = validators();
  return readReceipt(body) ? { valid: true, errors: [] } : { valid: false, errors: formatErrors(readReceipt.errors) };
}

/** Validates any `/messages` body: read receipts with the receipt check, everything else against `Message`. */
export function validateMessagesRequest(body: unknown): BodyValidation {
  return isReadReceiptRequest(body) ? validateReadReceiptBody(body) : validateMessageBody(body);
}
