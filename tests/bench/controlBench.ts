import { type ControlAction, MessageType, type RoomRole } from '@kohtaamo/shared';
import { noteRecord, writeRecord } from '@kohtaamo/shared/testing';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
// Source imports (tsx): the server package exports only its app entry.
import { facilitationExtension } from '../../server/src/facilitation/facilitationExtension.js';
import { MemoryDocumentStore } from '../../server/src/persistence/MemoryDocumentStore.js';
import { Room } from '../../server/src/room/Room.js';
import type { SocketLike } from '../../server/src/room/SocketLike.js';
import { systemTimers } from '../../server/src/room/Timers.js';
import { createTestLogger } from '../../server/src/testing/testLogger.js';
import { fixed, formatTable } from './formatTable.js';

/** A socket that answers nothing and hands control answers to whoever waits for them. */
class BenchSocket implements SocketLike {
  readonly bufferedAmount = 0;
  readonly readsControl = true;
  readonly role: RoomRole;
  readonly participantId: string;
  frames = 0;
  readonly #waiting = new Map<number, () => void>();

  constructor(role: RoomRole, participantId: string) {
    this.role = role;
    this.participantId = participantId;
  }

  send(message: Uint8Array): void {
    this.frames += 1;
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.control) return;
    const answer = JSON.parse(decoding.readVarString(decoder)) as { type: string; id?: number };
    if (answer.type === 'refused')
      throw new Error(`bench action refused: ${JSON.stringify(answer)}`);
    if (typeof answer.id === 'number') this.#waiting.get(answer.id)?.();
  }

  close(): void {}

  answered(id: number): Promise<void> {
    return new Promise((resolve) => this.#waiting.set(id, resolve));
  }
}

function controlFrame(id: number, action: ControlAction): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.control);
  encoding.writeVarString(encoder, JSON.stringify({ id, action }));
  return encoding.toUint8Array(encoder);
}

/** One line of the control-action bench. */
export interface ControlResult {
  readonly action: string;
  readonly usPerAction: number;
  /** Frames the room sent per action, to everyone in it. */
  readonly framesPerAction: number;
}

/**
 * End-to-end cost of control actions in-process: request frame → parse,
 * role check, state machine, document write (memory store) and broadcast
 * → answer, in a room of `people` sockets. Sequential, so it measures one
 * action's latency on an idle room, not throughput.
 */
export async function runControlBench(count: number, people: number): Promise<ControlResult[]> {
  const room = new Room({
    roomId: 'bench-control',
    store: new MemoryDocumentStore(),
    logger: createTestLogger(),
    timers: systemTimers,
    limits: { compactAfterUpdates: 500, compactAfterBytes: 4 << 20, maxBufferedBytes: 1 << 30 },
    extensions: [facilitationExtension()],
  });
  await room.loaded;
  const facilitator = new BenchSocket('facilitator', 'benchFacilitator000001');
  const sockets = [facilitator];
  for (let index = 1; index < people; index++) {
    sockets.push(
      new BenchSocket('participant', `benchParticipant${String(index).padStart(6, '0')}`),
    );
  }
  for (const socket of sockets) room.join(socket);
  const voter = sockets[1] ?? facilitator;

  // Notes to vote on, written as a client would.
  const seed = new Y.Doc();
  const updates: Uint8Array[] = [];
  seed.on('update', (update: Uint8Array) => updates.push(update));
  const itemIds = Array.from({ length: 100 }, (_, index) => `shape:note${index}`);
  for (const id of itemIds) writeRecord(seed, null, noteRecord(id, 'author'));
  for (const update of updates) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, update);
    room.receive(facilitator, encoding.toUint8Array(encoder));
  }
  await room.flush();

  let nextId = 1;
  const perform = async (socket: BenchSocket, action: ControlAction) => {
    const id = nextId++;
    const answered = socket.answered(id);
    room.receive(socket, controlFrame(id, action));
    await answered;
  };
  const measure = async (
    name: string,
    socket: BenchSocket,
    next: (index: number) => ControlAction,
  ) => {
    for (let index = 0; index < 20; index++) await perform(socket, next(index));
    const framesBefore = sockets.reduce((total, s) => total + s.frames, 0);
    const start = process.hrtime.bigint();
    for (let index = 0; index < count; index++) await perform(socket, next(index));
    const elapsed = Number(process.hrtime.bigint() - start) / 1000;
    const frames = sockets.reduce((total, s) => total + s.frames, 0) - framesBefore;
    return { action: name, usPerAction: elapsed / count, framesPerAction: frames / count };
  };

  const results: ControlResult[] = [];
  results.push(await measure('time.sync', voter, () => ({ type: 'time.sync', clientSent: 1 })));
  await perform(facilitator, { type: 'timer.start', durationMs: 3_600_000 });
  results.push(
    await measure('timer.addTime', facilitator, () => ({ type: 'timer.addTime', ms: 1_000 })),
  );
  const config = {
    votesPerPerson: 99,
    allowMultiplePerItem: true,
    anonymous: true,
    endsAt: null,
    scope: { kind: 'selection' as const, itemIds },
  };
  await perform(facilitator, { type: 'vote.start', config });
  const state = room.encodeState();
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const sessionKey = [...doc.getMap('facilitation').keys()].find((key) => key.startsWith('vote:'));
  const sessionId = sessionKey?.slice('vote:'.length) ?? '';
  doc.destroy();
  // Cast and take back in turn, so the ballot never runs out of votes.
  results.push(
    await measure('vote.cast / retract', voter, (index) => ({
      type: index % 2 === 0 ? 'vote.cast' : 'vote.retract',
      sessionId,
      itemId: itemIds[Math.floor(index / 2) % itemIds.length] ?? '',
    })),
  );
  room.closeConnections(1001, 'bench over');
  await room.unload();
  return results;
}

/** Prints {@link runControlBench}. */
export async function printControlBench(count: number, people: number): Promise<void> {
  const results = await runControlBench(count, people);
  console.log(
    `\nControl actions (in-process, memory store, ${people} people in the room, ${count} each, sequential):`,
  );
  console.log(
    formatTable(
      ['action', 'µs/action', 'frames sent/action'],
      results.map((r) => [r.action, fixed(r.usPerAction, 1), fixed(r.framesPerAction, 1)]),
    ),
  );
}
