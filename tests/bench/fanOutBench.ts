import { setTimeout as sleep } from 'node:timers/promises';
import { readRecords } from '@kohtaamo/shared';
import * as Y from 'yjs';
import type { Barrier } from './Barrier.js';
import { BenchClient } from './BenchClient.js';
import type { BenchRoom, BenchTarget } from './BenchTarget.js';
import {
  type BenchPerson,
  benchNote,
  benchPerson,
  indexKey,
  noteText,
  presenceState,
  richText,
  seqOfRichText,
  userRecord,
} from './benchRecords.js';
import { LatencyRecorder } from './LatencyRecorder.js';
import { NoteWriter } from './NoteWriter.js';

/**
 * One editing workload: `rooms` rooms of `clientsPerRoom` clients; each
 * client edits the text and position of its own notes at a fixed rate and
 * moves its cursor (awareness) at another.
 */
export interface FanOutScenario {
  readonly rooms: number;
  readonly clientsPerRoom: number;
  readonly notesPerClient: number;
  readonly updatesPerClient: number;
  readonly warmupPerClient: number;
  /** Note edits per second per client. */
  readonly ratePerClient: number;
  /** Cursor moves per second per client; 0 sends no presence. */
  readonly cursorRate: number;
  readonly drainTimeoutMs: number;
}

/** How a run shares the machine with a run against another server. */
export interface FanOutPairing {
  /** Awaited before each phase and before the measured window closes. */
  readonly barrier: Barrier;
  /** Shifts this run's send schedule so paired servers are not hit at the same instant. */
  readonly scheduleOffsetMs: number;
}

export interface FanOutResult {
  readonly server: string;
  readonly rooms: number;
  readonly clientsPerRoom: number;
  /** Measured note-edit deliveries that arrived / that should have arrived. */
  readonly delivered: number;
  readonly expected: number;
  /** Sorted fan-out latencies of note edits (ms). */
  readonly latencies: readonly number[];
  /** Measured cursor deliveries and their sorted latencies (ms); awareness may be merged. */
  readonly cursorDelivered: number;
  readonly cursorExpected: number;
  readonly cursorLatencies: readonly number[];
  /** Server CPU (user + system) during the measured window (ms). */
  readonly serverCpuMs: number;
  readonly windowMs: number;
  /** Peak resident memory of the server over the run (MiB). */
  readonly peakRssMiB: number;
  /** Sync frames the clients received in the window per edit sent (N − 1 without merging). */
  readonly framesPerUpdate: number;
  /** CPU share of one core the bench process (all clients) used in the window. */
  readonly driverLoad: number;
  /** Mean encoded size of one edit as sent (bytes). */
  readonly meanUpdateBytes: number;
  /** Empty when every client and a late joiner hold the same state. */
  readonly convergenceErrors: readonly string[];
}

const connectTimeoutMs = 15_000;
/** Clients per room that apply everything they receive and are compared with a late joiner. */
const integratingClients = 2;

function canonicalState(doc: Y.Doc): string {
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(
    (a, b) => a[0] - b[0],
  );
  const records = [...readRecords(doc).records].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ stateVector, records });
}

/** One room's clients and bookkeeping. */
class RoomRun {
  readonly clients: BenchClient[] = [];
  readonly people: BenchPerson[] = [];
  readonly writers: NoteWriter[] = [];
  readonly recorder: LatencyRecorder;
  readonly cursors: LatencyRecorder;
  /** Sender index by Yjs client id (the awareness client id is the same). */
  readonly senders = new Map<number, number>();
  /** Per sender: its edit number by the clock its document reached with that edit. */
  readonly #seqAtClock: Map<number, number>[] = [];
  /** Receiver × sender: whether anything of the sender's arrived (set-up). */
  readonly #heard: Uint8Array;

  constructor(
    readonly index: number,
    readonly room: BenchRoom,
    readonly scenario: FanOutScenario,
    readonly cursorCounts: { readonly warmup: number; readonly measured: number },
  ) {
    const { clientsPerRoom, warmupPerClient, updatesPerClient } = scenario;
    this.recorder = new LatencyRecorder(clientsPerRoom, warmupPerClient, updatesPerClient);
    // Clock 1 is the presence sent on joining; warm-up cursors follow it.
    this.cursors = new LatencyRecorder(
      clientsPerRoom,
      1 + cursorCounts.warmup,
      cursorCounts.measured,
    );
    this.#heard = new Uint8Array(clientsPerRoom * clientsPerRoom);
  }

