import { MemoryWindowStore } from '../state/memory/memory-window-store.adapter.js';
import { WINDOW_MS, WindowService } from './window.service.js';

describe('WindowService', () => {
  const now = Date.now();
  const make = () => new WindowService(new MemoryWindowStore(100));

  it('is closed for a user who never wrote', async () => {
    expect(await make().isOpen('15550000001', now)).toBe(false);
  });

  it('is open until 24 h after the last message, then closed', async () => {
    const window = make();
    await window.recordInbound('15550000001', now - WINDOW_MS + 1);
    expect(await window.isOpen('15550000001', now)).toBe(true);
    expect(await window.closesAt('15550000001', now)).toBe(now + 1);
    expect(await window.isOpen('15550000001', now + 1)).toBe(false);
  });
});
