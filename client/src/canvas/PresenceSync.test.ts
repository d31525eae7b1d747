import './testSetup';
import {
  atom,
  createPresenceStateDerivation,
  createTLCurrentUser,
  createTLStore,
  createUserId,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Editor,
  InstancePresenceRecordType,
  type TLInstancePresence,
  type TLUserPreferences,
  UserRecordType,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { PresenceSync } from './PresenceSync';

const relayOrigin = 'relay';

/** Relays awareness updates between peers the way the server does. */
function linkAwareness(peers: Awareness[]): void {
  for (const from of peers) {
    type Change = { added: number[]; updated: number[]; removed: number[] };
    from.on('update', ({ added, updated, removed }: Change, origin: unknown) => {
      if (origin === relayOrigin) return;
      const update = encodeAwarenessUpdate(from, [...added, ...updated, ...removed]);
      for (const to of peers) if (to !== from) applyAwarenessUpdate(to, update, relayOrigin);
    });
  }
}

/** A peer with a headless editor, so presence has a pointer, camera and page to report. */
function createPeer(name: string) {
  const $preferences = atom<TLUserPreferences>('prefs', {
    id: name.toLowerCase(),
    name,
    color: '#1a7f5a',
  });
  const $user = atom(
    'user',
    UserRecordType.create({ id: createUserId(name.toLowerCase()), name, color: '#1a7f5a' }),
  );
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const container = document.createElement('div');
  document.body.appendChild(container);
  const editor = new Editor({
    store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    user: createTLCurrentUser({ userPreferences: $preferences }),
  });
  const awareness = new Awareness(new Y.Doc());
  const $presence = createPresenceStateDerivation($user, {
    instanceId: InstancePresenceRecordType.createId(String(awareness.clientID)),
  })(store);
  const presence = new PresenceSync(store, awareness, $presence);
  return { name, store, editor, awareness, presence, userId: createUserId(name.toLowerCase()) };
}

function presenceRecords(peer: ReturnType<typeof createPeer>): TLInstancePresence[] {
  return peer.store.query.records('instance_presence').get();
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PresenceSync', () => {
  it('mirrors a remote user into an instance_presence record and removes it when they leave', () => {
    const aino = createPeer('Aino');
    const bo = createPeer('Bo');
    linkAwareness([aino.awareness, bo.awareness]);
    aino.presence.start();
    bo.presence.start();

    aino.editor.updatePointer({ point: { x: 40, y: 50 } as never });
    vi.advanceTimersByTime(1_000);

    const [seen] = presenceRecords(bo);
    expect(seen).toMatchObject({ userId: aino.userId, userName: 'Aino', color: '#1a7f5a' });
    expect(seen?.cursor).toMatchObject({ x: 40, y: 50 });
    expect(presenceRecords(aino).map((p) => p.userId)).toEqual([bo.userId]);

    removeAwarenessStates(aino.awareness, [aino.awareness.clientID], 'closed');
    expect(presenceRecords(bo)).toEqual([]);
  });

  it('lets a user follow a remote user', () => {
    const aino = createPeer('Aino');
    const bo = createPeer('Bo');
    linkAwareness([aino.awareness, bo.awareness]);
    aino.presence.start();
    bo.presence.start();
    vi.advanceTimersByTime(100);

    bo.editor.startFollowingUser(aino.userId);
    expect(bo.editor.getInstanceState().followingUserId).toBe(aino.userId);
  });

  it('publishes at most once a second alone and about 30 times a second with company', () => {
    const aino = createPeer('Aino');
    aino.presence.start();
    const publish = vi.spyOn(aino.awareness, 'setLocalStateField');
    const wiggle = (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        aino.editor.updatePointer({ point: { x: t, y: t } as never });
        vi.advanceTimersByTime(10);
      }
    };
    wiggle(2_000);
    expect(publish.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(publish.mock.calls.length).toBeLessThanOrEqual(3);

    const bo = createPeer('Bo');
    linkAwareness([aino.awareness, bo.awareness]);
    bo.presence.start();
    vi.advanceTimersByTime(1_000);
    publish.mockClear();
    wiggle(1_000);
    expect(publish.mock.calls.length).toBeGreaterThanOrEqual(20);
    expect(publish.mock.calls.length).toBeLessThanOrEqual(31);
  });

  it('ignores presence a peer on another version sends in a shape this schema rejects', () => {
    const bo = createPeer('Bo');
    bo.presence.start();
    const other = new Awareness(new Y.Doc());
    linkAwareness([other, bo.awareness]);
    other.setLocalStateField('presence', { userId: 'not-a-user-id', cursor: 'nope' });
    expect(presenceRecords(bo)).toEqual([]);
  });

  it('withdraws its presence and removes mirrored records on dispose', () => {
    const aino = createPeer('Aino');
    const bo = createPeer('Bo');
    linkAwareness([aino.awareness, bo.awareness]);
    aino.presence.start();
    bo.presence.start();
    vi.advanceTimersByTime(100);
    expect(presenceRecords(aino)).toHaveLength(1);

    aino.presence.dispose();
    expect(presenceRecords(aino)).toEqual([]);
    expect(presenceRecords(bo)).toEqual([]);
  });
});
