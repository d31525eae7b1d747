import '../canvas/testSetup';
import { facilitationMapName } from '@kohtaamo/shared';
import {
  type Editor,
  InstancePresenceRecordType,
  type TLInstancePresence,
  type TLPageId,
  type TLUserId,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEditor, createTestPeer } from '../canvas/testHarness';
import { ControlChannel } from './ControlChannel';
import { FacilitationState } from './FacilitationState';
import { FollowController } from './FollowController';
import { FakeControlProvider } from './testControlProvider';

const fanni = 'user:fanni' as TLUserId;
let editor: Editor;
let provider: FakeControlProvider;
let control: ControlChannel;
let state: FacilitationState;
let controller: FollowController;
let doc: ReturnType<typeof createTestPeer>['doc'];

function presence(overrides: Partial<TLInstancePresence> = {}): TLInstancePresence {
  return InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId('fanni'),
    userId: fanni,
    userName: 'Fanni',
    currentPageId: editor.getCurrentPageId(),
    camera: { x: -100, y: -50, z: 1 },
    screenBounds: { x: 0, y: 0, w: 800, h: 600 },
    lastActivityTimestamp: Date.now(),
    ...overrides,
  });
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const setFollow = (value: unknown) => doc.getMap(facilitationMapName).set('follow', value);
const following = () => editor.getInstanceState().followingUserId;

beforeEach(() => {
  const peer = createTestPeer();
  doc = peer.doc;
  peer.binding.start();
  editor = createTestEditor(peer);
  provider = new FakeControlProvider();
  control = new ControlChannel(provider);
  provider.connect();
  state = new FacilitationState(doc);
  controller = new FollowController(editor, control, state.$follow, false);
});

afterEach(() => {
  controller.dispose();
  control.dispose();
  state.dispose();
  editor.dispose();
});

describe('FollowController', () => {
  it('moves the view once to the summoner’s page and camera', () => {
    const other = 'page:other' as TLPageId;
    editor.createPage({ id: other, name: 'Other' });
    provider.deliver({
      type: 'summon',
      mode: 'once',
      userId: fanni,
      pageId: other,
      camera: { x: 10, y: 20, z: 2 },
    });
    expect(editor.getCurrentPageId()).toBe(other);
    expect(editor.getCamera()).toMatchObject({ x: 10, y: 20, z: 2 });
    expect(following()).toBeNull();
  });

  it('follows the leader while the document says so, also when joining late', async () => {
    setFollow({ status: 'on', userId: fanni, startedAt: 5 });
    await settle();
    // Fanni's presence has not arrived yet: nothing to follow.
    expect(following()).toBeNull();
    editor.store.mergeRemoteChanges(() => editor.store.put([presence()]));
    await settle();
    expect(following()).toBe(fanni);

    setFollow({ status: 'off' });
    await settle();
    expect(following()).toBeNull();
  });

  it('leaves alone someone who stopped following until a new follow starts', async () => {
    editor.store.mergeRemoteChanges(() => editor.store.put([presence()]));
    setFollow({ status: 'on', userId: fanni, startedAt: 5 });
    await settle();
    expect(following()).toBe(fanni);
    editor.stopFollowingUser();
    await settle();
    expect(following()).toBeNull();
    // Fanni moves about; the dismissed follow is not forced back.
    editor.store.mergeRemoteChanges(() =>
      editor.store.put([presence({ camera: { x: 5, y: 5, z: 1 } })]),
    );
    await settle();
    expect(following()).toBeNull();

    provider.deliver({ type: 'summon', mode: 'follow', userId: fanni });
    setFollow({ status: 'on', userId: fanni, startedAt: 9 });
    await settle();
    expect(following()).toBe(fanni);

    provider.deliver({ type: 'summon', mode: 'stop', userId: fanni });
    expect(following()).toBeNull();
  });

  it('never follows itself', async () => {
    setFollow({ status: 'on', userId: editor.user.getRecordId(), startedAt: 5 });
    await settle();
    expect(following()).toBeNull();
  });
});
