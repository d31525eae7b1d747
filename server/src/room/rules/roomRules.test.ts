import { CloseCode, type RoomRole } from '@kohtaamo/shared';
import { noteRecord, writeRecord } from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MemoryDocumentStore } from '../../persistence/MemoryDocumentStore.js';
import { ManualTimers } from '../../testing/ManualTimers.js';
import { createTestLogger } from '../../testing/testLogger.js';
import { Connection } from '../Connection.js';
import type { RoomContext, RoomExtension } from '../RoomExtension.js';
import type { AwarenessEntry } from '../syncHandlers.js';
import { documentSizeRule } from './documentSizeRule.js';
import { presenceOwnerRule } from './presenceOwnerRule.js';
import { presenceRateRule } from './presenceRateRule.js';
import { recordGuardRule } from './recordGuardRule.js';
import { standardRoomRules } from './roomRules.js';
import { viewerRule } from './viewerRule.js';

/** A room context with no room around it: the rules only read from it. */
function context(options: { storedBytes?: number; now?: () => number } = {}): RoomContext {
  const doc = new Y.Doc();
  return {
    roomId: 'rules',
    logger: createTestLogger(),
    timers: new ManualTimers(),
    now: options.now ?? (() => 0),
    clock: () => 0,
    doc,
    awareness: new awarenessProtocol.Awareness(doc),
    store: new MemoryDocumentStore(),
    storedBytes: () => options.storedBytes ?? 0,
    connections: () => [],
    send: () => {},
    close: () => {},
    change: () => Promise.resolve(),
  };
}

function connection(role: RoomRole | undefined, participantId?: string): Connection {
  return new Connection({ send() {}, close() {}, bufferedAmount: 0, role, participantId });
}

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => {
    update = u;
  });
  change(doc);
  return update;
}

describe('room rules, one at a time', () => {
  it('viewerRule: closes a viewer’s edit with 4403 and ignores their handshake diff', () => {
    const rule = viewerRule(context());
    const update = updateOf((doc) => doc.getText('t').insert(0, 'x'));
    expect(
      rule.beforeUpdate?.({ connection: connection('viewer'), kind: 'update', update }),
    ).toEqual({
      kind: 'close',
      closeCode: CloseCode.forbidden,
      refusal: expect.objectContaining({ code: 'viewer.readOnly' }),
    });
    expect(
      rule.beforeUpdate?.({ connection: connection('viewer'), kind: 'syncStep2', update }),
    ).toEqual({ kind: 'drop' });
    expect(
      rule.beforeUpdate?.({ connection: connection('participant'), kind: 'update', update }),
    ).toBeUndefined();
  });

  it('documentSizeRule: refuses what would pass the limit, with the limit as a parameter', () => {
    const update = updateOf((doc) => doc.getText('t').insert(0, 'x'.repeat(100)));
    const roomy = documentSizeRule(10_000)(context({ storedBytes: 100 }));
    const full = documentSizeRule(10_000)(context({ storedBytes: 9_990 }));
    const payload = { connection: connection(undefined), kind: 'update' as const, update };
    expect(roomy.beforeUpdate?.(payload)).toBeUndefined();
    expect(full.beforeUpdate?.(payload)).toMatchObject({
      closeCode: CloseCode.documentTooLarge,
      refusal: { code: 'document.tooLarge', params: { limitBytes: 10_000 } },
    });
  });

  it('recordGuardRule: checks role connections with the validator it was given; open rooms pass', () => {
    let validated = 0;
    const rule = recordGuardRule((_record) => {
      validated += 1;
      return 'always invalid';
    })(context());
    const update = updateOf((doc) => writeRecord(doc, null, noteRecord('shape:n', 'p1')));
    expect(
      rule.beforeUpdate?.({ connection: connection(undefined), kind: 'update', update }),
    ).toBeUndefined();
    expect(validated).toBe(0);
    expect(
      rule.beforeUpdate?.({ connection: connection('facilitator', 'p1'), kind: 'update', update }),
    ).toMatchObject({ closeCode: CloseCode.editRejected, refusal: { code: 'record.invalid' } });
    expect(validated).toBeGreaterThan(0);
    rule.onDestroy?.();
  });

  it('presenceOwnerRule: a presence must name the participant its key proves', () => {
    const rule = presenceOwnerRule(context());
    const entry = (userId: string): AwarenessEntry => ({
      clientId: 7,
      clock: 1,
      state: { presence: { userId } },
    });
    const guest = connection('guest', 'me');
    expect(
      rule.beforeAwareness?.({ connection: guest, entries: [entry('user:me')] }),
    ).toBeUndefined();
    expect(
      rule.beforeAwareness?.({ connection: guest, entries: [entry('user:other')] }),
    ).toMatchObject({
      closeCode: CloseCode.editRejected,
      refusal: { code: 'presence.forged' },
    });
    expect(
      rule.beforeAwareness?.({ connection: connection(undefined), entries: [entry('user:x')] }),
    ).toBeUndefined();
  });

  it('presenceRateRule: charges changes to the connection’s own bucket', () => {
    let now = 0;
    const rule: RoomExtension = presenceRateRule({ perSecond: 1, burst: 2 })(
      context({ now: () => now }),
    );
    const alice = connection('participant', 'a');
    const bob = connection('participant', 'b');
    rule.onConnect?.(alice);
    rule.onConnect?.(bob);
    const change = (clock: number) => [{ clientId: 1, clock, state: { n: clock } }];
    expect(rule.beforeAwareness?.({ connection: alice, entries: change(1) })).toBeUndefined();
    expect(rule.beforeAwareness?.({ connection: alice, entries: change(2) })).toBeUndefined();
    expect(rule.beforeAwareness?.({ connection: alice, entries: change(3) })).toMatchObject({
      closeCode: CloseCode.rateLimited,
      refusal: { code: 'rate.awareness' },
    });
    expect(rule.beforeAwareness?.({ connection: bob, entries: change(3) })).toBeUndefined();
    now += 1000;
    expect(rule.beforeAwareness?.({ connection: alice, entries: change(4) })).toBeUndefined();
  });

  it('standardRoomRules: orders the rules so a viewer is refused before anything decodes', () => {
    const names = standardRoomRules({
      maxDocumentBytes: 1,
      presenceRate: { perSecond: 1, burst: 1 },
      validateRecord: () => undefined,
    }).map((make) => {
      const rule = make(context());
      return [rule.name, rule.priority];
    });
    expect(names).toEqual([
      ['viewer', 300],
      ['recordGuard', 200],
      ['documentSize', 100],
      ['presenceOwner', 200],
      ['presenceRate', 100],
    ]);
  });
});
