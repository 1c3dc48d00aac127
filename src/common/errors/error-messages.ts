/**
 * Every error text of the service, reviewed in one place. Each says what happened and what to do next.
 * Tests assert with these same functions. Text that WhatsApp users read lives with its flow instead.
 */
export const INVALID_ENVIRONMENT = (problems: readonly string[]) =>
  `Invalid configuration: ${problems.join('; ')}. Fix these environment variables (see .env-example).`;

export const PORT_IN_USE = (port: number) =>
  `Port ${port} is already in use: stop the other process, or set PORT to a free port.`;

export const MISSING_PRODUCTION_SETTINGS = (names: string[]) =>
  `Refusing to start with NODE_ENV=production: missing ${names.join(', ')}. Set them in the environment (see .env-example).`;

export const MISSING_APP_SECRET_WITH_TOKEN = () =>
  'Refusing to start with WP_ACCESS_TOKEN set: missing WP_APP_SECRET. Set it in the environment (see .env-example): without it anyone could post unsigned webhooks that make the bot message real numbers.';

export const APP_SECRET_MISSING_WARNING = () =>
  'WP_APP_SECRET is not set: webhook signatures are NOT checked, so only unsigned webhooks from this machine (loopback) are accepted. This is local mode: set WP_APP_SECRET before exposing the service.';

export const PRODUCTION_WITHOUT_REDIS_WARNING = () =>
  'NODE_ENV=production without REDIS_URL: acknowledged messages wait in memory, so a crash or a deploy loses the ones not processed yet. Set REDIS_URL to make intake durable.';

export const INVALID_SIGNATURE = () =>
  'Missing or invalid X-Hub-Signature-256: it must be sha256=<hex HMAC-SHA256 of the raw body with the app secret>.';

export const MALFORMED_JSON = () => 'The request body is not valid JSON.';

export const JSON_BODY_REQUIRED = () => 'The request body must be JSON: send Content-Type: application/json.';

export const BODY_TOO_DEEP = (maxDepth: number) =>
  `The request body is nested more than ${maxDepth} levels deep; WhatsApp webhooks never are.`;

export const UNSIGNED_WEBHOOK_NOT_LOCAL = () =>
  'Unsigned webhooks are accepted only from this machine, in local mode. Set WP_APP_SECRET and send X-Hub-Signature-256.';

export const BODY_NOT_OBJECT = () => 'The webhook body must be a JSON object.';

export const DUPLICATE_FLOW_ID = (id: string, first: string, second: string) =>
  `Two flows use the id "${id}" (${first}, ${second}). Flow ids must be unique: rename one @Flow({ id }).`;

export const NON_STATIC_FLOW = (id: string, className: string) =>
  `Flow "${id}" (${className}) is request- or transient-scoped. Flows must be singletons: remove the scope option.`;

export const INVALID_FLOW = (id: string, className: string) =>
  `Flow "${id}" (${className}) must have a steps object with a start step (see ConversationFlow).`;

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

export const MESSAGE_INVALID_VALUE = (limit: string, expectation: string) => `${limit} is invalid: ${expectation}.`;

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

export const GRAPH_MEDIA_REDIRECT_UNTRUSTED = (host: string) =>
  `The media download was redirected to ${host}, which is neither a Meta media host nor GRAPH_API_URL, so the redirect was not followed (the access token goes nowhere else).`;

export const GRAPH_MEDIA_TOO_MANY_REDIRECTS = (maxRedirects: number) =>
  `The media download was redirected more than ${maxRedirects} times, so it was abandoned. Look the media id up again for a fresh URL.`;

export const GRAPH_MEDIA_REDIRECT_WITHOUT_LOCATION = (status: number) =>
  `The media download got HTTP ${status} without a Location header, so there was nowhere to follow. Look the media id up again for a fresh URL.`;

export const GRAPH_MEDIA_TOO_LARGE = (maxBytes: number) =>
  `The media is larger than ${maxBytes} bytes, the most this download may take, so it was not downloaded. WhatsApp media is at most 100 MB; pass a larger maxBytes only if the caller can hold that much.`;

export const SIMULATED_MEDIA_UNKNOWN = () =>
  'Unsupported get request: this media id is not in the simulated media store (it was never stored, or newer media pushed it out). Send the file again.';

export const SIMULATED_MEDIA_TOO_LARGE = (capacityBytes: number) =>
  `The file is larger than the simulated media store holds (${capacityBytes} bytes), so it was not stored. Use a smaller file when running locally.`;

