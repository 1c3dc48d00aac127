import { isRecord } from '../../common/is-record.js';
import { MockHttpServer, type MockListenOptions, type MockReply } from './mock-http-server.js';
import type { RecordedRequest } from './recorded-request.js';

/** A record as Airtable's REST API returns it. */
export interface AirtableMockRecord {
  readonly id: string;
  readonly createdTime: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface AirtableMockOptions {
  /** The token accepted as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  readonly baseId?: string;
  readonly tableName?: string;
  /** The table's text columns; writing or filtering on any other name fails as in Airtable. */
  readonly fieldNames?: readonly string[];
}

/** Milliseconds to wait before answering; `previous` counts earlier requests to the mock. */
export type AirtableDelayScript = (request: RecordedRequest, previous: number) => number;

/** Query parameters the mock implements; any other one is refused rather than silently ignored. */
const LIST_PARAMETERS = new Set(['filterByFormula', 'maxRecords', 'pageSize', 'offset']);
const MAX_PAGE_SIZE = 100;
const MAX_RECORDS_PER_CREATE = 10;

/**
 * Airtable's REST API for one table, on 127.0.0.1, covering what `airtable@0.12` sends for a lookup and a create
 * (point the SDK's `endpointUrl` at `endpointUrl`):
 * - `GET /v0/:base/:table?filterByFormula=…&maxRecords=…` lists records (and `POST …/listRecords`, which the SDK
 *   uses when the URL would pass 15 000 characters). The formula is parsed, not pattern-matched: it must be
 *   `{Field} = 'text'` (or `"text"`, either side) with backslash escapes, as `phoneEqualsFormula` writes it;
 *   anything else gets Airtable's 422 `INVALID_FILTER_BY_FORMULA`.
 * - `POST /v0/:base/:table/` creates from `{ records: [{ fields }] }` (what the SDK sends for an array) or
 *   `{ fields }` (a single record), with an optional `typecast`.
 * - `GET /v0/:base/:table/:recordId` returns one record.
 * It checks the bearer token, base and table, keeps records in memory (`records()`), and can fail
 * (`failNext`) or slow down (`delayWith`) on demand.
 */
export class AirtableMock {
  static readonly DEFAULT_API_KEY = 'patMockAirtable.0000000000000000';
  static readonly DEFAULT_BASE_ID = 'appMockBase000001';
  static readonly DEFAULT_TABLE_NAME = 'Users';
  static readonly DEFAULT_FIELD_NAMES: readonly string[] = ['Name', 'Email', 'City', 'Phone'];

  readonly server = new MockHttpServer({
    failureReply: ({ status, message }) => injectedFailure(status, message),
    onReset: () => this.reset(),
  });
  readonly apiKey: string;
  readonly baseId: string;
  readonly tableName: string;
  private readonly fieldNames: ReadonlySet<string>;
  private stored: AirtableMockRecord[] = [];
  private readonly failures: { status: number; method?: string }[] = [];
  private delay: AirtableDelayScript = () => 0;
  private requestCount = 0;
  private recordCount = 0;

  constructor(options: AirtableMockOptions = {}) {
    this.apiKey = options.apiKey ?? AirtableMock.DEFAULT_API_KEY;
    this.baseId = options.baseId ?? AirtableMock.DEFAULT_BASE_ID;
    this.tableName = options.tableName ?? AirtableMock.DEFAULT_TABLE_NAME;
    this.fieldNames = new Set(options.fieldNames ?? AirtableMock.DEFAULT_FIELD_NAMES);
    const table = /^\/v0\/([^/]+)\/([^/]+)\/?$/;
    this.server
      .on('GET', table, (request) => this.handle(request, () => this.list(request.query)))
      .on('POST', table, (request) => this.handle(request, () => this.create(request.json)))
      .on('POST', /^\/v0\/([^/]+)\/([^/]+)\/listRecords$/, (request) =>
        this.handle(request, () => this.list(bodyAsParameters(request.json))),
      )
      .on('GET', /^\/v0\/([^/]+)\/([^/]+)\/(rec[A-Za-z0-9]+)$/, (request) =>
        this.handle(request, () => this.find(decodeURIComponent(request.path.split('/')[4]))),
      );
  }

  /** The SDK's `endpointUrl`: `http://127.0.0.1:PORT` (the SDK adds `/v0`). */
  get endpointUrl(): string {
    return this.server.url;
  }

