import type { RenamableMemoryStore } from '../user-state-mover.port.js';
import { ConsentStore, type ConsentRecord } from '../consent-store.port.js';

/**
 * In-process consent records. Deliberately unbounded, unlike the other memory stores: forgetting an opt-out would
 * send marketing to someone who refused it. Only users who sent STOP or START have a record.
 */
export class MemoryConsentStore extends ConsentStore implements RenamableMemoryStore {
  private readonly entries = new Map<string, string>();

  async read(waId: string): Promise<ConsentRecord | undefined> {
    const json = this.entries.get(waId);
    return json === undefined ? undefined : (JSON.parse(json) as ConsentRecord);
  }

  async write(waId: string, record: ConsentRecord): Promise<void> {
    this.entries.set(waId, JSON.stringify(record));
  }

  renameUser(from: string, to: string): void {
    const json = this.entries.get(from);
    if (json === undefined) return;
    this.entries.delete(from);
    this.entries.set(to, json);
  }
}
