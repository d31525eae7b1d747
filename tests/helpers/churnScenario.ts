import {
  type CreateRoomResponse,
  jsonEqual,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { boardParams, editedNote, labelledNote, newParticipant } from './participants.js';
import { createRoom } from './rooms.js';
import { seededRandom } from './seededRandom.js';
import type { RunningServer } from './server.js';
import { loadedRoomsAndSockets, median, mib, readRssBytes } from './serverStats.js';
import { connectSynced, type ProviderClient, waitUntil } from './yjsClients.js';

/**
 * Churn soak (issue 15): clients keep joining and leaving rooms — mostly new
 * rooms created through the API, some revisited — while the server's
 * resident memory and its loaded-room gauge are sampled from outside.
 * Memory must level off instead of growing with the rooms it has seen, and
 * no room may stay loaded 60 s after its last client left.
 */

/** Environment of the churned server: every client comes from 127.0.0.1 and creates many rooms. */
export const churnServerEnv: Readonly<Record<string, string>> = {
  TOKEN_SECRET: 'chaos-churn-secret-of-at-least-32-bytes!',
  MAX_CONNECTIONS_PER_IP: '1000',
  ROOM_CREATION_PER_HOUR: '0',
};

/** The criterion: a room may stay loaded at most this long after its last client left. */
export const unloadDeadlineMs = 60_000;

/** Options of {@link runChurn}. */
export interface ChurnOptions {
  /** A server started with {@link churnServerEnv}. */
  readonly server: RunningServer;
  readonly durationMs: number;
  /** Sessions (a group of clients in one room) running at once. */
  readonly concurrentSessions: number;
  /** Share of sessions that go back to a room an earlier session used (loaded again from storage). */
  readonly revisitShare: number;
  readonly sampleEveryMs: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** One sample of the server, from outside. */
export interface ChurnSample {
  /** ms since the churn started. */
  readonly at: number;
  readonly rssBytes: number;
  readonly roomsLoaded: number;
  /** Rooms with a client now or whose last client left less than 60 s ago. */
  readonly roomsAllowed: number;
}

/** What a churn run observed. */
export interface ChurnResult {
  readonly sessions: number;
  readonly connections: number;
  readonly roomsCreated: number;
  readonly samples: readonly ChurnSample[];
  /**
   * Median RSS over the second half of the run but its last tenth (50–90 %):
   * where it levelled, once the first half has warmed the server up (the
   * issue saw the level after about 3 of 7 minutes).
   */
  readonly levelRssBytes: number;
  readonly peakRssBytes: number;
  /** Median RSS over the last 10 % of the run. */
  readonly endRssBytes: number;
  /** RSS once every room had unloaded. */
  readonly idleRssBytes: number;
  readonly maxRoomsLoaded: number;
  /** Samples with more rooms loaded than rooms in use or left < 60 s ago. */
  readonly overdueSamples: number;
  /** From the last client leaving to no room and no socket left, or NaN if that took over 60 s. */
  readonly unloadedAfterMs: number;
  /** Revisited rooms checked at the end, and notes found missing or changed in them. */
  readonly roomsChecked: number;
  readonly notesLost: readonly string[];
  /** Sessions that failed to connect or sync (with the reason). */
  readonly sessionErrors: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const writerRoles: readonly RoomRole[] = ['facilitator', 'participant', 'guest', 'participant'];

interface RoomUse {
  readonly room: CreateRoomResponse;
  /** Clients in it now. */
  active: number;
  lastLeftAt: number;
  /** Every note a session saw arrive at everyone, as last written. */
  readonly notes: Map<string, StoredRecord>;
}

/** Runs the churn on `options.server`; the caller starts and stops the server. */
export async function runChurn(options: ChurnOptions): Promise<ChurnResult> {
  const { server, log } = options;
  const random = seededRandom(options.seed);
  const rooms: RoomUse[] = [];
  const samples: ChurnSample[] = [];
  const sessionErrors: string[] = [];
  const open = new Set<ProviderClient>();
  let sessions = 0;
  let connections = 0;
  let noteCounter = 0;
  const started = performance.now();
  const elapsed = () => performance.now() - started;

  const session = async () => {
    const revisit = rooms.length > 0 && random() < options.revisitShare;
    let use: RoomUse;
    if (revisit) {
      use = rooms[Math.floor(random() * rooms.length)] as RoomUse;
    } else {
      use = {
        room: await createRoom(server.url, `Churn ${rooms.length}`),
        active: 0,
        lastLeftAt: 0,
        notes: new Map(),
      };
      rooms.push(use);
    }
    const size = 1 + Math.floor(random() * 4);
    use.active += size;
    const clients: ProviderClient[] = [];
    try {
      const people = Array.from({ length: size }, () => newParticipant());
      const joined = await Promise.all(
        people.map(async (who, index) => {
          const role = writerRoles[index % writerRoles.length] as RoomRole;
          const client = await connectSynced(server.wsUrl, use.room.roomId, {
            params: boardParams(use.room, role, who),
          });
          open.add(client);
          clients.push(client);
          return client;
        }),
      );
      connections += size;
      // Each client adds a note and edits it a few times, at a person's pace.
      const finals = await Promise.all(
        joined.map(async (client, index) => {
          const who = people[index] as (typeof people)[number];
          let note = labelledNote(`shape:churn-${noteCounter++}`, who, 'uusi', index * 50);
          writeRecord(client.doc, null, note);
          const edits = 1 + Math.floor(random() * 4);
          for (let edit = 1; edit <= edits; edit++) {
            await sleep(100 + random() * 200);
            const next = editedNote(note, `muokattu ${edit}`, index * 50 + edit);
            writeRecord(client.doc, note, next);
            note = next;
          }
          return note;
        }),
      );
      await sleep(500 + random() * 2500);
      // What everyone in the session saw the server broadcast, it stored.
      if (size > 1) {
        const everywhere = () =>
          joined.every((client) =>
            finals.every((note) => jsonEqual(recordIn(client.doc, note.id), note)),
          );
        await waitUntil(everywhere, { timeoutMs: 10_000 }).then(
          () => {
            for (const note of finals) use.notes.set(note.id, note);
          },
          () => {
            sessionErrors.push(`notes of a session in ${use.room.roomId} did not reach everyone`);
          },
        );
      }
    } catch (error) {
      sessionErrors.push(String(error));
    } finally {
      // Half leave politely, half vanish (a closed laptop, a lost network).
      for (const client of clients) {
        if (random() < 0.5) client.destroy();
        else client.terminate();
        open.delete(client);
      }
      use.active -= size;
      use.lastLeftAt = performance.now();
      sessions++;
    }
  };

  const sampler = async () => {
    while (elapsed() < options.durationMs) {
      const at = elapsed();
      const now = performance.now();
      const roomsAllowed = rooms.filter(
        (use) => use.active > 0 || now - use.lastLeftAt < unloadDeadlineMs,
      ).length;
      const [rssBytes, gauges] = await Promise.all([
        readRssBytes(server.pid),
        loadedRoomsAndSockets(server.url),
      ]);
      samples.push({ at, rssBytes, roomsLoaded: gauges.rooms, roomsAllowed });
      await sleep(Math.max(0, options.sampleEveryMs - (elapsed() - at)));
    }
  };

  try {
    const loops = Array.from({ length: options.concurrentSessions }, async (_, index) => {
      // Staggered starts, so sessions do not begin and end in lockstep.
      await sleep((index / options.concurrentSessions) * 1000);
      while (elapsed() < options.durationMs) await session();
    });
    await Promise.all([...loops, sampler()]);

    const lastLeftAt = Math.max(...rooms.map((use) => use.lastLeftAt));
    let unloadedAfterMs = Number.NaN;
    await waitUntil(
      async () => {
        const { rooms: loaded, sockets } = await loadedRoomsAndSockets(server.url);
        return loaded === 0 && sockets === 0;
      },
      {
        timeoutMs: Math.max(1, lastLeftAt + unloadDeadlineMs - performance.now()),
        intervalMs: 250,
      },
    ).then(
      () => {
        unloadedAfterMs = performance.now() - lastLeftAt;
      },
      () => {},
    );
    const idleRssBytes = await readRssBytes(server.pid);

    // Revisited rooms, loaded again from storage: every note that reached everyone is there.
    const checked = rooms.filter((use) => use.notes.size > 0).slice(-10);
    const notesLost: string[] = [];
    for (const use of checked) {
      const viewer = await connectSynced(server.wsUrl, use.room.roomId, {
        params: boardParams(use.room, 'viewer'),
      });
      for (const note of use.notes.values()) {
        if (!jsonEqual(recordIn(viewer.doc, note.id), note)) {
          notesLost.push(`${use.room.roomId} ${note.id}`);
        }
      }
      viewer.destroy();
    }

    const rssDuring = (from: number, to: number) =>
      median(
        samples
          .filter((s) => s.at >= from * options.durationMs && s.at <= to * options.durationMs)
          .map((s) => s.rssBytes),
      );
    const result: ChurnResult = {
      sessions,
      connections,
      roomsCreated: rooms.length,
      samples,
      levelRssBytes: rssDuring(0.5, 0.9),
      peakRssBytes: Math.max(...samples.map((s) => s.rssBytes)),
      endRssBytes: rssDuring(0.9, 1),
      idleRssBytes,
      maxRoomsLoaded: Math.max(...samples.map((s) => s.roomsLoaded)),
      overdueSamples: samples.filter((s) => s.roomsLoaded > s.roomsAllowed).length,
      unloadedAfterMs,
      roomsChecked: checked.length,
      notesLost,
      sessionErrors,
    };
    const curve = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]
      .map((share) => {
        const sample = samples.findLast((s) => s.at <= share * options.durationMs);
        return sample === undefined
          ? ''
          : `${(sample.at / 1000).toFixed(0)}s ${mib(sample.rssBytes)} MiB/${sample.roomsLoaded} rooms`;
      })
      .filter((text) => text !== '');
    log(
      `churn: ${sessions} sessions, ${connections} connections, ${rooms.length} rooms in ` +
        `${(options.durationMs / 1000).toFixed(0)} s; at most ${result.maxRoomsLoaded} rooms loaded; ` +
        `${result.overdueSamples} samples with a room loaded 60 s after its last client`,
    );
    log(`churn: RSS curve ${curve.join(', ')}`);
    log(
      `churn: RSS peak ${mib(result.peakRssBytes)} MiB, level ${mib(result.levelRssBytes)} MiB (50–90 %), end ${mib(result.endRssBytes)} MiB ` +
        `(last 10 %, ${((result.endRssBytes / result.levelRssBytes - 1) * 100).toFixed(1)} %), ` +
        `${mib(idleRssBytes)} MiB with every room unloaded ` +
        `${Number.isNaN(unloadedAfterMs) ? 'NOT within 60 s' : `${(unloadedAfterMs / 1000).toFixed(1)} s after the last client`}; ` +
        `${checked.length} rooms reloaded, ${notesLost.length} notes lost`,
    );
    return result;
  } finally {
    for (const client of open) client.destroy();
  }
}