export const SIMULATED_MEDIA_NOT_PROVIDED = () =>
  'No simulated media store was provided although WP_ACCESS_TOKEN is not set: WhatsAppModule must provide SimulatedMediaStore through createSimulatedMedia.';

// AI (src/ai)
export const AI_NOT_CONFIGURED = () =>
  'OPENAI_API_KEY is not set, so AI chat is off and answers that it is not configured. Set OPENAI_API_KEY to turn it on (see .env-example).';

export const AI_COMPLETION_FAILED = (failure: string, status?: number) =>
  `The chat model call failed (${failure}${status === undefined ? '' : `, HTTP ${status}`}). Check OPENAI_API_KEY, OPENAI_BASE_URL and OPENAI_MODEL, or raise OPENAI_TIMEOUT_MS if the provider is slow.`;

// --- memory adapters (src/state/memory, src/airtable) ---

export const MEMORY_STORE_FULL = (
  store: 'conversations' | 'registrations' | 'preferences' | 'window' | 'notifications' | 'identities',
  maxEntries: number,
) =>
  `The in-memory ${store} store reached SESSION_MAX_ENTRIES (${maxEntries}), so it now forgets the least recently used entries. ` +
  (store === 'registrations'
    ? 'Memory mode is for development: set AIRTABLE_API_KEY and AIRTABLE_BASE_ID to keep every registration.'
    : `Raise SESSION_MAX_ENTRIES, or set REDIS_URL to keep ${store} in Redis.`);

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

export const UNKNOWN_TIMEOUT_STEP = (flowId: string, step: string) =>
  `Flow "${flowId}" declares a timeout for "${step}", which is not one of its steps: rename it to a key of steps.`;

export const STEP_ASK_LOOP = (flowId: string, step: string, hops: number) =>
  `Flow "${flowId}" moved ${hops} times in one message, last to "${step}": an ask() that calls ctx.goTo() must not loop.`;

export const UNKNOWN_TEXT_KEY = (key: string) =>
  `No catalog has the text key "${key}". Add it to the flow's defineTexts({ en, es }) (ctx.t checks keys at compile time).`;

// --- whatsapp: Meta's OpenAPI spec (src/whatsapp/message-schema.ts) ---

export const SPEC_NOT_FOUND = (relativePath: string, startDir: string) =>
  `Cannot find ${relativePath} above ${startDir}: the spec folder must ship with the app.`;

export const SPEC_WITHOUT_MESSAGE_SCHEMA = () =>
  'The vendored spec has no components.schemas.Message: was the file replaced?';

export const SPEC_NOT_COMPILED = () =>
  'Ajv could not compile components.schemas.Message: was the vendored spec replaced?';

export const SIMULATED_GRAPH_NOT_PROVIDED = () =>
  'No simulated Graph API was provided although WP_ACCESS_TOKEN is not set: WhatsAppModule must provide LocalRecordingTransport through createSimulatedGraph.';

// --- whatsapp: outbound rate limits (src/whatsapp/rate-limit) ---

export const OUTBOUND_RATE_LIMIT_WAIT_TOO_LONG = (bucket: 'number' | 'recipient', waitMs: number, maxWaitMs: number) =>
  bucket === 'number'
    ? `The sending number's rate limit (RATE_LIMIT_PER_SECOND) would hold this message for ${waitMs} ms, more than RATE_LIMIT_MAX_WAIT_MS (${maxWaitMs} ms), so it was not sent. Send less at once, or raise RATE_LIMIT_PER_SECOND if Meta raised this number's throughput.`
    : `This user's pair rate limit (RATE_LIMIT_PAIR_BURST, RATE_LIMIT_PAIR_INTERVAL_MS; Meta error 131056) would hold this message for ${waitMs} ms, more than RATE_LIMIT_MAX_WAIT_MS (${maxWaitMs} ms), so it was not sent. Send fewer messages to one user per turn.`;

export const RATE_LIMIT_SCRIPT_UNEXPECTED_REPLY = (reply: string) =>
  `The rate-limit script answered ${reply}, which its parser does not understand: the Lua script and RedisSendRateLimiter are out of step. Report this as a bug.`;

// --- inbound: per-user flood guard (src/inbound/flood-guard) ---

export const FLOOD_GUARD_SCRIPT_UNEXPECTED_REPLY = (reply: string) =>
  `The flood-guard script answered ${reply}, which RedisFloodGuard does not understand: the Lua script and the adapter are out of step. Report this as a bug.`;

