import { MemoryConversationStore } from '../state/memory/memory-conversation-store.adapter.js';
import { MemoryUserIdentityStore } from '../state/memory/memory-user-identity-store.adapter.js';
import { MemoryUserStateMover } from '../state/memory/memory-user-state-mover.adapter.js';
import type { InboundEvent, InboundMessage } from '../whatsapp/inbound-message.js';
import { UserIdentities } from './user-identities.js';

const WA_ID = '15550002001';
const USER_ID = 'US.13491208655302741918';

function text(sender: { from?: string; fromUserId?: string }, body = 'hi'): InboundMessage {
  return { id: `wamid.${body}`, ...sender, timestamp: 1, phoneNumberId: 'p', type: 'text', text: body };
}

type SystemFields = Extract<InboundMessage, { type: 'system' }>['system'];
function system(sender: { from?: string; fromUserId?: string }, fields: SystemFields): InboundMessage {
  return { id: 'wamid.sys', ...sender, timestamp: 1, phoneNumberId: 'p', type: 'system', system: fields };
}

describe('UserIdentities', () => {
  let store: MemoryUserIdentityStore;
  let sessions: MemoryConversationStore;
  let identities: UserIdentities;
  beforeEach(() => {
    store = new MemoryUserIdentityStore(100);
    sessions = new MemoryConversationStore(3600, 100);
    identities = new UserIdentities(store, new MemoryUserStateMover([sessions]));
  });

  const messages = (events: readonly InboundEvent[]) =>
    events.map((event) => (event.kind === 'message' ? event.message : undefined));

  it('records the pair of a message with both ids, and keys a later BSUID-only message by the wa_id', async () => {
    await identities.resolve([{ kind: 'message', message: text({ from: WA_ID, fromUserId: USER_ID }) }]);
    expect(await store.waIdOf(USER_ID)).toBe(WA_ID);
    const [resolved] = messages(
      await identities.resolve([{ kind: 'message', message: text({ fromUserId: USER_ID }) }]),
    );
    expect(resolved?.from).toBe(WA_ID);
  });

  it('leaves an unknown username-only user keyed by their BSUID, and events without one untouched', async () => {
    const events: InboundEvent[] = [
      { kind: 'message', message: text({ fromUserId: USER_ID }) },
      { kind: 'message', message: text({ from: WA_ID }) },
    ];
    expect(await identities.resolve(events)).toEqual(events);
  });

  it('moves the state on user_changed_number and relinks the BSUID to the new number', async () => {
    await sessions.write(WA_ID, { flowId: 'register', step: 'email', data: {} });
    const change = system(
      { from: WA_ID, fromUserId: USER_ID },
      { kind: 'user_changed_number', newWaId: '15550002002' },
    );
    expect(await identities.applyChange(change)).toBe(true);
    expect(await sessions.read('15550002002')).toMatchObject({ step: 'email' });
    expect(await sessions.read(WA_ID)).toBeUndefined();
    expect(await store.waIdOf(USER_ID)).toBe('15550002002');
  });

  it('moves a username-only user on user_changed_user_id, and only relinks a user known by number', async () => {
    await sessions.write(USER_ID, { flowId: 'register', step: 'name', data: {} });
    const next = 'US.22222222222222222222';
    const change = system(
      { fromUserId: next },
      { kind: 'user_changed_user_id', userId: next, previousUserId: USER_ID },
    );
    expect(await identities.applyChange(change)).toBe(true);
    expect(await sessions.read(next)).toMatchObject({ step: 'name' });
    expect(await sessions.read(USER_ID)).toBeUndefined();

    await store.link('US.33333333333333333333', WA_ID);
    await sessions.write(WA_ID, { data: {} });
    const known = system(
      { from: WA_ID },
      { kind: 'user_changed_user_id', userId: 'US.44444444444444444444', previousUserId: 'US.33333333333333333333' },
    );
    expect(await identities.applyChange(known)).toBe(true);
    expect(await sessions.read(WA_ID)).toEqual({ data: {} });
    expect(await store.waIdOf('US.44444444444444444444')).toBe(WA_ID);
    expect(await store.waIdOf('US.33333333333333333333')).toBeUndefined();
  });

  it('answers false for any other message', async () => {
    expect(await identities.applyChange(text({ from: WA_ID }))).toBe(false);
  });
});
