import {
  CloseCode,
  type CreateRoomResponse,
  MessageType,
  participantUserRecordId,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { noteRecord, writeRecord } from '@kohtaamo/shared/testing';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  boardQueryString,
  labelledNote,
  newParticipant,
  type Participant,
} from './participants.js';
import { seededRandom } from './seededRandom.js';
import {
  connectRaw,
  encodeSyncStep1,
  encodeSyncUpdate,
  type RawClient,
  withTimeout,
} from './yjsClients.js';

/**
 * The hostile clients of the fuzz scenario. Every attack opens its own
 * connection to the fuzzed room — the server closes a connection at its
 * first bad frame or when it runs out of its rate budget — and sends what a
 * broken or malicious client would: random bytes, truncated and oversized
 * frames, well-formed Yjs updates that break the board's rules (unknown
 * record types, writes outside the records, other people's records as a
 * guest, a viewer's edit, an unlock), presence floods, forged presence,
 * state-request floods, unknown message types. They run in a process of
 * their own (`fuzzAttacker.ts`), so their work does not delay the clients
 * whose latency the scenario measures.
 */

/** Largest message the fuzzed server accepts: small, so oversized frames are cheap to make. */
export const fuzzMaxMessageBytes = 64 * 1024;

/** What the attacker process is told (JSON in `CHAOS_ATTACK_CONFIG`). */
export interface AttackConfig {
  readonly wsUrl: string;
  readonly room: CreateRoomResponse;
  readonly facilitator: Participant;
  readonly facilitatorNote: StoredRecord;
  readonly lockedTemplate: StoredRecord;
  readonly seed: number;
  /** Attacks in flight at once. */
  readonly concurrency: number;
}

/** Running totals of the attacks, reported by the attacker process. */
export interface AttackStats {
  /** Hostile frames sent on open sockets. */
  framesSent: number;
  /** Frames of ordinary handshakes the attackers sent first (not hostile in themselves). */
  handshakeFrames: number;
  connections: number;
  /** Upgrades answered with an HTTP error instead of a socket. */
  upgradesRefused: number;
  /** Attacks run, by name. */
  attacks: Record<string, number>;
  /** How hostile sockets ended: a close code, `refused`, or `ended by fuzzer`. */
  endings: Record<string, number>;
  /** Endings no attack should meet (internal error, a dropped socket), as `attack: ending`. */
  unexpectedEndings: string[];
  /** Yjs client ids of attackers that sent document updates. */
  offenders: number[];
}

/** Stats before any attack. */
export function emptyAttackStats(): AttackStats {
  return {
    framesSent: 0,
    handshakeFrames: 0,
    connections: 0,
    upgradesRefused: 0,
    attacks: {},
    endings: {},
    unexpectedEndings: [],
    offenders: [],
  };
}

/** What the attacks need to know about the fuzzed room. */
interface AttackContext {
  readonly url: (role: RoomRole, who?: Participant) => string;
  readonly random: () => number;
  readonly facilitator: Participant;
  readonly facilitatorNote: StoredRecord;
  readonly lockedTemplate: StoredRecord;
}

/** How one attack went. */
interface AttackOutcome {
  /** Hostile frames sent while the socket was open. */
  frames: number;
  /** Frames of an ordinary handshake the attacker sent first (sync step 1 and 2, presence). */
  handshakeFrames: number;
  /** Close code, `refused` (HTTP error on upgrade) or `ended by fuzzer`. */
  ending: string;
  /** The Yjs client id that tried to write, if the attack sent a document update. */
  offender?: number;
}

interface Attack {
  readonly name: string;
  /**
   * Close codes this attack may end with. An attack that may also be left
   * open (frames the server may ignore, floods within the budget) has
   * `mayStayOpen`, and is ended by the fuzzer sooner.
   */
  readonly expected: readonly number[];
  readonly mayStayOpen?: boolean;
  run(context: AttackContext, track: (raw: RawClient) => void): Promise<AttackOutcome>;
}

const endedByFuzzer = 'ended by fuzzer';

/** Waits for the server to close `raw`; ends it ourselves after `waitMs`. */
async function ending(raw: RawClient, waitMs = 3000): Promise<string> {
  try {
    const closed = await withTimeout(raw.closed, waitMs, 'not closed');
    return String(closed.code);
  } catch {
    raw.terminate();
    return endedByFuzzer;
  }
}

/** Opens `url`; `undefined` if the upgrade was refused. */
async function opened(raw: RawClient): Promise<boolean> {
  try {
    await withTimeout(raw.opened, 10_000, 'upgrade hung');
    return true;
  } catch {
    raw.terminate();
    return false;
  }
}

function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = Math.floor(random() * 256);
  return bytes;
}

