import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type CreateRoomResponse,
  encodeFieldKey,
  type FieldEntry,
  getRecordsArray,
  jsonEqual,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { journeyMapRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { FanOutMeter } from './FanOutMeter.js';
import {
  type AttackConfig,
  type AttackStats,
  emptyAttackStats,
  fuzzMaxMessageBytes,
  presenceOf,
} from './hostileAttacks.js';
import {
  boardParams,
  boardQueryString,
  editedNote,
  labelledNote,
  newParticipant,
  type Participant,
} from './participants.js';
import { createRoom } from './rooms.js';
import type { RunningServer } from './server.js';
import {
  fetchMetrics,
  loadedRoomsAndSockets,
  metricTotal,
  percentile,
  readCpuMs,
  readRunQueueWaitMs,
} from './serverStats.js';
import {
  connectRaw,
  connectSynced,
  type ProviderClient,
  type RawClient,
  waitUntil,
  withTimeout,
} from './yjsClients.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The tests package, where `tsx` resolves for the attacker process. */
const testsRoot = join(here, '..');
const attackerEntry = join(here, 'fuzzAttacker.ts');
/** The first seconds (connections settling, JIT warming up) are measured in neither phase. */
const warmUpMs = 2000;

/**
 * Hostile traffic at one room while another room of the same server keeps
 * syncing (issue 15, chaos). The attacks (`hostileAttacks`) run in a child
 * process; meanwhile the other room's clients write at a steady rate and
 * the fan-out latency of every update is measured, before (quiet) and
 * during the fuzzing. A participant keeps editing in the fuzzed room too,
 * and the room must load afterwards with its valid content intact.
 */

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
  /** Closes the other room's clients saw, as `who: code reason`. */
  readonly otherRoomCloses: readonly string[];
  /**
   * Closes the honest participant in the fuzzed room saw. Its stock
   * provider echoes every presence change the flooders make; those echoes
   * once got it closed with 4429 (chaosPresenceEcho.test.ts).
   */
  readonly fuzzedRoomCloses: readonly string[];
  /**
   * Records of the fuzzed room that are not as they should be: a seeded one,
   * or the resident's note, as broadcast (it must be a version the resident
   * wrote) or as stored (a fresh load must equal the last one broadcast).
   */
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

/** Runs the scenario on `options.server`; the caller starts and stops the server. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const { server, log } = options;
  let serverAlive = true;
  void server.exited.then(() => {
    serverAlive = false;
  });
  const honest = { frames: 0 };
  const HonestWebSocket = countingWebSocket(honest);
  const honestClients: { label: string; client: ProviderClient }[] = [];
  let attacker: ChildProcess | undefined;
  const rawClients: RawClient[] = [];
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
    const residentVersions = [residentNote];
    writeRecord(resident.doc, null, residentNote);
    // A viewer that never echoes presence records what the server broadcast of it.
    const observer = connectRaw(
      `${server.wsUrl}/${fuzzRoom.roomId}${boardQueryString(fuzzRoom, 'viewer', newParticipant())}`,
    );
    rawClients.push(observer);
    await withTimeout(observer.synced, 15_000, 'the observer did not sync');
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
        residentVersions.push(next);
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

    // The attacker process loads while the other room warms up.
    let stats = emptyAttackStats();
    let finalStats: AttackStats | undefined;
    const config: AttackConfig = {
      wsUrl: server.wsUrl,
      room: fuzzRoom,
      facilitator,
      facilitatorNote,
      lockedTemplate,
      seed: options.seed,
      concurrency: options.concurrency,
    };
    attacker = spawn(process.execPath, ['--import', 'tsx', attackerEntry], {
      cwd: testsRoot,
      env: { ...process.env, CHAOS_ATTACK_CONFIG: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const attackerExited = new Promise<void>((resolve) => attacker?.once('close', () => resolve()));
    let markReady: () => void = () => {};
    const attackerReady = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    createInterface({ input: attacker.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (line === 'ready') {
        markReady();
        return;
      }
      try {
        const parsed = JSON.parse(line) as AttackStats & { final?: boolean };
        stats = parsed;
        if (parsed.final === true) finalStats = parsed;
      } catch {
        log(`fuzz attacker: ${line}`);
      }
    });
    await withTimeout(
      Promise.race([attackerReady, attackerExited]),
      60_000,
      'the attacker process did not start',
    );
    await new Promise((resolve) => setTimeout(resolve, warmUpMs));
    phase = 'quiet';
    // This process's own event-loop delay: latency it adds is not the server's.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const quietCpu = {
      ms: await readCpuMs(server.pid),
      waitMs: await readRunQueueWaitMs(server.pid),
      at: performance.now(),
    };
    await new Promise((resolve) => setTimeout(resolve, options.quietMs));
    const quietMs = performance.now() - quietCpu.at;
    const quietCpuShare = ((await readCpuMs(server.pid)) - quietCpu.ms) / quietMs;
    const quietWaitShare = ((await readRunQueueWaitMs(server.pid)) - quietCpu.waitMs) / quietMs;
    const quietLoopP99 = loopDelay.percentile(99) / 1e6;
    loopDelay.reset();

    // Fuzz, from a process of its own.
    const framesReceived = async () =>
      metricTotal(await fetchMetrics(server.url), 'kohtaamo_frames_received_total') ?? 0;
    const framesAtStart = await framesReceived();
    const honestAtStart = honest.frames;
    let hostileFramesHandled = 0;
    attacker.stdin?.write('go\n');
    phase = 'fuzz';
    const fuzzStart = performance.now();
    const fuzzCpuAtStart = await readCpuMs(server.pid);
    const fuzzWaitAtStart = await readRunQueueWaitMs(server.pid);
    const elapsed = () => performance.now() - fuzzStart;
    let attackerGone = false;
    void attackerExited.then(() => {
      attackerGone = true;
    });
    const updateHandled = async () => {
      hostileFramesHandled =
        (await framesReceived()) -
        framesAtStart -
        (honest.frames - honestAtStart) -
        stats.handshakeFrames;
    };
    while (
      !(
        (stats.framesSent >= options.hostileFrames &&
          hostileFramesHandled >= options.hostileFrames &&
          elapsed() >= options.minFuzzMs) ||
        elapsed() >= options.maxFuzzMs ||
        !serverAlive ||
        attackerGone
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (serverAlive) await updateHandled();
    }
    attacker.stdin?.end('stop\n');
    await withTimeout(attackerExited, 30_000, 'the attacker process did not stop');
    const fuzzMs = elapsed();
    phase = 'after';
    const fuzzLoopP99 = loopDelay.percentile(99) / 1e6;
    loopDelay.disable();
    const fuzzCpuShare = serverAlive
      ? ((await readCpuMs(server.pid)) - fuzzCpuAtStart) / fuzzMs
      : Number.NaN;
    const fuzzWaitShare = serverAlive
      ? ((await readRunQueueWaitMs(server.pid)) - fuzzWaitAtStart) / fuzzMs
      : Number.NaN;
    if (finalStats === undefined) throw new Error('the attacker process ended without its totals');
    stats = finalStats;
    if (serverAlive) await updateHandled();
    log(
      `fuzz: ${stats.framesSent} hostile frames sent on ${stats.connections} connections in ` +
        `${(fuzzMs / 1000).toFixed(1)} s, ${hostileFramesHandled} handled by the server; ` +
        `${stats.upgradesRefused} upgrades refused; seed ${options.seed}`,
    );
    log(`fuzz: endings ${JSON.stringify(stats.endings)}`);

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
        `${(fuzzCpuShare * 100).toFixed(0)} % under fuzz; its main thread waited for a CPU ` +
        `${(quietWaitShare * 1000).toFixed(0)} ms/s quiet, ${(fuzzWaitShare * 1000).toFixed(0)} ms/s ` +
        `under fuzz; the measuring process's event-loop ` +
        `delay p99 ${quietLoopP99.toFixed(0)} ms quiet, ${fuzzLoopP99.toFixed(0)} ms under fuzz`,
    );

    const closesOf = (inOtherRoom: boolean) =>
      honestClients
        .filter(({ label }) => label.startsWith('other-') === inOtherRoom)
        .flatMap(({ label, client }) =>
          client.closes.map((close) => `${label}: ${close.code} ${close.reason}`),
        );
    const otherRoomCloses = closesOf(true);
    const fuzzedRoomCloses = closesOf(false);
    log(
      `fuzz: closes of honest clients: other room ${otherRoomCloses.length}, fuzzed room ` +
        `${fuzzedRoomCloses.length}${fuzzedRoomCloses.length > 0 ? ` (${fuzzedRoomCloses.slice(0, 3).join('; ')})` : ''}`,
    );
    // What the room accepted of the resident's edits: all of them while it
    // stays connected; up to its close if the room closed it (the stock
    // provider does not reconnect after a 44xx close).
    if (resident.closes.length === 0) {
      await waitUntil(() => jsonEqual(recordIn(observer.doc, residentNote.id), residentNote), {
        message: "the resident's last edit did not reach the room",
      }).catch(() => log("fuzz: the resident's last edit did not reach the observer"));
    } else {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const residentAccepted = recordIn(observer.doc, residentNote.id);
    const damagedRecords: string[] = [];
    if (!residentVersions.some((version) => jsonEqual(version, residentAccepted))) {
      damagedRecords.push(`${residentNote.id} as broadcast`);
      log(
        `fuzz: the observer holds a version the resident never wrote: ${JSON.stringify(residentAccepted)}`,
      );
    }
    observer.terminate();
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
    for (const record of [...seeded, residentAccepted]) {
      if (record === undefined) continue;
      const found = recordIn(fresh.doc, record.id);
      if (!jsonEqual(found, record)) {
        damagedRecords.push(`${record.id} as stored`);
        log(
          `fuzz: ${record.id} expected ${JSON.stringify(record)}, found ${JSON.stringify(found)}`,
        );
      }
    }
    if (residentAccepted === undefined) damagedRecords.push(`${residentNote.id} never broadcast`);
    const present = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    const offendersInDocument = stats.offenders.filter((id) => present.has(id)).length;
    const foreignTypes = [...fresh.doc.share.keys()].filter(
      (name) => name !== 'records' && name !== 'meta',
    );
    const health = await fetch(`${server.url}/health`).then(
      (response) => response.status,
      () => 0,
    );

    return {
      fuzzMs,
      hostileFramesSent: stats.framesSent,
      hostileFramesHandled,
      hostileConnections: stats.connections,
      upgradesRefused: stats.upgradesRefused,
      attacks: stats.attacks,
      endings: stats.endings,
      unexpectedEndings: stats.unexpectedEndings,
      quiet,
      fuzzed,
      otherRoomExpected,
      otherRoomDelivered: meter.delivered,
      otherRoomCloses,
      fuzzedRoomCloses,
      damagedRecords,
      offendersInDocument,
      foreignTypes,
      serverAlive: serverAlive && health === 200,
    };
  } finally {
    for (const timer of timers.splice(0)) clearInterval(timer);
    attacker?.kill('SIGKILL');
    for (const raw of rawClients) raw.terminate();
    for (const { client } of honestClients.splice(0)) client.destroy();
  }
}
