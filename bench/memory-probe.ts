/**
 * One memory measurement in a fresh process (`node --expose-gc memory-probe.js PRODUCT_DIR conversations|dedupe
 * COUNT`): boots the product as production builds it (dist/app.factory.js, in-memory mode, not listening), fills
 * the store the app itself uses (taken from its container) with COUNT idle conversations or COUNT message ids,
 * collects garbage and prints the process's RSS as one JSON line (MemoryFigures). Started by memory-measure.ts.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MemoryFigures, MemoryKind } from './report.js';

interface App {
  init(): Promise<unknown>;
  get(token: unknown): unknown;
}
interface ConversationStore {
  write(waId: string, state: object): Promise<void>;
  read(waId: string): Promise<object | undefined>;
}
interface DedupeStore {
  claim(messageId: string): Promise<boolean>;
}

const [productDir, kind, countArg] = process.argv.slice(2) as [string, MemoryKind, string];
const count = Number(countArg);
const gc = (globalThis as { gc?: () => void }).gc;

async function importDist<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(productDir, 'dist', path)).href)) as T;
}

/** RSS in MB once garbage is collected: what the process keeps, not what it has not freed yet. */
async function settledRssMb(): Promise<number> {
  for (let pass = 0; pass < 3; pass++) {
    gc?.();
    await new Promise((resolveTick) => setTimeout(resolveTick, 100));
  }
  return process.memoryUsage().rss / 2 ** 20;
}

/** 12-digit numbers, as Cloud API wa_ids are. */
const waIdOf = (i: number) => `4917${String(i).padStart(8, '0')}`;

/** A registration waiting for the email: the typical idle state of a user mid-flow. */
async function fillConversations(store: ConversationStore): Promise<boolean> {
  for (let i = 0; i < count; i++) {
    await store.write(waIdOf(i), {
      flowId: 'register',
      step: 'email',
      version: 2,
      data: { register: { name: `Ada Lovelace ${i}` } },
    });
  }
  // The store is a bounded LRU: the first user still there means none was evicted.
  return (await store.read(waIdOf(0))) !== undefined;
}

/** Ids shaped like Meta's (`wamid.` + about 56 base64 characters). */
async function fillDedupeIds(store: DedupeStore): Promise<boolean> {
  const first = `wamid.HBgM${randomBytes(39).toString('base64')}`;
  await store.claim(first);
  for (let i = 1; i < count; i++) await store.claim(`wamid.HBgM${randomBytes(39).toString('base64')}`);
  return !(await store.claim(first));
}

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const { createApp } = await importDist<{ createApp: () => Promise<App> }>('app.factory.js');
  const app = await createApp();
  await app.init();
  const bootRssMb = await settledRssMb();
  let allKept: boolean;
  if (kind === 'conversations') {
    const { ConversationStore } = await importDist<{ ConversationStore: unknown }>('state/conversation-store.port.js');
    allKept = await fillConversations(app.get(ConversationStore) as ConversationStore);
  } else {
    const { DedupeStore } = await importDist<{ DedupeStore: unknown }>('state/dedupe-store.port.js');
    allKept = await fillDedupeIds(app.get(DedupeStore) as DedupeStore);
  }
  const figures: MemoryFigures = { kind, count, bootRssMb, rssMb: await settledRssMb(), allKept };
  process.stdout.write(`${JSON.stringify({ memory: figures })}\n`);
  // The app's timers and pools need no orderly close: this process only measured.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `memory probe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
