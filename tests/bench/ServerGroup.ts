import type { ServerProcess } from './ServerProcess.js';

/**
 * Several server processes measured as one: a cluster of Kohtaamo
 * instances on one PostgreSQL and Redis. Clients are dealt out across the
 * instances in turn (`roomUrl`), CPU and peak memory are the instances'
 * sums, so the figures compare with one instance serving the same room.
 */
export class ServerGroup {
  readonly #servers: readonly ServerProcess[];
  readonly #label: string;
  readonly #cleanup: () => Promise<void>;

  constructor(servers: readonly ServerProcess[], label: string, cleanup: () => Promise<void>) {
    if (servers.length === 0) throw new Error('a server group needs a server');
    this.#servers = servers;
    this.#label = label;
    this.#cleanup = cleanup;
  }

  get label(): string {
    return this.#label;
  }

  /** The first instance's pid (for the progress line). */
  get pid(): number {
    return (this.#servers[0] as ServerProcess).pid;
  }

  /** The room on the instance client number `client` is dealt to. */
  roomUrl(roomId: string, client = 0): string {
    return (this.#servers[client % this.#servers.length] as ServerProcess).roomUrl(roomId);
  }

  cpuTimeMs(): number {
    return this.#servers.reduce((total, server) => total + server.cpuTimeMs(), 0);
  }

  peakRssMiB(): number {
    return this.#servers.reduce((total, server) => total + server.peakRssMiB(), 0);
  }

  recentOutput(): string {
    return this.#servers.map((server) => server.recentOutput()).join('\n---\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.#servers.map((server) => server.stop()));
    await this.#cleanup();
  }
}
