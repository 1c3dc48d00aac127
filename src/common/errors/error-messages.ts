/**
 * Every error text of the service, reviewed in one place. Each says what happened and what to do next.
 * Tests assert with these same functions. Text that WhatsApp users read lives with its flow instead.
 */
export const INVALID_ENVIRONMENT = (problems: string[]) =>
  `Invalid configuration: ${problems.join('; ')}. Fix these environment variables (see .env-example).`;

export const MISSING_PRODUCTION_SETTINGS = (names: string[]) =>
  `Refusing to start with NODE_ENV=production: missing ${names.join(', ')}. Set them in the environment (see .env-example).`;

export const APP_SECRET_MISSING_WARNING = () =>
  'WP_APP_SECRET is not set: webhook signatures are NOT checked and unsigned webhooks are accepted. Never run like this in production.';

export const INVALID_SIGNATURE = () =>
  'Missing or invalid X-Hub-Signature-256: it must be sha256=<hex HMAC-SHA256 of the raw body with the app secret>.';

export const MALFORMED_JSON = () => 'The request body is not valid JSON.';

export const BODY_NOT_OBJECT = () => 'The webhook body must be a JSON object.';

export const DUPLICATE_FLOW_ID = (id: string, first: string, second: string) =>
  `Two flows use the id "${id}" (${first}, ${second}). Flow ids must be unique: rename one @Flow({ id }).`;

export const NON_STATIC_FLOW = (id: string, className: string) =>
  `Flow "${id}" (${className}) is request- or transient-scoped. Flows must be singletons: remove the scope option.`;

export const INVALID_FLOW = (id: string, className: string) =>
  `Flow "${id}" (${className}) must have a start() method and a steps object (see ConversationFlow).`;

export const ENTRY_FLOW_COUNT = (ids: string[]) =>
  ids.length === 0
    ? 'No entry flow is registered. Mark exactly one flow with @Flow({ id, entry: true }) (the main menu module provides one).'
    : `Several entry flows are registered (${ids.join(', ')}). Mark exactly one flow with entry: true.`;

export const UNKNOWN_FLOW = (id: string) =>
  `No flow has the id "${id}". Check the id passed to ctx.enter() and that the flow's module is imported.`;

// --- whatsapp: outbound message limits (builders check them before anything is sent) ---

export const MESSAGE_FIELD_EMPTY = (limit: string) =>
  `${limit} is empty: WhatsApp rejects blank values. Provide non-blank text.`;

export const MESSAGE_TOO_LONG = (limit: string, max: number, actual: number) =>
  `${limit} is ${actual} characters long; WhatsApp allows at most ${max}. Shorten it before sending.`;

export const MESSAGE_COUNT_OUT_OF_RANGE = (limit: string, min: number, max: number, actual: number) =>
  `${limit}: ${actual} given; WhatsApp accepts ${min} to ${max}. Add or remove items (or split the message).`;

export const MESSAGE_DUPLICATE = (limit: string, position: number) =>
  `${limit} must be unique, but item ${position} repeats an earlier one. Give each item a distinct value.`;

export const MESSAGE_INVALID_VALUE = (limit: string, expectation: string) =>
  `${limit} is invalid: ${expectation}.`;

// --- whatsapp: Graph API ---

export const GRAPH_REQUEST_FAILED = (status: number, graphCode?: number, subcode?: number, graphMessage?: string) =>
  `Graph API request failed with HTTP ${status}` +
  (graphCode !== undefined ? `, code ${graphCode}${subcode !== undefined ? `/${subcode}` : ''}` : '') +
  (graphMessage ? ` (${graphMessage})` : '') +
  '. Look the code up in Meta\'s "Cloud API error codes" to decide what to fix.';

export const GRAPH_NETWORK_FAILED = (reason: string) =>
  `No answer from the Graph API (${reason}). Check connectivity to GRAPH_API_URL; a send may or may not have reached WhatsApp.`;

export const GRAPH_RESPONSE_WITHOUT_MESSAGE_ID = () =>
  'The Graph API accepted the send but returned no message id. Check API_VERSION and what GRAPH_API_URL points to.';

export const GRAPH_NOT_CONFIGURED = (operation: string) =>
  `${operation} needs the Graph API, but WP_ACCESS_TOKEN is not set. Set WP_ACCESS_TOKEN and WP_PHONE_ID (see .env-example).`;

export const PHONE_ID_REQUIRED_WITH_TOKEN = () => 'WP_PHONE_ID is required when WP_ACCESS_TOKEN is set';

export const GRAPH_MEDIA_URL_UNTRUSTED = (host: string) =>
  `Refusing to send the access token to ${host}: media is downloaded only from Meta hosts or GRAPH_API_URL. Pass a URL returned by getMediaInfo().`;

export const GRAPH_MEDIA_CHECKSUM_MISMATCH = (mediaId: string) =>
  `Media ${mediaId} does not match the sha256 the Graph API reported. Download it again; if this persists, ask the sender to resend it.`;

// AI (src/ai)
export const AI_NOT_CONFIGURED = () =>
  'OPENAI_API_KEY is not set, so AI chat is off and answers that it is not configured. Set OPENAI_API_KEY to turn it on (see .env-example).';

export const AI_COMPLETION_FAILED = (failure: string, status?: number) =>
  `The chat model call failed (${failure}${status === undefined ? '' : `, HTTP ${status}`}). Check OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL, or raise OPENAI_TIMEOUT_MS if the provider is slow.`;

// Airtable (src/airtable)
export const AIRTABLE_BASE_ID_REQUIRED = () =>
  'AIRTABLE_BASE_ID is required when AIRTABLE_API_KEY is set: copy the base id (it starts with "app") from the base URL or its API page.';

export const AIRTABLE_NOT_CONFIGURED_WARNING = () =>
  'AIRTABLE_API_KEY is not set: registrations are kept in memory and lost on restart. Set AIRTABLE_API_KEY and AIRTABLE_BASE_ID to store them in Airtable.';

export const ALREADY_REGISTERED = () =>
  'This phone number is already registered, so no second record was created. Look it up with findByPhone before calling create.';

export const AIRTABLE_REQUEST_FAILED = (operation: string, failure: string, status?: number) =>
  `Airtable ${operation} failed (${failure}${status === undefined ? '' : `, HTTP ${status}`}). Check AIRTABLE_API_KEY, AIRTABLE_BASE_ID, AIRTABLE_TABLE_NAME and that the table has the fields Name, Email, City and Phone.`;

export const UNKNOWN_STEP = (flowId: string, step: string) =>
  `Flow "${flowId}" has no step "${step}". ctx.goTo() takes a key of the flow's steps object.`;
