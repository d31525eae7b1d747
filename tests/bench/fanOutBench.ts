import { setTimeout as sleep } from 'node:timers/promises';
import * as Y from 'yjs';
import type { Barrier } from './Barrier.js';
import { BenchClient } from './BenchClient.js';
import { LatencyRecorder } from './LatencyRecorder.js';

/** One scenario: N clients in one room, each sending updates at a fixed rate. */
export interface FanOutScenario {
  readonly clientCount: number;
  readonly updatesPerClient: number;
  readonly warmupPerClient: number;
  readonly ratePerClient: number;
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
  readonly clientCount: number;
  /** Measured deliveries that arrived / that should have arrived. */
  readonly delivered: number;
  readonly expected: number;
  /** Sorted fan-out latencies (ms). */
  readonly latencies: readonly number[];
  /** Server CPU (user + system) during the measured window (ms). */
  readonly serverCpuMs: number;
  readonly windowMs: number;
  readonly peakRssMiB: number;
  /** Frames the clients received in the window per update sent (N − 1 without merging). */
  readonly framesPerUpdate: number;
  /** CPU share of one core the bench process (all clients) used in the window. */
  readonly driverLoad: number;
  /** Mean encoded size of one update as sent (bytes). */
  readonly meanUpdateBytes: number;
  /** Empty when every client and a late joiner hold the same state. */
  readonly convergenceErrors: readonly string[];
}

interface BenchValue {
  readonly seq: number;
  /** `performance.now()` of the sender when the update was made. */
  readonly sentAt: number;
  readonly record: Record<string, unknown>;
}

const mapName = 'bench';
const keyOf = (client: number) => `client-${client}`;

/** A tldraw-like shape record, so updates have a realistic size and shape. */
function shapeRecord(client: number, seq: number): Record<string, unknown> {
  return {
    id: `shape:bench-${client}`,
    typeName: 'shape',
    type: 'geo',
    parentId: 'page:page',
    index: `a${client}`,
    x: 100 + ((seq * 7) % 800),
    y: 80 + ((seq * 13) % 600),
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props: { geo: 'rectangle', w: 120, h: 80, color: 'blue', fill: 'semi', dash: 'draw' },
    meta: {},
  };
}

function canonicalState(doc: Y.Doc): string {
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(
    (a, b) => a[0] - b[0],
  );
  const entries = Object.entries(doc.getMap(mapName).toJSON()).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return JSON.stringify({ stateVector, entries });
}

/** What a fan-out run measures: one server process, or a cluster of them (`ServerGroup`). */
export interface FanOutTarget {
  readonly label: string;
  /** The room's WebSocket URL for client number `client` (a cluster deals clients out). */
  roomUrl(roomId: string, client: number): string;
  cpuTimeMs(): number;
  peakRssMiB(): number;
}

/** Runs one scenario against a started server, in a fresh room. */
export async function runFanOut(
  server: FanOutTarget,
  scenario: FanOutScenario,
  roomId: string,
  pairing?: FanOutPairing,
): Promise<FanOutResult> {
  const { clientCount, updatesPerClient, warmupPerClient, ratePerClient } = scenario;
  const clients: BenchClient[] = [];
  try {
    for (let i = 0; i < clientCount; i += 1) {
      clients.push(await BenchClient.connect(server.roomUrl(roomId, i), 15_000));
    }
    const recorder = new LatencyRecorder(clientCount, warmupPerClient, updatesPerClient);
    let sentBytes = 0;
    let sentCount = 0;
    clients.forEach((client, receiver) => {
      const map = client.doc.getMap<BenchValue>(mapName);
      map.observe((event) => {
        const at = performance.now();
        for (const key of event.keysChanged) {
          const sender = Number(key.slice('client-'.length));
          const value = map.get(key);
          if (sender !== receiver && value !== undefined) {
            recorder.received(receiver, sender, value.seq, at);
          }
        }
      });
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === null) {
          sentBytes += update.byteLength;
          sentCount += 1;
        }
      });
    });

    const send = (sender: number, seq: number) => {
      const client = clients[sender];
      if (client === undefined) return;
      const sentAt = performance.now();
      recorder.sent(sender, seq, sentAt);
      const value: BenchValue = { seq, sentAt, record: shapeRecord(sender, seq) };
      client.doc.getMap<BenchValue>(mapName).set(keyOf(sender), value);
    };

    const phase = async (firstSeq: number, count: number) => {
      await pairing?.barrier.arrive();
      const period = 1000 / ratePerClient;
      const start = performance.now() + (pairing?.scheduleOffsetMs ?? 0);
      // Each client keeps its own absolute schedule, staggered across the period.
      await Promise.all(
        clients.map(async (_, sender) => {
          const offset = (sender / clientCount) * period;
          for (let k = 0; k < count; k += 1) {
            const wait = start + offset + k * period - performance.now();
            if (wait > 0) await sleep(wait);
            send(sender, firstSeq + k);
          }
        }),
      );
      const target = clientCount * (clientCount - 1) * (firstSeq - 1 + count);
      const deadline = performance.now() + scenario.drainTimeoutMs;
      while (recorder.delivered < target && performance.now() < deadline) await sleep(5);
    };

    await phase(1, warmupPerClient);
    await pairing?.barrier.arrive();
    const cpuBefore = server.cpuTimeMs();
    const driverBefore = process.cpuUsage();
    const framesBefore = clients.reduce((total, client) => total + client.framesReceived, 0);
    const windowStart = performance.now();
    await phase(warmupPerClient + 1, updatesPerClient);
    // Paired runs close their windows together, so both span the same stretch of time.
    await pairing?.barrier.arrive();
    const serverCpuMs = server.cpuTimeMs() - cpuBefore;
    const windowMs = performance.now() - windowStart;
    const driver = process.cpuUsage(driverBefore);
    const frames =
      clients.reduce((total, client) => total + client.framesReceived, 0) - framesBefore;

    const late = await BenchClient.connect(server.roomUrl(roomId, clientCount), 15_000);
    clients.push(late);
    const reference = canonicalState(late.doc);
    const convergenceErrors: string[] = [];
    clients.forEach((client, index) => {
      const map = client.doc.getMap<BenchValue>(mapName);
      const label = index === clientCount ? 'late joiner' : `client ${index}`;
      if (canonicalState(client.doc) !== reference) {
        convergenceErrors.push(`${label} differs from the server's state`);
      }
      for (let sender = 0; sender < clientCount; sender += 1) {
        const seq = map.get(keyOf(sender))?.seq;
        if (seq !== warmupPerClient + updatesPerClient) {
          convergenceErrors.push(`${label} has seq ${seq} from client ${sender}`);
          break;
        }
      }
    });

    const samples = [...recorder.samples].sort((a, b) => a - b);
    return {
      server: server.label,
      clientCount,
      delivered: samples.length,
      expected: clientCount * (clientCount - 1) * updatesPerClient,
      latencies: samples,
      serverCpuMs,
      windowMs,
      peakRssMiB: server.peakRssMiB(),
      framesPerUpdate: frames / (clientCount * updatesPerClient),
      driverLoad: (driver.user + driver.system) / 1000 / windowMs,
      meanUpdateBytes: sentCount === 0 ? 0 : sentBytes / sentCount,
      convergenceErrors,
    };
  } finally {
    for (const client of clients) client.close();
  }
}
