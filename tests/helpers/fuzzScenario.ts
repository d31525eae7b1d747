import {
  CloseCode,
  type CreateRoomResponse,
  encodeFieldKey,
  type FieldEntry,
  getRecordsArray,
  jsonEqual,
  MessageType,
  participantUserRecordId,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { journeyMapRecord, noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FanOutMeter } from './FanOutMeter.js';
import {
  boardParams,
  boardQueryString,
  editedNote,
  labelledNote,
  newParticipant,
  type Participant,
} from './participants.js';
import { createRoom } from './rooms.js';
import { seededRandom } from './seededRandom.js';
import type { RunningServer } from './server.js';
import {
  fetchMetrics,
  loadedRoomsAndSockets,
  metricTotal,
  percentile,
  readCpuMs,
} from './serverStats.js';
import {
  connectRaw,
  connectSynced,
  encodeSyncStep1,
  encodeSyncUpdate,
  type ProviderClient,
  type RawClient,
  waitUntil,
  withTimeout,
} from './yjsClients.js';

/**
 * Hostile traffic at one room while another room of the same server keeps
 * syncing (issue 15, chaos). Every attack opens its own connection — the
 * server closes a connection at its first bad frame or when it runs out of
 * its rate budget — and sends what a broken or malicious client would:
 * random bytes, truncated and oversized frames, well-formed Yjs updates
 * that break the board's rules (unknown record types, writes outside the
 * records, other people's records as a guest, a viewer's edit, an unlock),
 * presence floods, forged presence, state-request floods, unknown message
 * types. Meanwhile the other room's clients write at a steady rate and the
 * fan-out latency of every update is measured, before (quiet) and during
 * the fuzzing.
 */

/** Largest message the fuzzed server accepts: small, so oversized frames are cheap to make. */
export const fuzzMaxMessageBytes = 64 * 1024;

/**
 * Environment of the fuzzed server: every attack comes from 127.0.0.1, so the
 * per-address cap is raised to let attacks and honest clients share it; an
 * empty room unloads after a second, so the fuzzed room is unloaded and
 * loaded again between attacks. Rate limits keep their defaults.
 */
export const fuzzServerEnv: Readonly<Record<string, string>> = {
  TOKEN_SECRET: 'chaos-fuzz-secret-of-at-least-32-bytes!!',
  MAX_CONNECTIONS_PER_IP: '1000',
  MAX_CONNECTIONS_PER_ROOM: '1000',
  MAX_MESSAGE_BYTES: String(fuzzMaxMessageBytes),
  ROOM_IDLE_MS: '1000',
  ROOM_CREATION_PER_HOUR: '0',
};

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** A server started with {@link fuzzServerEnv}. */
  readonly server: RunningServer;
  /** Fuzz until at least this many hostile frames were sent and handled by the server. */
  readonly hostileFrames: number;
  /** How long the other room is measured before the fuzzing starts. */
  readonly quietMs: number;
  /** Fuzz at least this long, and stop after `maxFuzzMs` whatever the count. */
  readonly minFuzzMs: number;
  readonly maxFuzzMs: number;
  /** Attacks in flight at once. */
  readonly concurrency: number;
  /** Writers in the other room, each also receiving everyone else's updates. */
  readonly otherRoomClients: number;
  /** Updates per second per writer in the other room. */
  readonly otherRoomRateHz: number;
  /** Seed of the fuzzer's random choices, printed so a failure can be replayed. */
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** Fan-out latency of one phase (ms). */
export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** What a fuzz run observed. */
export interface FuzzResult {
  readonly fuzzMs: number;
  /** Hostile frames the fuzzer sent on open sockets. */
  readonly hostileFramesSent: number;
  /**
   * Frames the server counted as received during the fuzzing, less those the
   * honest clients and the attackers' own handshakes sent: hostile frames it
   * handled (the rest arrived after it had closed their socket).
   */
  readonly hostileFramesHandled: number;
  readonly hostileConnections: number;
  /** Upgrades answered with an HTTP error instead of a socket. */
  readonly upgradesRefused: number;
  /** Attacks run, by name. */
  readonly attacks: Readonly<Record<string, number>>;
  /** How hostile sockets ended: a close code, or `ended by fuzzer` when the server let it be. */
  readonly endings: Readonly<Record<string, number>>;
  /** Endings no attack should meet (internal error, a dropped socket), as `attack: ending`. */
  readonly unexpectedEndings: readonly string[];
  readonly quiet: LatencySummary;
  readonly fuzzed: LatencySummary;
  /** Deliveries the other room should have made and made. */
  readonly otherRoomExpected: number;
  readonly otherRoomDelivered: number;
  /** Closes any honest client saw, as `who: code reason`. */
  readonly honestCloses: readonly string[];
  /** Seeded or honestly written records of the fuzzed room that a fresh client found changed or missing. */
  readonly damagedRecords: readonly string[];
  /** Client ids of rule-breaking attackers found in the fuzzed room's document. */
  readonly offendersInDocument: number;
  /** Top-level types of the fuzzed room's document other than the board's. */
  readonly foreignTypes: readonly string[];
  readonly serverAlive: boolean;
}

type Phase = 'warm-up' | 'quiet' | 'fuzz' | 'after';

/** A ws WebSocket class that counts the frames every instance sends into `counter`. */
function countingWebSocket(counter: { frames: number }): typeof WebSocket {
  return class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      counter.frames++;
      (WebSocket.prototype.send as (...args: unknown[]) => void).apply(this, [data, ...rest]);
    }
  };
}

