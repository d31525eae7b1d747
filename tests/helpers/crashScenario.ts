import {
  type CreateRoomResponse,
  jsonEqual,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { recordIn, writeRecord } from '@kohtaamo/shared/testing';
import * as Y from 'yjs';
import {
  boardParams,
  editedNote,
  labelledNote,
  newParticipant,
  type Participant,
} from './participants.js';
import { createRoom } from './rooms.js';
import type { RunningServer, StartServerOptions } from './server.js';
import { connectSynced, type ProviderClient, waitUntil } from './yjsClients.js';

/**
 * `kill -9` while many stock y-websocket clients write to one room created
 * through the API (role checks on, SQLite on): after a restart, the room
 * must hold every update that any client received from the server. The
 * server writes an update before it broadcasts it, so an update someone
 * received is an update that was stored; what only its writer had may be
 * lost, and is not counted.
 */

/** Options of {@link runCrashRounds}. */
export interface CrashOptions {
  /** Starts a server on the scenario's data directory (the same one every time). */
  readonly start: (options?: Omit<StartServerOptions, 'dataDir'>) => Promise<RunningServer>;
  readonly env: Record<string, string>;
  readonly writerCount: number;
  /** Each writer edits its note this often. */
  readonly writeIntervalMs: number;
  /** Kill once the observer has seen this many edits of every writer's note (this round). */
  readonly editsBeforeKill: number;
  /** Kill, restart and check this many times, on the same room. */
  readonly rounds: number;
  readonly log: (line: string) => void;
}

/** What one kill and restart showed. */
export interface CrashRound {
  readonly round: number;
  /** Edits the writers made (each a Yjs update sent to the server). */
  readonly editsMade: number;
  /** Yjs operations (distinct client clocks) the clients had received from the server. */
  readonly receivedOperations: number;
  /** Of those, missing from the room after the restart. */
  readonly missingOperations: number;
  /** Deletions the clients had received that the restarted room lacks. */
  readonly missingDeletions: number;
  /** Operations in the restarted room that no writer ever made. */
  readonly inventedOperations: number;
  /** Notes whose last received version differs in the restarted room. */
  readonly notesDiffering: number;
  /** From starting the server again to the first client synced on it (the room loaded). */
  readonly restartMs: number;
}

interface Writer {
  readonly client: ProviderClient;
  readonly index: number;
  note: StoredRecord;
  /** Edits of the note so far, in every round (its x is 10 × index + edits). */
  edits: number;
  /** `edits` when this round began. */
  readonly firstEdit: number;
}

const roleOfWriter = (index: number): RoomRole => (index % 2 === 0 ? 'participant' : 'guest');

/**
 * Collects every update `client` receives from the server (origin: its
 * provider), starting with the state it synced, which later updates build on.
 */
function recordReceipts(client: ProviderClient, into: Uint8Array[]): void {
  into.push(Y.encodeStateAsUpdate(client.doc));
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) into.push(update);
  });
}

/** Deleted ids of `reference` that `doc` has not deleted. */
function missingDeletions(doc: Y.Doc, reference: Y.Doc): number {
  const deletions = Y.snapshot(doc).ds;
  let missing = 0;
  for (const [client, ranges] of Y.snapshot(reference).ds.clients) {
    for (const range of ranges) {
      for (let clock = range.clock; clock < range.clock + range.len; clock++) {
        if (!Y.isDeleted(deletions, new Y.ID(client, clock))) missing++;
      }
    }
  }
  return missing;
}

