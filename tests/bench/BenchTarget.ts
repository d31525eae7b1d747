import type { BenchPerson } from './benchRecords.js';
import type { ServerProcess } from './ServerProcess.js';
import type { WireProtocol } from './wireProtocol.js';

/** What a client is in a room: one who edits (the workloads' clients) or the board's owner (seeding). */
export type BenchAccess = 'edit' | 'own';

/** A room opened on a server under test. */
export interface BenchRoom {
  /** The document's name: the room id in URLs, the address of every Hocuspocus frame. */
  readonly name: string;
  /** The WebSocket URL client number `client` (who is `person`) connects to. */
  url(client: number, person: BenchPerson, access: BenchAccess): string;
}

/** Opens a fresh room on the started server(s), e.g. through our rooms API. */
export type RoomOpener = (name: string) => Promise<BenchRoom>;

/**
 * A server under test as the workloads see it: one process, or several
 * measured as one (a cluster of our instances, clients dealt out across
 * them by the room's `url`). CPU and memory are the sums over its
 * processes, so a cluster's figures compare with one instance serving
 * the same rooms.
 */
export class BenchTarget {
  readonly label: string;
  readonly protocol: WireProtocol;
  readonly #processes: readonly ServerProcess[];
  readonly #openRoom: RoomOpener;
  readonly #cleanup: () => Promise<void>;

  constructor(options: {
    readonly label: string;
    readonly protocol: WireProtocol;
    readonly processes: readonly ServerProcess[];
    readonly openRoom: RoomOpener;
    readonly cleanup?: () => Promise<void>;
  }) {
    if (options.processes.length === 0) throw new Error('a bench target needs a server process');
    this.label = options.label;
    this.protocol = options.protocol;
    this.#processes = options.processes;
    this.#openRoom = options.openRoom;
    this.#cleanup = options.cleanup ?? (async () => {});
  }

  /** The first process's pid (for progress lines). */
  get pid(): number {
    return (this.#processes[0] as ServerProcess).pid;
  }

  openRoom(name: string): Promise<BenchRoom> {
    return this.#openRoom(name);
  }

  cpuTimeMs(): number {
    return this.#processes.reduce((total, server) => total + server.cpuTimeMs(), 0);
  }

  /** Highest resident memory since start or the last {@link resetPeakRss} (MiB). */
  peakRssMiB(): number {
    return this.#processes.reduce((total, server) => total + server.peakRssMiB(), 0);
  }

  /** Resident memory now (MiB). */
  rssMiB(): number {
    return this.#processes.reduce((total, server) => total + server.rssMiB(), 0);
  }

  /** Starts a new peak, so {@link peakRssMiB} covers only what follows. */
  resetPeakRss(): void {
    for (const server of this.#processes) server.resetPeakRss();
  }

  recentOutput(): string {
    return this.#processes.map((server) => server.recentOutput()).join('\n---\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.#processes.map((server) => server.stop()));
    await this.#cleanup();
  }
}
