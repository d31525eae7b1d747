import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import { BenchClient } from './BenchClient.js';
import type { BenchRoom, BenchTarget } from './BenchTarget.js';
import { benchPerson } from './benchRecords.js';
import type { BigBoard } from './bigBoard.js';
import { JoinClient } from './JoinClient.js';

/** The join workload: a big board loaded, then many people opening it at once. */
export interface JoinScenario {
  readonly joiners: number;
  /** Longest a joiner may wait for the board (ms). */
  readonly timeoutMs: number;
}

export interface JoinResult {
  readonly server: string;
  readonly notes: number;
  readonly boardBytes: number;
  readonly joiners: number;
  /** From opening the first socket to the last joiner holding the whole board (ms). */
  readonly allSyncedMs: number;
  /** Each joiner's time to the whole board (ms), sorted. */
  readonly joinMs: readonly number[];
  /** Server CPU from the first socket to the last joiner synced (ms). */
  readonly serverCpuMs: number;
  /** Resident memory with the board loaded, before the joins (MiB). */
  readonly rssLoadedMiB: number;
  /** Peak resident memory while the joiners were served (MiB). */
  readonly peakRssMiB: number;
  /** Empty when every joiner received the whole board. */
  readonly errors: readonly string[];
}

/** A board loaded on a server: the room, and the client that keeps it open. */
export interface SeededBoard {
  readonly room: BenchRoom;
  readonly owner: BenchClient;
  readonly seedMs: number;
}

const stateVectorText = (vector: Uint8Array) =>
  JSON.stringify([...Y.decodeStateVector(vector)].sort((a, b) => a[0] - b[0]));

/** Whether a document at state vector `held` has everything of one at `wanted`. */
function covers(held: Uint8Array, wanted: Uint8Array): boolean {
  const clocks = Y.decodeStateVector(held);
  for (const [client, clock] of Y.decodeStateVector(wanted)) {
    if ((clocks.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/**
 * Puts the board on a server through its own protocol: its owner connects
 * and sends the authors' updates in order, then stays connected, as a
 * facilitator who prepared the board would (a server without storage
 * forgets a board nobody has open). Done when the server lacks nothing of
 * it: the state vector of its step 1 to a probe covers the board's. The
 * probe claims the board's state vector, so the server does not encode the
 * whole board for it.
 */
export async function seedBoard(
  target: BenchTarget,
  board: BigBoard,
  roomName: string,
  timeoutMs: number,
): Promise<SeededBoard> {
  const started = performance.now();
  const room = await target.openRoom(roomName);
  const owner = await BenchClient.connect(room.url(0, benchPerson(room.name, 0), 'own'), {
    protocol: target.protocol,
    documentName: room.name,
    echoAwareness: false,
    integrate: false,
    timeoutMs,
  });
  try {
    for (const chunk of board.chunks) owner.sendUpdate(chunk);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (owner.closedReason !== undefined) {
        throw new Error(`the board's owner was disconnected: ${owner.closedReason}`);
      }
      const probe = new JoinClient(
        room.url(1, benchPerson(room.name, 1), 'own'),
        target.protocol,
        room.name,
        timeoutMs,
        board.stateVector,
      );
      try {
        // The server's own step 1 tells what it holds; an empty answer to the probe's step 1
        // would not (the probe claims the whole board, so a server lacking some of it sends nothing).
        const { serverStateVector } = await probe.receipt;
        if (serverStateVector !== undefined && covers(serverStateVector, board.stateVector)) break;
      } finally {
        probe.close();
      }
      if (performance.now() > deadline) throw new Error('the board did not arrive in time');
      await sleep(250);
    }
  } catch (error) {
    owner.close();
    throw error;
  }
  return { room, owner, seedMs: performance.now() - started };
}

/** Opens the seeded board with `joiners` clients at once and times them. */
export async function runJoin(
  target: BenchTarget,
  board: BigBoard,
  seeded: SeededBoard,
  scenario: JoinScenario,
): Promise<JoinResult> {
  // Let the seeding's garbage be collected where the server's idle time allows.
  await sleep(1000);
  const rssLoadedMiB = target.rssMiB();
  target.resetPeakRss();
  const { room } = seeded;
  const cpuBefore = target.cpuTimeMs();
  const started = performance.now();
  const joiners = Array.from(
    { length: scenario.joiners },
    (_, index) =>
      new JoinClient(
        room.url(10 + index, benchPerson(room.name, 10 + index), 'edit'),
        target.protocol,
        room.name,
        scenario.timeoutMs,
      ),
  );
  const settled = await Promise.allSettled(joiners.map((joiner) => joiner.receipt));
  const serverCpuMs = target.cpuTimeMs() - cpuBefore;
  const peakRssMiB = target.peakRssMiB();
  for (const joiner of joiners) joiner.close();

  const errors: string[] = [];
  const joinMs: number[] = [];
  const expected = stateVectorText(board.stateVector);
  settled.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      errors.push(`joiner ${index}: ${String(outcome.reason)}`);
      return;
    }
    joinMs.push(outcome.value.syncedAt - started);
    // What the update holds, read without integrating it (see JoinClient).
    if (stateVectorText(Y.encodeStateVectorFromUpdate(outcome.value.state)) !== expected) {
      errors.push(`joiner ${index} received a board that lacks updates`);
    }
  });
  joinMs.sort((a, b) => a - b);
  return {
    server: target.label,
    notes: board.notes,
    boardBytes: board.bytes,
    joiners: scenario.joiners,
    allSyncedMs: errors.length === 0 ? (joinMs.at(-1) ?? Number.NaN) : Number.NaN,
    joinMs,
    serverCpuMs,
    rssLoadedMiB,
    peakRssMiB,
    errors,
  };
}