// --- Redis, durable queue and roles (src/redis, src/inbound/bullmq, src/admin) ---

export const REDIS_UNREACHABLE = (target: string, timeoutMs: number, reason: string) =>
  `Redis at ${target} did not become ready within ${timeoutMs} ms (${reason}). Start Redis or fix REDIS_URL; unset REDIS_URL to run in-process.`;

export const INTAKE_UNAVAILABLE = () =>
  'The message queue (Redis) is unavailable, so this webhook was not accepted. Meta delivers it again later; check Redis.';

export const INTAKE_SHUTTING_DOWN = () =>
  'This instance is shutting down and takes no new messages; Meta will deliver them again shortly.';

export const INTAKE_BACKLOG_FULL = (limit: number) =>
  `This instance already has ${limit} messages waiting to be processed, so this webhook was not accepted. Meta delivers it again later; if this lasts, look for a slow dependency or run more instances (REDIS_URL).`;

export const ROLE_NEEDS_REDIS = (role: string) =>
  `ROLE=${role} needs REDIS_URL: web and worker processes share their work through Redis. Set REDIS_URL, or use ROLE=all for a single process.`;

export const FENCED_WRITE_REJECTED = () =>
  "This worker no longer holds the user's lock (it expired while the message was processed), so its state write was refused. Another worker has taken the user over; if this repeats, raise QUEUE_LOCK_TTL_MS.";

export const DEAD_LETTER_NOT_FOUND = (messageId: string) =>
  `No dead-lettered message has the id "${messageId}". List them first (GET /admin/dead-letters or npm run dlq -- list).`;

export const DEAD_LETTERS_TRIMMED = (count: number) =>
  `Removed ${count} dead letter(s) older than DEAD_LETTER_TTL_DAYS or beyond DEAD_LETTER_MAX. Replay dead letters sooner, or raise these limits, to keep them longer.`;

export const DEAD_LETTER_TRIM_FAILED = () =>
  'Trimming the dead letters (DEAD_LETTER_TTL_DAYS, DEAD_LETTER_MAX) failed; the next sweep tries again. Check that Redis is reachable.';

export const ADMIN_DISABLED = () =>
  'The admin API is off. Set ADMIN_TOKEN (and REDIS_URL, since dead letters live in Redis) to turn it on.';

export const ADMIN_UNAUTHORIZED = () => 'Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>.';

export const ADMIN_AUTH_FAILED = () => 'admin request refused: missing or wrong token';

export const ADMIN_ADDRESS_BLOCKED = () =>
  'admin requests from this address refused for a while: too many failed attempts';

export const ADMIN_TOO_MANY_FAILURES = (retryAfterSeconds: number) =>
  `Too many failed admin attempts from this address. Try again in ${retryAfterSeconds} s with the right ADMIN_TOKEN.`;

export const ADMIN_REDIS_UNAVAILABLE = () =>
  'Redis is unavailable, so the dead letters cannot be read or replayed right now. Check Redis and try again.';

export const DLQ_NEEDS_REDIS = () =>
  'Dead letters live in Redis, but REDIS_URL is not set. Run the command with the same REDIS_URL and REDIS_PREFIX as the service.';

export const DLQ_USAGE = () =>
  'Usage: npm run dlq -- list [limit] | npm run dlq -- replay <message id> | npm run dlq -- replay --all';

// --- simulator (src/simulator) ---

export const SIMULATOR_PAGE_MISSING = (dir: string) =>
  `The simulator page is missing from ${dir}: its files must ship next to the compiled code. Run \`npm run build\` (nest-cli.json copies simulator/page), or set SIMULATOR=off.`;

export const SIMULATOR_INVALID_REQUEST = (problems: string[]) =>
  `Invalid simulator request: ${problems.join('; ')}. Send JSON as the simulator page does (see src/simulator/simulator-request.parser.ts).`;

export const SIMULATOR_UNKNOWN_USER = (waId: string) =>
  `No simulated user has the id ${waId}. Create one with POST /simulator/api/users` +
  (/^\d+$/.test(waId) ? ', or send a message as it.' : ' (username-only users are made there).');

export const SIMULATOR_WEBHOOK_UNREACHABLE = (reason: string) =>
  `The simulator could not post its webhook to this app's own /webhook (${reason}). Check that the app is listening and that nothing blocks requests to 127.0.0.1.`;