/** Sends `frames` in chunks, yielding between them so a close can arrive; counts those sent open. */
async function sendFrames(raw: RawClient, frames: readonly (Uint8Array | string)[]) {
  let sent = 0;
  for (const [index, frame] of frames.entries()) {
    if (!raw.isOpen()) break;
    raw.send(frame);
    sent++;
    if (index % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}

/** An attack on a socket without a handshake: frames straight after the upgrade. */
function rawAttack(
  name: string,
  expected: readonly number[],
  role: RoomRole,
  frames: (context: AttackContext) => (Uint8Array | string)[],
  mayStayOpen = false,
): Attack {
  return {
    name,
    expected,
    mayStayOpen,
    async run(context, track) {
      const raw = connectRaw(context.url(role, newParticipant()), { handshake: false });
      track(raw);
      if (!(await opened(raw))) return { frames: 0, handshakeFrames: 0, ending: 'refused' };
      const sent = await sendFrames(raw, frames(context));
      return {
        frames: sent,
        handshakeFrames: 0,
        ending: await ending(raw, mayStayOpen ? 300 : 3000),
      };
    },
  };
}

/** An attack by a client that syncs first, then changes its document the way `act` says. */
function documentAttack(
  name: string,
  expected: readonly number[],
  role: RoomRole,
  act: (doc: Y.Doc, self: Participant, context: AttackContext) => void,
): Attack {
  return {
    name,
    expected,
    async run(context, track) {
      const self = newParticipant();
      const raw = connectRaw(context.url(role, self));
      track(raw);
      if (!(await opened(raw))) return { frames: 0, handshakeFrames: 0, ending: 'refused' };
      try {
        await withTimeout(raw.synced, 10_000, 'no sync');
      } catch {
        return { frames: 0, handshakeFrames: 2, ending: await ending(raw) };
      }
      const before = raw.isOpen();
      act(raw.doc, self, context);
      return {
        frames: before ? 1 : 0,
        handshakeFrames: 2,
        ending: await ending(raw),
        offender: raw.doc.clientID,
      };
    },
  };
}

/** A tldraw presence naming `who`, as the client publishes it. */
export function presenceOf(who: Participant, tick = 0): Record<string, unknown> {
  return { presence: { userId: participantUserRecordId(who.id), userName: 'Fuzz', tick } };
}

/** An awareness frame announcing `states` for the given client ids, at clock 1. */
function fakeClientsFrame(random: () => number, count: number): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  const ids: number[] = [];
  for (let index = 0; index < count; index++) {
    const id = Math.floor(random() * 2 ** 31);
    ids.push(id);
    awareness.states.set(id, { fake: index });
    awareness.meta.set(id, { clock: 1, lastUpdated: 0 });
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, ids));
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}