function summarize(sorted: readonly number[]): LatencySummary {
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
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
const warmUpMs = 2000;

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

function presenceOf(who: Participant, tick = 0): Record<string, unknown> {
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

/** Runs the scenario on `options.server`; the caller starts and stops the server. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const { server, log } = options;
  const random = seededRandom(options.seed);
  let serverAlive = true;
  void server.exited.then(() => {
    serverAlive = false;
  });
  const honest = { frames: 0 };
  const HonestWebSocket = countingWebSocket(honest);
  const honestClients: { label: string; client: ProviderClient }[] = [];
  const hostileSockets = new Set<RawClient>();
  const timers: NodeJS.Timeout[] = [];
  const connectHonest = async (
    label: string,
    room: CreateRoomResponse,
    role: RoomRole,
    who: Participant,
  ) => {
    const client = await connectSynced(server.wsUrl, room.roomId, {
      params: boardParams(room, role, who),
      awarenessState: presenceOf(who),
      WebSocketPolyfill: HonestWebSocket,
    });
    honestClients.push({ label, client });
    return client;
  };

  try {
    const fuzzRoom = await createRoom(server.url, 'Fuzz');
    const otherRoom = await createRoom(server.url, 'Rauha');

    // The fuzzed room's valid content: the facilitator's note and two templates, one locked.
    const facilitator = newParticipant();
    const facilitatorNote = labelledNote('shape:seed-note', facilitator, 'Tärkeä havainto', 40);
    const openTemplate = journeyMapRecord('shape:seed-open', false);
    const lockedTemplate = journeyMapRecord('shape:seed-locked', true);
    const seeded = [facilitatorNote, openTemplate, lockedTemplate];
    const seeder = await connectHonest('seeder', fuzzRoom, 'facilitator', facilitator);
    for (const record of seeded) writeRecord(seeder.doc, null, record);
    // A participant keeps editing its own note there through the whole run.
    const residentPerson = newParticipant();
    const resident = await connectHonest('resident', fuzzRoom, 'participant', residentPerson);
    let residentNote = labelledNote('shape:resident', residentPerson, 'resident 0');
    writeRecord(resident.doc, null, residentNote);
    await waitUntil(
      () =>
        seeded.every((record) => recordIn(resident.doc, record.id) !== undefined) &&
        recordIn(seeder.doc, residentNote.id) !== undefined,
      { message: 'the fuzzed room was not seeded' },
    );
    seeder.destroy();
    let residentEdits = 0;
    timers.push(
      setInterval(() => {
        residentEdits++;
        const next = editedNote(residentNote, `resident ${residentEdits}`, residentEdits);
        writeRecord(resident.doc, residentNote, next);
        residentNote = next;
      }, 500),
    );

    // The other room: every writer edits its own note's `meta.seq`; every
    // client times when it sees each other writer's seq.
    const writerCount = options.otherRoomClients;
    const meter = new FanOutMeter<Phase>(writerCount);
    let phase: Phase = 'warm-up';
    const writers: { client: ProviderClient; note: StoredRecord; seq: number }[] = [];
    const seqKeys = new Map<string, number>();
    for (let index = 0; index < writerCount; index++) {
      const who = newParticipant();
      const client = await connectHonest(`other-${index}`, otherRoom, 'participant', who);
      const note = labelledNote(`shape:other-${index}`, who, `other ${index}`, index * 100);
      seqKeys.set(encodeFieldKey(note.id, 'meta', 'seq'), index);
      writers.push({ client, note, seq: 0 });
    }
    writers.forEach(({ client }, receiver) => {
      getRecordsArray(client.doc).observe((event) => {
        if (event.transaction.origin !== client.provider) return;
        const at = performance.now();
        for (const item of event.changes.added) {
          for (const entry of item.content.getContent() as FieldEntry[]) {
            const sender = seqKeys.get(entry.key);
            if (sender !== undefined && sender !== receiver && typeof entry.val === 'number') {
              meter.received(receiver, sender, entry.val, at);
            }
          }
        }
      });
    });
    for (const writer of writers) writeRecord(writer.client.doc, null, writer.note);
    const period = 1000 / options.otherRoomRateHz;
    writers.forEach((writer, sender) => {
      const begin = () => {
        timers.push(
          setInterval(() => {
            writer.seq++;
            const next: StoredRecord = {
              ...writer.note,
              x: sender * 100 + (writer.seq % 50),
              meta: { ...(writer.note.meta as object), seq: writer.seq },
            };
            meter.sent(sender, writer.seq, performance.now(), phase);
            writeRecord(writer.client.doc, writer.note, next);
            writer.note = next;
          }, period),
        );
      };
      timers.push(setTimeout(begin, (sender / writerCount) * period));
    });

    // The first seconds (connections settling, JIT warming up) are measured in neither phase.
    await new Promise((resolve) => setTimeout(resolve, warmUpMs));
    phase = 'quiet';
    const quietCpu = { ms: await readCpuMs(server.pid), at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, options.quietMs));
    const quietCpuShare =
      ((await readCpuMs(server.pid)) - quietCpu.ms) / (performance.now() - quietCpu.at);

    // Fuzz.
    const framesReceived = async () =>
      metricTotal(await fetchMetrics(server.url), 'kohtaamo_frames_received_total') ?? 0;
    const framesAtStart = await framesReceived();
    const honestAtStart = honest.frames;
    let handshakeFrames = 0;
    let hostileFramesSent = 0;
    let hostileFramesHandled = 0;
    let hostileConnections = 0;
    let upgradesRefused = 0;
    const attacks: Record<string, number> = {};
    const endings: Record<string, number> = {};
    const unexpectedEndings: string[] = [];
    const offenders = new Set<number>();
    const rotation = attackRotation();
    const context: AttackContext = {
      url: (role, who) =>
        `${server.wsUrl}/${fuzzRoom.roomId}${boardQueryString(fuzzRoom, role, who)}`,
      random,
      facilitator,
      facilitatorNote,
      lockedTemplate,
    };
    phase = 'fuzz';
    const fuzzStart = performance.now();
    const fuzzCpuAtStart = await readCpuMs(server.pid);
    const elapsed = () => performance.now() - fuzzStart;
    const enough = () =>
      (hostileFramesSent >= options.hostileFrames &&
        hostileFramesHandled >= options.hostileFrames &&
        elapsed() >= options.minFuzzMs) ||
      elapsed() >= options.maxFuzzMs ||
      !serverAlive;
    const updateHandled = async () => {
      hostileFramesHandled =
        (await framesReceived()) -
        framesAtStart -
        (honest.frames - honestAtStart) -
        handshakeFrames;
    };
    const counter = (async () => {
      while (!enough()) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (serverAlive) await updateHandled();
      }
    })();
    const attacker = async () => {
      while (!enough()) {
        const attack = rotation[Math.floor(random() * rotation.length)] as Attack;
        attacks[attack.name] = (attacks[attack.name] ?? 0) + 1;
        const sockets: RawClient[] = [];
        const outcome = await attack.run(context, (raw) => {
          sockets.push(raw);
          hostileSockets.add(raw);
        });
        for (const raw of sockets) {
          raw.terminate();
          hostileSockets.delete(raw);
        }
        hostileConnections++;
        hostileFramesSent += outcome.frames;
        handshakeFrames += outcome.handshakeFrames;
        if (outcome.offender !== undefined) offenders.add(outcome.offender);
        endings[outcome.ending] = (endings[outcome.ending] ?? 0) + 1;
        if (outcome.ending === 'refused') upgradesRefused++;
        else if (
          outcome.ending !== endedByFuzzer &&
          !attack.expected.map(String).includes(outcome.ending)
        ) {
          unexpectedEndings.push(`${attack.name}: ${outcome.ending}`);
        }
      }
    };
    await Promise.all([...Array.from({ length: options.concurrency }, attacker), counter]);
    const fuzzMs = elapsed();
    phase = 'after';
    const fuzzCpuShare = serverAlive
      ? ((await readCpuMs(server.pid)) - fuzzCpuAtStart) / fuzzMs
      : Number.NaN;
    if (serverAlive) await updateHandled();
    for (const raw of hostileSockets) raw.terminate();
    log(
      `fuzz: ${hostileFramesSent} hostile frames sent on ${hostileConnections} connections in ` +
        `${(fuzzMs / 1000).toFixed(1)} s, ${hostileFramesHandled} handled by the server; ` +
        `${upgradesRefused} upgrades refused; seed ${options.seed}`,
    );
    log(`fuzz: endings ${JSON.stringify(endings)}`);

    // Let the last updates of the fuzzed phase arrive, then stop writing and drain.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const timer of timers.splice(0)) clearInterval(timer);
    const everySeen = () =>
      writers.every((_, receiver) =>
        writers.every(
          (writer, sender) =>
            sender === receiver || meter.lastSeen(receiver, sender) === writer.seq,
        ),
      );
    await waitUntil(everySeen, { timeoutMs: 20_000 }).catch(() => {});
    const otherRoomExpected =
      writers.reduce((total, writer) => total + writer.seq, 0) * (writerCount - 1);
    const quiet = summarize(meter.latencies('quiet'));
    const fuzzed = summarize(meter.latencies('fuzz'));
    log(
      `fuzz: other room fan-out, ${writerCount} clients × ${options.otherRoomRateHz}/s: quiet p50 ` +
        `${quiet.p50.toFixed(1)} ms p99 ${quiet.p99.toFixed(1)} ms (${quiet.samples} deliveries); ` +
        `under fuzz p50 ${fuzzed.p50.toFixed(1)} ms p99 ${fuzzed.p99.toFixed(1)} ms max ` +
        `${fuzzed.max.toFixed(0)} ms (${fuzzed.samples}); ${meter.delivered}/${otherRoomExpected} delivered`,
    );
    log(
      `fuzz: server CPU ${(quietCpuShare * 100).toFixed(0)} % of a core quiet, ` +
        `${(fuzzCpuShare * 100).toFixed(0)} % under fuzz`,
    );

    const honestCloses = honestClients.flatMap(({ label, client }) =>
      client.closes.map((close) => `${label}: ${close.code} ${close.reason}`),
    );
    // The resident's last edit is on the server before anyone leaves.
    const residentFinal = residentNote;
    const lastEditCheck = await connectHonest(
      'last edit check',
      fuzzRoom,
      'viewer',
      newParticipant(),
    );
    await waitUntil(() => jsonEqual(recordIn(lastEditCheck.doc, residentFinal.id), residentFinal), {
      message: "the resident's last edit did not reach the room",
    }).catch(() => {});
    // The fuzzed room, loaded afresh from storage: everyone leaves, it unloads, a viewer opens it.
    for (const { client } of honestClients.splice(0)) client.destroy();
    await waitUntil(async () => (await loadedRoomsAndSockets(server.url)).rooms === 0, {
      timeoutMs: 20_000,
      message: 'the rooms did not unload after everyone left',
    }).catch(() => {});
    const fresh = await connectSynced(server.wsUrl, fuzzRoom.roomId, {
      params: boardParams(fuzzRoom, 'viewer', newParticipant()),
    });
    honestClients.push({ label: 'fresh viewer', client: fresh });
    const damagedRecords = [...seeded, residentFinal]
      .filter((record) => !jsonEqual(recordIn(fresh.doc, record.id), record))
      .map((record) => record.id);
    const present = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    const offendersInDocument = [...offenders].filter((id) => present.has(id)).length;
    const foreignTypes = [...fresh.doc.share.keys()].filter(
      (name) => name !== 'records' && name !== 'meta',
    );
    const health = await fetch(`${server.url}/health`).then(
      (response) => response.status,
      () => 0,
    );

    return {
      fuzzMs,
      hostileFramesSent,
      hostileFramesHandled,
      hostileConnections,
      upgradesRefused,
      attacks,
      endings,
      unexpectedEndings,
      quiet,
      fuzzed,
      otherRoomExpected,
      otherRoomDelivered: meter.delivered,
      honestCloses,
      damagedRecords,
      offendersInDocument,
      foreignTypes,
      serverAlive: serverAlive && health === 200,
    };
  } finally {
    for (const timer of timers.splice(0)) clearInterval(timer);
    for (const raw of hostileSockets) raw.terminate();
    for (const { client } of honestClients.splice(0)) client.destroy();
  }
}