  /**
   * Times a received update by what it contains: the clock each sender's
   * part ends at names the sender's edit (merged updates end at the
   * newest), read without integrating it.
   */
  #received(receiver: number, update: Uint8Array, at: number): void {
    for (const [clientId, clock] of Y.parseUpdateMeta(update).to) {
      const sender = this.senders.get(clientId);
      if (sender === undefined || sender === receiver) continue;
      const seq = this.#seqAtClock[sender]?.get(clock);
      if (seq === undefined) continue;
      this.#heard[receiver * this.scenario.clientsPerRoom + sender] = 1;
      this.recorder.received(receiver, sender, seq, at);
    }
  }

  /** Notes the clock `sender`'s document reached with edit `seq`. */
  #wrote(sender: number, seq: number): void {
    const doc = this.clients[sender]?.doc;
    if (doc !== undefined) this.#seqAtClock[sender]?.set(Y.getState(doc.store, doc.clientID), seq);
  }

  noteId(client: number, note: number): string {
    return `shape:bench-r${this.index}-c${client}-n${note}`;
  }

  async connect(target: BenchTarget): Promise<void> {
    const { clientsPerRoom, notesPerClient } = this.scenario;
    for (let client = 0; client < clientsPerRoom; client += 1) {
      const person = benchPerson(this.room.name, client);
      const connected = await BenchClient.connect(this.room.url(client, person, 'edit'), {
        protocol: target.protocol,
        documentName: this.room.name,
        echoAwareness: target.protocol === 'y-websocket',
        integrate: client < integratingClients,
        onUpdate: (update, at) => this.#received(client, update, at),
        timeoutMs: connectTimeoutMs,
        onAwareness: (entries, at) => {
          for (const { clientId, clock } of entries) {
            const sender = this.senders.get(clientId);
            if (sender === undefined || sender === client) continue;
            if (clock <= 1 + this.cursorCounts.warmup + this.cursorCounts.measured) {
              this.cursors.received(client, sender, clock, at);
            }
          }
        },
      });
      this.clients.push(connected);
      this.people.push(person);
      this.#seqAtClock.push(new Map());
      this.senders.set(connected.doc.clientID, client);
    }
    // Each client puts itself and its notes on the board, as a person joining and writing would.
    this.clients.forEach((client, index) => {
      const person = this.people[index] as BenchPerson;
      const writer = new NoteWriter(client.doc);
      this.writers.push(writer);
      const notes = Array.from({ length: notesPerClient }, (_, note) =>
        benchNote(
          this.noteId(index, note),
          person.id,
          100 + index * 160,
          100 + note * 220,
          indexKey(index * notesPerClient + note),
          noteText(index, note, 0),
        ),
      );
      writer.create([userRecord(person, `Osallistuja ${index}`), ...notes]);
      this.#wrote(index, 0);
      if (this.scenario.cursorRate > 0) {
        client.publishAwareness(presenceState(person, `Osallistuja ${index}`, 0, 0));
      }
    });
    const deadline = performance.now() + connectTimeoutMs;
    const everyoneHasEveryone = () =>
      this.#heard.every(
        (heard, pair) => heard === 1 || Math.floor(pair / clientsPerRoom) === pair % clientsPerRoom,
      );
    while (!everyoneHasEveryone()) {
      const dropped = this.clients.find((client) => client.closedReason !== undefined);
      if (dropped !== undefined) {
        throw new Error(
          `room ${this.room.name}: a client was disconnected: ${dropped.closedReason}`,
        );
      }
      if (performance.now() > deadline) throw new Error(`room ${this.room.name} did not set up`);
      await sleep(20);
    }
  }

  edit(sender: number, seq: number): void {
    const writer = this.writers[sender];
    if (writer === undefined) return;
    const note = seq % this.scenario.notesPerClient;
    this.recorder.sent(sender, seq, performance.now());
    writer.change(this.noteId(sender, note), {
      x: 100 + sender * 160 + ((seq * 7) % 120),
      y: 100 + note * 220 + ((seq * 13) % 90),
      'props.richText': richText(noteText(sender, note, seq)),
    });
    this.#wrote(sender, seq);
  }

  moveCursor(sender: number, step: number): void {
    const client = this.clients[sender];
    const person = this.people[sender];
    if (client === undefined || person === undefined || !client.isOpen) return;
    const state = presenceState(
      person,
      `Osallistuja ${sender}`,
      (step * 17) % 1400,
      (step * 11) % 880,
    );
    const clock = client.publishAwareness(state);
    this.cursors.sent(sender, clock, performance.now());
  }

  syncFrames(): number {
    return this.clients.reduce((total, client) => total + client.syncFramesReceived, 0);
  }

  /**
   * Every client must have heard every other's last edit; the integrating
   * clients and a late joiner must hold the same document, with every
   * sender's last edit in it. Returns what is wrong.
   */
  async converge(target: BenchTarget): Promise<string[]> {
    const { clientsPerRoom, notesPerClient, warmupPerClient, updatesPerClient } = this.scenario;
    const errors: string[] = [];
    const lastSeq = warmupPerClient + updatesPerClient;
    this.clients.forEach((client, receiver) => {
      if (client.closedReason !== undefined) {
        errors.push(
          `room ${this.index}, client ${receiver} was disconnected: ${client.closedReason}`,
        );
        return;
      }
      for (let sender = 0; sender < clientsPerRoom; sender += 1) {
        const seen = this.recorder.lastSeen(receiver, sender);
        if (sender !== receiver && seen !== lastSeq) {
          errors.push(
            `room ${this.index}, client ${receiver} heard edit ${seen} of client ${sender}, not ${lastSeq}`,
          );
          break;
        }
      }
    });
    const lateIndex = clientsPerRoom;
    const late = await BenchClient.connect(
      this.room.url(lateIndex, benchPerson(this.room.name, lateIndex), 'edit'),
      {
        protocol: target.protocol,
        documentName: this.room.name,
        echoAwareness: false,
        integrate: true,
        timeoutMs: connectTimeoutMs,
      },
    );
    this.clients.push(late);
    const reference = canonicalState(late.doc);
    const compared = [...this.clients.slice(0, integratingClients), late];
    compared.forEach((client, index) => {
      const label = `room ${this.index}, ${client === late ? 'late joiner' : `client ${index}`}`;
      if (client !== late && canonicalState(client.doc) !== reference) {
        errors.push(`${label} differs from the server's state`);
      }
      const { records } = readRecords(client.doc);
      for (let sender = 0; sender < clientsPerRoom; sender += 1) {
        let newest = -1;
        for (let note = 0; note < notesPerClient; note += 1) {
          const props = records.get(this.noteId(sender, note))?.props as
            | { richText?: unknown }
            | undefined;
          newest = Math.max(newest, seqOfRichText(props?.richText) ?? -1);
        }
        if (newest !== lastSeq) {
          errors.push(`${label} has edit ${newest} of client ${sender}, not ${lastSeq}`);
          break;
        }
      }
    });
    return errors;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}

