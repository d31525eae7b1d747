import { randomBytes } from 'node:crypto';
import {
  CloseCode,
  feelingsMetaKey,
  fitRatingMetaKey,
  participantIdFromKey,
  participantKeyFromBytes,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { journeyMapRecord, noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { useRestartableServers } from '../helpers/server.js';
import {
  createClientTracker,
  type RawClient,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

/**
 * Issue 4's role table, enforced by the server: a hand-written protocol
 * client (the raw y-websocket client of the test helpers, not the UI)
 * tries every forbidden action with every role. Each attempt must close
 * the socket, and none may reach another client or the stored document.
 * Allowed actions are tried too, so the check cannot pass by refusing
 * everything.
 */

interface Person {
  readonly key: string;
  readonly id: string;
}

function person(): Person {
  const key = participantKeyFromBytes(randomBytes(32));
  return { key, id: participantIdFromKey(key) };
}

const facilitatorPerson = person();
const facilitatorNote = noteRecord('shape:facilitator-note', facilitatorPerson.id);
const openTemplate = journeyMapRecord('shape:open-template', false);
const lockedTemplate = journeyMapRecord('shape:locked-template', true);
const seeded = [facilitatorNote, openTemplate, lockedTemplate];

/** One attempt: what it does to the client's document, given who is doing it. */
interface Attempt {
  readonly name: string;
  /** What the close reason must say: the code of the rule that refused it. */
  readonly reason: RegExp;
  readonly act: (doc: Y.Doc, self: Person) => void;
}

const renamedStages = (template: StoredRecord): StoredRecord => {
  const props = template.props as { stages: { id: string }[] };
  return {
    ...template,
    props: { ...props, stages: props.stages.slice(1) } as StoredRecord['props'],
  };
};
const withMeta = (record: StoredRecord, key: string, value: number | string): StoredRecord => ({
  ...record,
  meta: { ...(record.meta as object), [key]: value },
});
const badColour = (record: StoredRecord): StoredRecord => ({
  ...record,
  props: { ...(record.props as object), color: 'plaid' },
});

const outsideRecords: Attempt = {
  name: 'writes a Y.Text beside the records',
  reason: /^update\.layout\b/,
  act: (doc) => doc.getText('graffiti').insert(0, 'x'),
};
const invalidRecord: Attempt = {
  name: 'adds a note that breaks the record schema',
  reason: /^record\.invalid\b/,
  act: (doc, self) => writeRecord(doc, null, badColour(noteRecord('shape:bad', self.id))),
};

const forbidden: Record<RoomRole, readonly Attempt[]> = {
  facilitator: [
    outsideRecords,
    invalidRecord,
    {
      name: 'adds a session record (a camera)',
      reason: /^record\.unknownType .*camera/,
      act: (doc) =>
        writeRecord(doc, null, { id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }),
    },
  ],
  participant: [
    outsideRecords,
    invalidRecord,
    {
      name: 'unlocks a locked template',
      reason: /^lock\.change\b/,
      act: (doc) => writeRecord(doc, lockedTemplate, { ...lockedTemplate, isLocked: false }),
    },
    {
      name: 'locks a template',
      reason: /^lock\.change\b/,
      act: (doc) => writeRecord(doc, openTemplate, { ...openTemplate, isLocked: true }),
    },
    {
      name: "changes a locked template's structure",
      reason: /^lock\.locked\b/,
      act: (doc) => writeRecord(doc, lockedTemplate, renamedStages(lockedTemplate)),
    },
    {
      name: 'moves a locked template',
      reason: /^lock\.locked\b/,
      act: (doc) => writeRecord(doc, lockedTemplate, { ...lockedTemplate, x: 5 }),
    },
    {
      name: 'deletes a locked template',
      reason: /^lock\.locked\b/,
      act: (doc) => writeRecord(doc, lockedTemplate, null),
    },
  ],
  guest: [
    outsideRecords,
    invalidRecord,
    {
      name: "moves the facilitator's note",
      reason: /^guest\.notAuthor\b/,
      act: (doc) => writeRecord(doc, facilitatorNote, { ...facilitatorNote, x: 99 }),
    },
    {
      name: "deletes the facilitator's note",
      reason: /^guest\.notAuthor\b/,
      act: (doc) => writeRecord(doc, facilitatorNote, null),
    },
    {
      name: 'adds a note naming someone else as author',
      reason: /^guest\.authorRequired\b/,
      act: (doc) => writeRecord(doc, null, noteRecord('shape:forged', facilitatorPerson.id)),
    },
    {
      name: 'adds a template naming them as author',
      reason: /^guest\.templates\b/,
      act: (doc, self) =>
        writeRecord(
          doc,
          null,
          withMeta(journeyMapRecord('shape:guest-template', false), 'authorId', self.id),
        ),
    },
    {
      name: "changes an open template's structure",
      reason: /^guest\.notAuthor\b/,
      act: (doc) => writeRecord(doc, openTemplate, renamedStages(openTemplate)),
    },
    {
      name: "votes in someone else's name",
      reason: /^guest\.notAuthor\b/,
      act: (doc) =>
        writeRecord(
          doc,
          openTemplate,
          withMeta(openTemplate, fitRatingMetaKey(facilitatorPerson.id), 5),
        ),
    },
    {
      name: "renames someone else's user record",
      reason: /^guest\.otherUser\b/,
      act: (doc) =>
        writeRecord(doc, null, {
          id: `user:${facilitatorPerson.id}`,
          typeName: 'user',
          name: 'Not the facilitator',
          color: '#000000',
          imageUrl: '',
          meta: {},
        }),
    },
    {
      name: 'adds a page',
      reason: /^guest\.contentOnly\b/,
      act: (doc) =>
        writeRecord(doc, null, {
          id: 'page:guest',
          typeName: 'page',
          name: 'Mine',
          index: 'a2',
          meta: {},
        }),
    },
  ],
  viewer: [
    {
      name: 'adds a note of their own',
      reason: /^viewer\.readOnly\b/,
      act: (doc, self) => writeRecord(doc, null, noteRecord('shape:v', self.id)),
    },
    {
      name: 'votes with their own id',
      reason: /^viewer\.readOnly\b/,
      act: (doc, self) =>
        writeRecord(doc, openTemplate, withMeta(openTemplate, fitRatingMetaKey(self.id), 3)),
    },
  ],
};

const refusalCode = (role: RoomRole): number =>
  role === 'viewer' ? CloseCode.forbidden : CloseCode.editRejected;

describe('role rules on every update (hand-written protocol client)', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());
  const env = { TOKEN_SECRET: 'integration-secret-of-at-least-32-bytes!' };

  it('refuses every forbidden action of every role, accepts the allowed ones, and stores none of the refused', async () => {
    const first = await start({ env });
    const room = await createRoom(first.url, 'Roolit');
    const token = (role: RoomRole) => linkToken(room.links[role]);
    const connect = async (role: RoomRole, who: Person | undefined): Promise<RawClient> => {
      const key = who === undefined ? '' : `&k=${who.key}`;
      const client = clients.raw(`${first.wsUrl}/${room.roomId}?t=${token(role)}${key}`);
      await withTimeout(client.synced, 5000, `${role} did not sync`);
      return client;
    };

    const observer = await connect('facilitator', facilitatorPerson);
    for (const record of seeded) writeRecord(observer.doc, null, record);
    await waitUntil(async () => {
      const check = await connect('viewer', person());
      const ok = seeded.every((record) => recordIn(check.doc, record.id) !== undefined);
      check.close();
      return ok;
    });

    const offenders: number[] = [];
    for (const role of ['facilitator', 'participant', 'guest', 'viewer'] as const) {
      for (const attempt of forbidden[role]) {
        const self = person();
        const client = await connect(role, self);
        offenders.push(client.doc.clientID);
        attempt.act(client.doc, self);
        const closed = await withTimeout(
          client.closed,
          5000,
          `${role} ${attempt.name}: not closed`,
        );
        expect(closed.code, `${role} ${attempt.name}`).toBe(refusalCode(role));
        expect(closed.reason, `${role} ${attempt.name}`).toMatch(attempt.reason);
      }
    }
    // A guest without a participant key owns nothing, so cannot add content either.
    const anonymous = await connect('guest', undefined);
    offenders.push(anonymous.doc.clientID);
    writeRecord(anonymous.doc, null, noteRecord('shape:anonymous', 'anyone'));
    expect((await withTimeout(anonymous.closed, 5000, 'anonymous guest not closed')).code).toBe(
      CloseCode.editRejected,
    );

    // Allowed: each reaches the observer.
    const guestPerson = person();
    const guest = await connect('guest', guestPerson);
    const guestNote = noteRecord('shape:guest-note', guestPerson.id);
    writeRecord(guest.doc, null, {
      id: `user:${guestPerson.id}`,
      typeName: 'user',
      name: 'Asiakas',
      color: '#2e7d32',
      imageUrl: '',
      meta: {},
    });
    writeRecord(guest.doc, null, guestNote);
    writeRecord(guest.doc, guestNote, { ...guestNote, x: 40 });
    writeRecord(
      guest.doc,
      lockedTemplate,
      withMeta(lockedTemplate, fitRatingMetaKey(guestPerson.id), 4),
    );
    const participantPerson = person();
    const participant = await connect('participant', participantPerson);
    writeRecord(participant.doc, facilitatorNote, { ...facilitatorNote, x: 70 });
    const voted = withMeta(openTemplate, feelingsMetaKey(participantPerson.id), 2);
    writeRecord(participant.doc, openTemplate, renamedStages(voted));
    await waitUntil(
      () =>
        recordIn(observer.doc, 'shape:guest-note')?.x === 40 &&
        recordIn(observer.doc, `user:${guestPerson.id}`)?.name === 'Asiakas' &&
        recordIn(observer.doc, facilitatorNote.id)?.x === 70 &&
        (recordIn(observer.doc, lockedTemplate.id)?.meta as Record<string, unknown> | undefined)?.[
          fitRatingMetaKey(guestPerson.id)
        ] === 4 &&
        (recordIn(observer.doc, openTemplate.id)?.props as { stages: unknown[] } | undefined)
          ?.stages.length ===
          (openTemplate.props as { stages: unknown[] }).stages.length - 1,
      { message: 'allowed changes did not arrive' },
    );
    expect(guest.isOpen()).toBe(true);
    expect(participant.isOpen()).toBe(true);

    // Nothing of a refused attempt reached anyone, nor storage (checked after a restart).
    const accepted = (doc: Y.Doc) => {
      const clientsSeen = Y.decodeStateVector(Y.encodeStateVector(doc));
      return offenders.filter((id) => clientsSeen.has(id));
    };
    expect(accepted(observer.doc)).toEqual([]);
    clients.closeAll();
    await first.stop();
    const second = await start({ env });
    const after = clients.raw(`${second.wsUrl}/${room.roomId}?t=${token('facilitator')}`);
    await withTimeout(after.synced, 5000, 'no sync after restart');
    expect(accepted(after.doc)).toEqual([]);
    expect(after.doc.share.has('graffiti')).toBe(false);
    expect(recordIn(after.doc, 'shape:guest-note')?.x).toBe(40);
    expect(recordIn(after.doc, lockedTemplate.id)?.isLocked).toBe(true);
  });

  it('refuses a presence that names another participant, and never minds the stock provider echoing others', async () => {
    const server = await start({ env });
    const room = await createRoom(server.url, 'Läsnäolo');
    const token = (role: RoomRole) => linkToken(room.links[role]);
    // tldraw's presence names its user record, `user:<participant id>`.
    const presenceOf = (id: string) => ({ presence: { userId: `user:${id}`, userName: 'N' } });

    const facilitator = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: token('facilitator'), k: facilitatorPerson.key },
      awarenessState: presenceOf(facilitatorPerson.id),
    });
    // The stock provider answers every presence it hears with the states it knows.
    const participantPerson = person();
    const participant = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: token('participant'), k: participantPerson.key },
      awarenessState: presenceOf(participantPerson.id),
    });
    await waitUntil(() => participant.provider.awareness.getStates().size === 2);

    const forger = clients.raw(
      `${server.wsUrl}/${room.roomId}?t=${token('guest')}&k=${person().key}`,
      { awarenessState: presenceOf(facilitatorPerson.id) },
    );
    const closed = await withTimeout(forger.closed, 5000, 'forged presence not closed');
    expect(closed).toEqual({
      code: CloseCode.editRejected,
      reason: 'presence.forged',
    });
    const honest = clients.raw(
      `${server.wsUrl}/${room.roomId}?t=${token('guest')}&k=${person().key}`,
    );
    await withTimeout(honest.synced, 5000, 'guest without presence did not sync');
    const forgerId = forger.doc.clientID;
    expect(facilitator.provider.awareness.getStates().has(forgerId)).toBe(false);
    expect(participant.closes).toEqual([]);
    expect(facilitator.closes).toEqual([]);
  });
});