  async start(listen: MockListenOptions = {}): Promise<this> {
    await this.server.start(listen);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** How many requests have been answered (a delayed answer counts once it is written). */
  answered(): number {
    return this.server.answered;
  }

  /** Every stored record, oldest first (copies). */
  records(): AirtableMockRecord[] {
    return this.stored.map((record) => ({ ...record, fields: { ...record.fields } }));
  }

  /** Stores a record directly, as if someone had typed it into the base. */
  seed(fields: Record<string, string>): AirtableMockRecord {
    const record = this.newRecord(fields);
    this.stored.push(record);
    return { ...record, fields: { ...record.fields } };
  }

  /**
   * The next `count` requests fail with `status` and an Airtable-shaped error body; with `method`, only requests
   * of that method count (e.g. `POST` fails a create after its lookup succeeded).
   */
  failNext(count: number, status = 500, options: { method?: 'GET' | 'POST' } = {}): this {
    for (let i = 0; i < count; i++) this.failures.push({ status, method: options.method });
    return this;
  }

  delayWith(script: AirtableDelayScript): this {
    this.delay = script;
    return this;
  }

  /** Forgets records, requests, scripts and pending failures. */
  reset(): void {
    this.server.reset();
    this.stored = [];
    this.failures.length = 0;
    this.delay = () => 0;
    this.requestCount = 0;
    this.recordCount = 0;
  }

  private handle(request: RecordedRequest, answer: () => MockReply): MockReply {
    const delayMs = this.delay(request, this.requestCount++);
    return { ...this.check(request, answer), delayMs };
  }

  /** Checks in Airtable's order (an outage first, then the token, then the base and table) and then answers. */
  private check(request: RecordedRequest, answer: () => MockReply): MockReply {
    const failureIndex = this.failures.findIndex(({ method }) => method === undefined || method === request.method);
    if (failureIndex !== -1) return injectedFailure(this.failures.splice(failureIndex, 1)[0].status);
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
      return airtableError(401, 'AUTHENTICATION_REQUIRED', 'Authentication required');
    }
    const [, , baseId, table] = request.path.split('/');
    if (baseId !== this.baseId || decodeURIComponent(table) !== this.tableName) {
      return airtableError(
        403,
        'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
        'Invalid permissions, or the requested model was not found. Check that both your user and your token have ' +
          'the required permissions, and that the model names and/or ids are correct.',
      );
    }
    return answer();
  }

  private list(parameters: URLSearchParams): MockReply {
    const unknown = [...parameters.keys()].find((name) => !LIST_PARAMETERS.has(name));
    if (unknown !== undefined) {
      return airtableError(422, 'INVALID_REQUEST_UNKNOWN', `The mock does not implement the "${unknown}" parameter.`);
    }
    const maxRecords = positiveInteger(parameters.get('maxRecords'), Number.MAX_SAFE_INTEGER);
    const pageSize = positiveInteger(parameters.get('pageSize'), MAX_PAGE_SIZE);
    if (maxRecords === undefined || pageSize === undefined || pageSize > MAX_PAGE_SIZE) {
      const message = 'maxRecords and pageSize must be positive integers (pageSize ≤ 100).';
      return airtableError(422, 'INVALID_REQUEST_UNKNOWN', message);
    }
    const offsetParameter = parameters.get('offset');
    const start = offsetParameter === null ? 0 : Number(/^itr(\d+)$/.exec(offsetParameter)?.[1] ?? NaN);
    if (Number.isNaN(start)) return airtableError(422, 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE', 'Invalid offset.');

    let matching = this.stored;
    const formula = parameters.get('filterByFormula');
    if (formula !== null && formula !== '') {
      const condition = parseEqualsFormula(formula);
      if (!condition || !this.fieldNames.has(condition.field)) {
        return airtableError(
          422,
          'INVALID_FILTER_BY_FORMULA',
          'The formula for filtering records is invalid: Invalid formula. Please check your formula text.',
        );
      }
      matching = matching.filter((record) => (record.fields[condition.field] ?? '') === condition.value);
    }
    const limited = matching.slice(0, maxRecords);
    const page = limited.slice(start, start + pageSize);
    const next = start + pageSize;
    return { status: 200, json: { records: page, ...(next < limited.length ? { offset: `itr${next}` } : {}) } };
  }

  private create(body: unknown): MockReply {
    const missingFields = airtableError(422, 'INVALID_REQUEST_MISSING_FIELDS', 'Could not find field "fields".');
    if (!isRecord(body)) return missingFields;
    const { records, fields, typecast, ...rest } = body;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) {
      return airtableError(422, 'INVALID_REQUEST_UNKNOWN', `Invalid request: unknown field "${extra}".`);
    }
    const single = records === undefined;
    const inputs: unknown[] = single ? [{ fields }] : Array.isArray(records) ? records : [];
    if (inputs.length === 0 || inputs.length > MAX_RECORDS_PER_CREATE) {
      return airtableError(422, 'INVALID_RECORDS', `Send between 1 and ${MAX_RECORDS_PER_CREATE} records.`);
    }

    // All or nothing, as in Airtable: every record is checked before any is stored.
    const accepted: Record<string, string>[] = [];
    for (const input of inputs) {
      const candidate = isRecord(input) ? input.fields : undefined;
      if (!isRecord(candidate)) return missingFields;
      const row: Record<string, string> = {};
      for (const [name, value] of Object.entries(candidate)) {
        if (!this.fieldNames.has(name))
          return airtableError(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`);
        if (typeof value !== 'string' && typecast !== true) {
          return airtableError(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${name}" cannot accept the provided value.`);
        }
        row[name] = String(value);
      }
      accepted.push(row);
    }
    const created = accepted.map((row) => this.newRecord(row));
    this.stored.push(...created);
    return { status: 200, json: single ? created[0] : { records: created } };
  }