/** Runs one editing workload against a started server, in fresh rooms. */
export async function runFanOut(
  target: BenchTarget,
  scenario: FanOutScenario,
  runId: string,
  pairing?: FanOutPairing,
): Promise<FanOutResult> {
  const { rooms, clientsPerRoom, updatesPerClient, warmupPerClient, ratePerClient, cursorRate } =
    scenario;
  const cursorCounts = {
    warmup: Math.round((warmupPerClient * cursorRate) / ratePerClient),
    measured: Math.round((updatesPerClient * cursorRate) / ratePerClient),
  };
  const runs: RoomRun[] = [];
  try {
    for (let index = 0; index < rooms; index += 1) {
      const room = await target.openRoom(`${runId}-r${index}`);
      runs.push(new RoomRun(index, room, scenario, cursorCounts));
    }
    // A few rooms at a time: connecting is not measured, but hundreds of handshakes at once time out.
    for (let first = 0; first < runs.length; first += 10) {
      await Promise.all(runs.slice(first, first + 10).map((run) => run.connect(target)));
    }
    let sentBytes = 0;
    let sentCount = 0;
    for (const run of runs) {
      for (const client of run.clients) {
        client.doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin === null) {
            sentBytes += update.byteLength;
            sentCount += 1;
          }
        });
      }
    }
    const totalClients = rooms * clientsPerRoom;
    const delivered = () => runs.reduce((total, run) => total + run.recorder.delivered, 0);

    const phase = async (firstSeq: number, count: number, firstCursor: number, cursors: number) => {
      await pairing?.barrier.arrive();
      const period = 1000 / ratePerClient;
      const cursorPeriod = cursorRate > 0 ? 1000 / cursorRate : 0;
      const start = performance.now() + (pairing?.scheduleOffsetMs ?? 0);
      // Each client keeps its own absolute schedule, staggered across the period.
      const schedules = runs.flatMap((run) =>
        run.clients.map(async (_, sender) => {
          const offset = ((run.index * clientsPerRoom + sender) / totalClients) * period;
          for (let k = 0; k < count; k += 1) {
            const wait = start + offset + k * period - performance.now();
            if (wait > 0) await sleep(wait);
            run.edit(sender, firstSeq + k);
          }
        }),
      );
      const cursorSchedules =
        cursorRate > 0
          ? runs.flatMap((run) =>
              run.clients.map(async (_, sender) => {
                const offset =
                  ((run.index * clientsPerRoom + sender + 0.5) / totalClients) * cursorPeriod;
                for (let k = 0; k < cursors; k += 1) {
                  const wait = start + offset + k * cursorPeriod - performance.now();
                  if (wait > 0) await sleep(wait);
                  run.moveCursor(sender, firstCursor + k);
                }
              }),
            )
          : [];
      await Promise.all([...schedules, ...cursorSchedules]);
      const target = rooms * clientsPerRoom * (clientsPerRoom - 1) * (firstSeq - 1 + count);
      const deadline = performance.now() + scenario.drainTimeoutMs;
      while (delivered() < target && performance.now() < deadline) await sleep(5);
    };

    await phase(1, warmupPerClient, 0, cursorCounts.warmup);
    await pairing?.barrier.arrive();
    sentBytes = 0;
    sentCount = 0;
    const cpuBefore = target.cpuTimeMs();
    const driverBefore = process.cpuUsage();
    const framesBefore = runs.reduce((total, run) => total + run.syncFrames(), 0);
    const windowStart = performance.now();
    await phase(warmupPerClient + 1, updatesPerClient, cursorCounts.warmup, cursorCounts.measured);
    // Paired runs close their windows together, so both span the same stretch of time.
    await pairing?.barrier.arrive();
    const serverCpuMs = target.cpuTimeMs() - cpuBefore;
    const windowMs = performance.now() - windowStart;
    const driver = process.cpuUsage(driverBefore);
    const frames = runs.reduce((total, run) => total + run.syncFrames(), 0) - framesBefore;

    const convergenceErrors: string[] = [];
    for (const run of runs) convergenceErrors.push(...(await run.converge(target)));

    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    const latencies = sorted(runs.flatMap((run) => [...run.recorder.samples]));
    const cursorLatencies = sorted(runs.flatMap((run) => [...run.cursors.samples]));
    const pairs = rooms * clientsPerRoom * (clientsPerRoom - 1);
    return {
      server: target.label,
      rooms,
      clientsPerRoom,
      delivered: latencies.length,
      expected: pairs * updatesPerClient,
      latencies,
      cursorDelivered: cursorLatencies.length,
      cursorExpected: pairs * cursorCounts.measured,
      cursorLatencies,
      serverCpuMs,
      windowMs,
      peakRssMiB: target.peakRssMiB(),
      framesPerUpdate: frames / (totalClients * updatesPerClient),
      driverLoad: (driver.user + driver.system) / 1000 / windowMs,
      meanUpdateBytes: sentCount === 0 ? 0 : sentBytes / sentCount,
      convergenceErrors,
    };
  } finally {
    for (const run of runs) run.close();
  }
}