/** Runs `rounds` kill-and-restart cycles on one room; returns one entry per round. */
export async function runCrashRounds(options: CrashOptions): Promise<CrashRound[]> {
  const { start, env, writerCount, writeIntervalMs, editsBeforeKill, log } = options;
  const facilitator = newParticipant();
  const people = Array.from({ length: writerCount }, () => newParticipant());
  /** Highest clock each writer client id ever reached: the restarted room may hold no more. */
  const madeClocks = new Map<number, number>();
  const results: CrashRound[] = [];
  let server = await start({ env });
  let room: CreateRoomResponse | undefined;
  const open: ProviderClient[] = [];
  const timers: NodeJS.Timeout[] = [];
  const closeClients = () => {
    for (const timer of timers.splice(0)) clearInterval(timer);
    for (const client of open.splice(0)) client.destroy();
  };

  try {
    room = await createRoom(server.url, 'Kaaos');
    const created = room;
    const connect = async (role: RoomRole, who: Participant) => {
      const client = await connectSynced(server.wsUrl, created.roomId, {
        params: boardParams(created, role, who),
      });
      open.push(client);
      return client;
    };

    for (let round = 1; round <= options.rounds; round++) {
      const receipts: Uint8Array[][] = [];
      const observer = await connect('facilitator', facilitator);
      receipts.push([]);
      recordReceipts(observer, receipts[0] as Uint8Array[]);
      const writers: Writer[] = [];
      for (const [index, person] of people.entries()) {
        const client = await connect(roleOfWriter(index), person);
        const received: Uint8Array[] = [];
        receipts.push(received);
        recordReceipts(client, received);
        // One note per writer for the whole run, continued from what the
        // room kept: the board stays at 50 notes while its history grows
        // (each client's YKeyValue scans the whole array on every change).
        const id = `shape:w${index}`;
        let note = recordIn(client.doc, id);
        if (note === undefined) {
          note = labelledNote(id, person, `w${index} 0`, index * 10);
          writeRecord(client.doc, null, note);
        }
        const edits = Number(note.x) - index * 10;
        writers.push({ client, index, note, edits, firstEdit: edits });
      }

      // Every writer edits its own note on its own schedule, staggered across
      // the interval so the server sees a steady stream rather than bursts.
      for (const writer of writers) {
        const { index } = writer;
        const begin = () => {
          timers.push(
            setInterval(() => {
              writer.edits++;
              const next = editedNote(
                writer.note,
                `w${index} ${writer.edits}`,
                index * 10 + writer.edits,
              );
              writeRecord(writer.client.doc, writer.note, next);
              writer.note = next;
            }, writeIntervalMs),
          );
        };
        timers.push(setTimeout(begin, (index / writers.length) * writeIntervalMs));
      }

      // Edits of this round the observer has seen.
      const seenEdits = (writer: Writer) =>
        Number(recordIn(observer.doc, writer.note.id)?.x ?? 0) -
        writer.index * 10 -
        writer.firstEdit;
      await waitUntil(() => writers.every((writer) => seenEdits(writer) >= editsBeforeKill), {
        timeoutMs: 60_000,
        intervalMs: 50,
        message: () =>
          `observer saw edits ${writers.map(seenEdits).join(',')}; writers made ` +
          `${writers.map((writer) => writer.edits - writer.firstEdit).join(',')}; closes seen: ` +
          JSON.stringify(
            [observer, ...writers.map((writer) => writer.client)].flatMap((c) => c.closes),
          ),
      });

      // The writers are still writing when the server dies.
      await server.kill();
      const editsMade = writers.reduce(
        (total, writer) => total + writer.edits - writer.firstEdit,
        0,
      );
      for (const timer of timers.splice(0)) clearInterval(timer);
      for (const writer of writers) {
        for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(writer.client.doc)))
          madeClocks.set(client, Math.max(madeClocks.get(client) ?? 0, clock));
      }
      // What anyone received, frozen before any client could reconnect and re-send.
      const received = new Y.Doc();
      Y.applyUpdate(received, Y.mergeUpdates(receipts.map((list) => Y.mergeUpdates(list))));
      closeClients();

      const restartedAt = performance.now();
      server = await start({ env });
      const survivor = await connect('facilitator', facilitator);
      const restartMs = performance.now() - restartedAt;

      const have = Y.decodeStateVector(Y.encodeStateVector(survivor.doc));
      let receivedOperations = 0;
      let missingOperations = 0;
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(received))) {
        receivedOperations += clock;
        missingOperations += Math.max(0, clock - (have.get(client) ?? 0));
      }
      let inventedOperations = 0;
      for (const [client, clock] of have) {
        inventedOperations += Math.max(0, clock - (madeClocks.get(client) ?? 0));
      }
      let notesDiffering = 0;
      for (const writer of writers) {
        const seen = recordIn(received, writer.note.id);
        const restored = recordIn(survivor.doc, writer.note.id);
        if (seen !== undefined && !jsonEqual(seen, restored)) {
          notesDiffering++;
        }
      }
      const result: CrashRound = {
        round,
        editsMade,
        receivedOperations,
        missingOperations,
        missingDeletions: missingDeletions(survivor.doc, received),
        inventedOperations,
        notesDiffering,
        restartMs,
      };
      received.destroy();
      closeClients();
      results.push(result);
      log(
        `crash round ${round}: ${writerCount} writers made ${editsMade} edits; clients had received ` +
          `${receivedOperations} operations; missing after restart: ${missingOperations} operations, ` +
          `${result.missingDeletions} deletions, ${notesDiffering} notes; invented: ${inventedOperations}; ` +
          `restart → first sync ${restartMs.toFixed(0)} ms`,
      );
    }
    return results;
  } finally {
    closeClients();
    await server.kill();
  }
}