  private find(recordId: string): MockReply {
    const record = this.stored.find((candidate) => candidate.id === recordId);
    return record ? { status: 200, json: record } : { status: 404, json: { error: 'NOT_FOUND' } };
  }

  private newRecord(fields: Record<string, string>): AirtableMockRecord {
    this.recordCount++;
    return {
      id: `rec${String(this.recordCount).padStart(14, '0')}`,
      createdTime: new Date().toISOString(),
      fields: { ...fields },
    };
  }
}

/** `{Field} = 'text'` (either order, either quote) as a field and the text it must equal, or undefined. */
export function parseEqualsFormula(formula: string): { field: string; value: string } | undefined {
  const tokens = tokenizeFormula(formula);
  if (!tokens || tokens.length !== 3 || tokens[1].kind !== 'equals') return undefined;
  const [left, , right] = tokens;
  if (left.kind === 'field' && right.kind === 'string') return { field: left.name, value: right.value };
  if (left.kind === 'string' && right.kind === 'field') return { field: right.name, value: left.value };
  return undefined;
}

type FormulaToken = { kind: 'field'; name: string } | { kind: 'string'; value: string } | { kind: 'equals' };

/** What a backslash sequence in a string literal stands for; any other escaped character stands for itself. */
const STRING_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

/** The tokens of the small formula subset the mock understands, or undefined for anything else. */
function tokenizeFormula(formula: string): FormulaToken[] | undefined {
  const tokens: FormulaToken[] = [];
  let index = 0;
  while (index < formula.length) {
    const char = formula[index];
    if (/\s/.test(char)) {
      index++;
    } else if (char === '=') {
      tokens.push({ kind: 'equals' });
      index++;
    } else if (char === '{') {
      const end = formula.indexOf('}', index + 1);
      if (end === -1) return undefined;
      tokens.push({ kind: 'field', name: formula.slice(index + 1, end) });
      index = end + 1;
    } else if (char === "'" || char === '"') {
      let value = '';
      let closed = false;
      index++;
      while (index < formula.length && !closed) {
        const current = formula[index];
        if (current === '\\') {
          const escaped = formula[index + 1];
          if (escaped === undefined) return undefined;
          value += STRING_ESCAPES[escaped] ?? escaped;
          index += 2;
        } else {
          closed = current === char;
          if (!closed) value += current;
          index++;
        }
      }
      if (!closed) return undefined;
      tokens.push({ kind: 'string', value });
    } else {
      return undefined; // functions, other operators, bare field names: not supported by the mock
    }
  }
  return tokens;
}

/** `POST …/listRecords` carries the list parameters in a JSON body. */
function bodyAsParameters(body: unknown): URLSearchParams {
  const parameters = new URLSearchParams();
  if (isRecord(body)) for (const [name, value] of Object.entries(body)) parameters.set(name, String(value));
  return parameters;
}

function positiveInteger(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Airtable's answer to an outage or a throttled request; `message` replaces Airtable's text when given. */
function injectedFailure(status: number, message?: string): MockReply {
  if (status === 429) {
    return airtableError(429, 'RATE_LIMIT_REACHED', message ?? 'Rate limit exceeded. Please try again later');
  }
  if (status === 503) return airtableError(503, 'SERVICE_UNAVAILABLE', message ?? 'Service unavailable');
  if (status >= 500) return airtableError(status, 'SERVER_ERROR', message ?? 'Server error');
  return airtableError(status, 'MOCK_FAILURE', message ?? 'The mock was told to fail this request.');
}

/** Airtable's error body: `{ error: { type, message } }`. */
function airtableError(status: number, type: string, message: string): MockReply {
  return { status, json: { error: { type, message } } };
}
