import pinoPretty from 'pino-pretty';
import type { DestinationStream } from 'pino';

/** Fields that say nothing to a person reading a terminal (time and level are shown by pino-pretty itself). */
const IGNORED = ['pid', 'hostname', 'context', 'req', 'res', 'responseTime'];
/** Fields left out of the `key=value` tail: the ignored ones and those already on the line. */
const HIDDEN = new Set([...IGNORED, 'level', 'time', 'msg']);

/** `key=value` for the rest of a log record: short, no JSON, errors by their message. */
function fieldsOf(record: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === undefined) continue;
    if (value instanceof Object && 'message' in value) parts.push(`${key}=${String(value.message)}`);
    else if (typeof value === 'object' && value !== null)
      parts.push(`${key}=${Array.isArray(value) ? value.length + ' items' : '{…}'}`);
    else parts.push(`${key}=${String(value)}`);
  }
  return parts.length > 0 ? `  ${parts.join(' ')}` : '';
}

/**
 * Development logs for people: one coloured line per event, `HH:MM:ss LEVEL Context: message key=value`, no JSON.
 * Synchronous (no worker thread), so lines keep their order with anything else written to the terminal.
 */
export function prettyStream(
  colorize = !process.env.NO_COLOR && (Boolean(process.stdout.isTTY) || Boolean(process.env.FORCE_COLOR)),
): DestinationStream {
  return pinoPretty({
    colorize,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: IGNORED.join(','),
    hideObject: true,
    messageFormat: (record, messageKey) => {
      const context = typeof record.context === 'string' ? `${record.context}: ` : '';
      return `${context}${String(record[messageKey] ?? '')}${fieldsOf(record)}`;
    },
  });
}
