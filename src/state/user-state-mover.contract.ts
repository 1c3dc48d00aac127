import type { ConsentStore } from './consent-store.port.js';
import type { ConversationStore } from './conversation-store.port.js';
import type { UserIdentityStore } from './user-identity-store.port.js';
import type { UserPreferencesStore } from './user-preferences-store.port.js';
import type { UserStateMover } from './user-state-mover.port.js';
import type { WindowStore } from './window-store.port.js';

/** The stores one adapter family (memory or Redis) provides, wired as the StateModule wires them. */
export interface UserStateFixture {
  readonly mover: UserStateMover;
  readonly sessions: ConversationStore;
  readonly windows: WindowStore;
  readonly consents: ConsentStore;
  readonly preferences: UserPreferencesStore;
  readonly identities: UserIdentityStore;
  cleanup(): Promise<void>;
}

const OLD = '15550001001';
const NEW = '15550001002';
const STATE = { flowId: 'register', step: 'email', data: { register: { name: 'Ada' } } };
const CONSENT = { marketing: 'opted_out', updatedAt: '2026-01-01T00:00:00.000Z' } as const;

/** What every `UserStateMover` adapter must do, run against memory and Redis alike. */
export function describeUserStateMoverContract(name: string, create: () => Promise<UserStateFixture>): void {
  describe(`${name} (UserStateMover contract)`, () => {
    let fixture: UserStateFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('moves the session, the window, consent and preferences to the new id and removes the old ones', async () => {
      const { mover, sessions, windows, consents, preferences } = fixture;
      const at = Date.now();
      await Promise.all([
        sessions.write(OLD, STATE),
        windows.recordInbound(OLD, at),
        consents.write(OLD, CONSENT),
        preferences.write(OLD, { language: 'es' }),
      ]);
      await mover.move(OLD, NEW);
      expect(await sessions.read(NEW)).toEqual(STATE);
      expect(await windows.lastInboundAt(NEW)).toBe(at);
      expect(await consents.read(NEW)).toEqual(CONSENT);
      expect(await preferences.read(NEW)).toEqual({ language: 'es' });
      for (const read of [sessions.read(OLD), windows.lastInboundAt(OLD), consents.read(OLD), preferences.read(OLD)])
        expect(await read).toBeUndefined();
    });

    it('moves what exists and leaves the rest alone, also for a BSUID', async () => {
      const { mover, sessions, windows } = fixture;
      const user = 'US.13491208655302741918';
      const at = Date.now();
      await windows.recordInbound(NEW, at);
      await sessions.write(user, STATE);
      await mover.move(user, 'US.99999999999999999999');
      expect(await sessions.read('US.99999999999999999999')).toEqual(STATE);
      expect(await sessions.read(user)).toBeUndefined();
      expect(await windows.lastInboundAt(NEW)).toBe(at);
    });

    it('links a BSUID to a wa_id, relinks it, and forgets it', async () => {
      const { identities } = fixture;
      const userId = 'US.13491208655302741918';
      expect(await identities.waIdOf(userId)).toBeUndefined();
      await identities.link(userId, OLD);
      expect(await identities.waIdOf(userId)).toBe(OLD);
      await identities.link(userId, NEW);
      expect(await identities.waIdOf(userId)).toBe(NEW);
      await identities.unlink(userId);
      expect(await identities.waIdOf(userId)).toBeUndefined();
    });
  });
}