export const SIMULATOR_NOT_LISTENING = () =>
  'The simulator posts webhooks to this app over HTTP, but the app is not listening yet. Call app.listen() before sending simulated messages.';

export const SIMULATOR_TOO_MANY_STREAMS = (max: number) =>
  `The simulator already serves ${max} event streams. Close some simulator tabs and reload.`;

export const SIMULATOR_BESIDE_REAL_GRAPH_WARNING = () =>
  'SIMULATOR=on with a real WP_ACCESS_TOKEN: anyone who can reach /simulator can message this bot as a simulated user (fictional 1555 numbers, answered by the simulated Graph). Keep it off the public internet, or set SIMULATOR=off.';

export const SIMULATOR_JSON_ONLY = () =>
  'The simulator API takes JSON only: send Content-Type: application/json (which also keeps other web pages from posting here).';

export const SIMULATOR_CROSS_ORIGIN = () =>
  'The simulator API only answers its own page: this request came from another origin. Open /simulator on this host instead.';

export const SIMULATOR_FOREIGN_HOST = () =>
  'The simulator only answers requests addressed to localhost, 127.0.0.1 or [::1] (another host name may be DNS rebinding). Open http://localhost:<port>/simulator, or send the SIMULATOR_TOKEN.';

export const SIMULATOR_TOKEN_NEEDED = () =>
  'The simulator needs its token here: open /simulator?token=<SIMULATOR_TOKEN> once (it sets a cookie), or send Authorization: Bearer <SIMULATOR_TOKEN>.';

export const SIMULATOR_TOKEN_REQUIRED = () =>
  'SIMULATOR_TOKEN is required when SIMULATOR=on with NODE_ENV=production: set it to 32+ random characters (e.g. openssl rand -hex 32), or set SIMULATOR=off';

export const MESSAGE_ATTEMPT_FAILED = (attempt: number, maxAttempts: number, errorCode: string) =>
  `Attempt ${attempt} of ${maxAttempts} at an inbound message failed (${errorCode}); it is retried with backoff, then dead-lettered (GET /admin/dead-letters or npm run dlq -- list).`;

// --- metrics and tracing (src/metrics, src/tracing) ---

export const METRICS_PORT_IS_PORT = (port: number) =>
  `METRICS_PORT must differ from PORT (both are ${port}): pick a free port for the metrics server, or unset METRICS_PORT to serve /metrics on the main port`;

export const METRICS_UNAUTHORIZED = () => 'Missing or wrong metrics token: send Authorization: Bearer <METRICS_TOKEN>.';

export const METRICS_ON_OTHER_PORT = () => 'Metrics are served on METRICS_PORT, not on this port.';

export const METRICS_PORT_IN_USE = (port: number) =>
  `METRICS_PORT ${port} is already in use: stop the other process, or set METRICS_PORT to a free port.`;

// --- outbound API: notifications and consent (src/api, src/notifications, src/consent) ---

export const API_DISABLED = () =>
  'Not found: the notifications API is off. Set API_TOKEN (32+ characters) to enable it.';

export const API_UNAUTHORIZED = () => 'Missing or wrong API token: send Authorization: Bearer <API_TOKEN>.';

export const API_AUTH_FAILED = () => 'notifications API request refused: missing or wrong bearer token';

export const API_STORE_UNAVAILABLE = () =>
  'The notification store is unavailable (Redis down?): nothing was sent. Try again in a moment.';

export const NOTIFICATION_INVALID = (problems: readonly string[]) => `Invalid notification: ${problems.join('; ')}.`;

export const NOTIFICATION_OUTSIDE_WINDOW = () =>
  'The user has not written in the last 24 hours, so WhatsApp only accepts a template: add "template" to the request.';

export const NOTIFICATION_OPTED_OUT = () =>
  'The user opted out of marketing messages (they sent STOP): nothing was sent. Utility and authentication notifications still go out.';

export const NOTIFICATION_NOT_FOUND = (id: string) =>
  `No notification with id "${id}" (unknown, or older than NOTIFICATION_TTL_DAYS).`;

export const NOTIFICATION_SEND_FAILED = (code: number | undefined) =>
  `WhatsApp refused the notification${code === undefined ? '' : ` (Graph code ${code})`}: see GET /api/notifications/:id for each attempt.`;

export const CONSENT_WORD_CLASH = (words: readonly string[]) =>
  `OPT_OUT_WORDS and OPT_IN_WORDS share ${words.join(', ')}: a word can only opt out or opt in, so remove it from one list.`;