function noteUpdate(id: string, author: Participant): Uint8Array {
  const doc = new Y.Doc();
  writeRecord(doc, null, labelledNote(id, author, 'never applied'));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const hostile = [CloseCode.malformedMessage, CloseCode.editRejected, CloseCode.forbidden];

/** The attacks, each as often in the rotation as it appears here. */
function attackRotation(): Attack[] {
  const randomFrames = rawAttack('random bytes', hostile, 'participant', ({ random }) =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      randomBytes(random, Math.floor(random() * 256)),
    ),
  );
  const truncated = rawAttack('truncated update', hostile, 'participant', ({ random }) => {
    const frame = encodeSyncUpdate(noteUpdate('shape:cut', newParticipant()));
    return [frame.slice(0, 1 + Math.floor(random() * (frame.length - 1)))];
  });
  const oversized = rawAttack(
    'oversized frame',
    [CloseCode.messageTooBig],
    'guest',
    ({ random }) => {
      const frame = randomBytes(random, fuzzMaxMessageBytes + 1 + Math.floor(random() * 4096));
      frame[0] = MessageType.sync;
      frame[1] = 2;
      return [frame];
    },
  );
  const textFrame = rawAttack('text frame', [CloseCode.unsupportedData], 'guest', () => [
    'not a y-websocket frame',
  ]);
  const unknownType = rawAttack(
    'unknown message type',
    hostile,
    'participant',
    ({ random }) =>
      Array.from({ length: 10 }, () => {
        const frame = randomBytes(random, 1 + Math.floor(random() * 32));
        frame[0] = 99;
        return frame;
      }),
    true,
  );
  const stateRequests = rawAttack('sync step 1 flood', [CloseCode.rateLimited], 'viewer', () => {
    const frame = encodeSyncStep1(new Y.Doc());
    return Array.from({ length: 80 }, () => frame);
  });
  const fakeClients = rawAttack(
    'fake presence clients',
    [CloseCode.rateLimited, ...hostile],
    'participant',
    ({ random }) => Array.from({ length: 20 }, () => fakeClientsFrame(random, 50)),
    true,
  );
  const echoFlood: Attack = {
    name: 'presence echo flood',
    expected: [CloseCode.rateLimited],
    mayStayOpen: true,
    async run(context, track) {
      const self = newParticipant();
      const raw = connectRaw(context.url('participant', self), { handshake: false });
      track(raw);
      if (!(await opened(raw))) return { frames: 0, handshakeFrames: 0, ending: 'refused' };
      const doc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(doc);
      awareness.setLocalState(presenceOf(self));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
      );
      const frame = encoding.toUint8Array(encoder);
      awareness.destroy();
      doc.destroy();
      // The same presence at the same clock over and over: echoes cost no broadcast.
      const sent = await sendFrames(
        raw,
        Array.from({ length: 400 }, () => frame),
      );
      return { frames: sent, handshakeFrames: 0, ending: await ending(raw, 300) };
    },
  };
  const presenceFlood: Attack = {
    name: 'presence change flood',
    expected: [CloseCode.rateLimited],
    async run(context, track) {
      const self = newParticipant();
      const raw = connectRaw(context.url('participant', self), {
        awarenessState: presenceOf(self),
      });
      track(raw);
      if (!(await opened(raw))) return { frames: 0, handshakeFrames: 0, ending: 'refused' };
      let frames = 0;
      for (let tick = 1; tick <= 600 && raw.isOpen(); tick++) {
        raw.awareness.setLocalState(presenceOf(self, tick));
        frames++;
        if (tick % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return { frames, handshakeFrames: 3, ending: await ending(raw) };
    },
  };
  const forgedPresence: Attack = {
    name: 'forged presence',
    expected: [CloseCode.editRejected],
    async run(context, track) {
      const raw = connectRaw(context.url('guest', newParticipant()), {
        awarenessState: presenceOf(context.facilitator),
      });
      track(raw);
      if (!(await opened(raw))) return { frames: 0, handshakeFrames: 0, ending: 'refused' };
      return { frames: 1, handshakeFrames: 1, ending: await ending(raw) };
    },
  };
  const rejected = [CloseCode.editRejected];
  return [
    randomFrames,
    randomFrames,
    randomFrames,
    truncated,
    truncated,
    oversized,
    textFrame,
    unknownType,
    stateRequests,
    fakeClients,
    echoFlood,
    echoFlood,
    presenceFlood,
    presenceFlood,
    forgedPresence,
    documentAttack('unknown record type', rejected, 'facilitator', (doc) =>
      writeRecord(doc, null, { id: 'camera:x', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }),
    ),
    documentAttack('write outside the records', rejected, 'participant', (doc) =>
      doc.getText('graffiti').insert(0, 'x'),
    ),
    documentAttack('note breaking the record schema', rejected, 'participant', (doc, self) =>
      writeRecord(doc, null, {
        ...noteRecord('shape:plaid', self.id),
        props: { ...(noteRecord('shape:plaid', self.id).props as object), color: 'plaid' },
      }),
    ),
    documentAttack("guest moves the facilitator's note", rejected, 'guest', (doc, _, context) =>
      writeRecord(doc, context.facilitatorNote, { ...context.facilitatorNote, x: -500 }),
    ),
    documentAttack("guest deletes the facilitator's note", rejected, 'guest', (doc, _, context) =>
      writeRecord(doc, context.facilitatorNote, null),
    ),
    documentAttack('guest forges the author', rejected, 'guest', (doc, _, context) =>
      writeRecord(doc, null, noteRecord('shape:forged', context.facilitator.id)),
    ),
    documentAttack('viewer writes', [CloseCode.forbidden], 'viewer', (doc, self) =>
      writeRecord(doc, null, noteRecord('shape:viewer', self.id)),
    ),
    documentAttack('participant unlocks a template', rejected, 'participant', (doc, _, context) =>
      writeRecord(doc, context.lockedTemplate, { ...context.lockedTemplate, isLocked: false }),
    ),
  ];
}

/** Runs `config.concurrency` attack loops until `shouldStop`, adding to `stats` as they go. */
export async function runAttacks(
  config: AttackConfig,
  shouldStop: () => boolean,
  stats: AttackStats,
): Promise<void> {
  const random = seededRandom(config.seed);
  const rotation = attackRotation();
  const context: AttackContext = {
    url: (role, who) =>
      `${config.wsUrl}/${config.room.roomId}${boardQueryString(config.room, role, who)}`,
    random,
    facilitator: config.facilitator,
    facilitatorNote: config.facilitatorNote,
    lockedTemplate: config.lockedTemplate,
  };
  const attacker = async () => {
    while (!shouldStop()) {
      const attack = rotation[Math.floor(random() * rotation.length)] as Attack;
      stats.attacks[attack.name] = (stats.attacks[attack.name] ?? 0) + 1;
      const sockets: RawClient[] = [];
      try {
        const outcome = await attack.run(context, (raw) => sockets.push(raw));
        stats.connections++;
        stats.framesSent += outcome.frames;
        stats.handshakeFrames += outcome.handshakeFrames;
        if (outcome.offender !== undefined) stats.offenders.push(outcome.offender);
        stats.endings[outcome.ending] = (stats.endings[outcome.ending] ?? 0) + 1;
        if (outcome.ending === 'refused') stats.upgradesRefused++;
        else if (
          outcome.ending !== endedByFuzzer &&
          !attack.expected.map(String).includes(outcome.ending)
        ) {
          stats.unexpectedEndings.push(`${attack.name}: ${outcome.ending}`);
        }
      } finally {
        for (const raw of sockets) raw.terminate();
      }
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, attacker));
}
