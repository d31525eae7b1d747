import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import type { UpdateFolder } from '../room/UpdateFolder.js';

/**
 * Frames and bytes through the sockets, as plain numbers the hot paths add
 * to (a field increment per frame); the metrics read them when scraped.
 */
export interface TrafficCounters {
  framesIn: number;
  bytesIn: number;
  framesOut: number;
  bytesOut: number;
}

/** What the metrics read from the rest of the server when scraped. */
export interface MetricsSources {
  /** Boards loaded here. */
  readonly roomsLoaded: () => number;
  /** Boards this instance owns in a cluster; `undefined` for a lone instance (it owns what it loads). */
  readonly roomsOwned?: () => number;
}

/**
 * Storage operations timed by {@link Metrics.instrumentStore}, and `fold`:
 * a big board's compaction in the worker thread ({@link Metrics.instrumentFolder}).
 */
type StoreOperation = 'load' | 'append' | 'compact' | 'delete' | 'list' | 'fold';

/**
 * The server's Prometheus metrics (`GET /metrics`, prom-client), in a
 * registry of its own: boards loaded and owned, open connections by role
 * and document, frames and bytes in and out, storage latency by operation
 * and outcome, refused updates by refusal code, ownership changes, errors,
 * and Node's process metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly traffic: TrafficCounters = { framesIn: 0, bytesIn: 0, framesOut: 0, bytesOut: 0 };
  readonly #connections: Gauge<'role' | 'document'>;
  readonly #refused: Counter<'code'>;
  readonly #storage: Histogram<'operation' | 'outcome'>;
  readonly #ownership: Counter<'event'>;
  readonly #errors: Counter<'kind'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'kohtaamo_rooms_loaded',
      help: 'Boards held in memory by this instance.',
      registers,
      collect() {
        this.set(sources.roomsLoaded());
      },
    });
    new Gauge({
      name: 'kohtaamo_rooms_owned',
      help: 'Boards this instance owns (in a cluster; alone, every board it loads).',
      registers,
      collect() {
        this.set(sources.roomsOwned?.() ?? sources.roomsLoaded());
      },
    });
    this.#connections = new Gauge({
      name: 'kohtaamo_connections',
      help: 'Open board sockets, by the role of their link and the document they sync.',
      labelNames: ['role', 'document'] as const,
      registers,
    });
    const traffic = this.traffic;
    const counterOf = (name: string, help: string, read: () => number) => {
      let reported = 0;
      new Counter({
        name,
        help,
        registers,
        collect() {
          const now = read();
          this.inc(now - reported);
          reported = now;
        },
      });
    };
    counterOf(
      'kohtaamo_frames_received_total',
      'WebSocket frames received.',
      () => traffic.framesIn,
    );
    counterOf(
      'kohtaamo_bytes_received_total',
      'Bytes of WebSocket frames received.',
      () => traffic.bytesIn,
    );
    counterOf('kohtaamo_frames_sent_total', 'WebSocket frames sent.', () => traffic.framesOut);
    counterOf(
      'kohtaamo_bytes_sent_total',
      'Bytes of WebSocket frames sent.',
      () => traffic.bytesOut,
    );
    this.#refused = new Counter({
      name: 'kohtaamo_refused_total',
      help: 'Messages refused by the rooms (the sender was closed), by refusal code.',
      labelNames: ['code'] as const,
      registers,
    });
    this.#storage = new Histogram({
      name: 'kohtaamo_storage_seconds',
      help: 'Document storage latency, by operation and outcome.',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#ownership = new Counter({
      name: 'kohtaamo_ownership_changes_total',
      help: 'Board leases taken, given up and lost by this instance.',
      labelNames: ['event'] as const,
      registers,
    });
    this.#errors = new Counter({
      name: 'kohtaamo_errors_total',
      help: 'Failures, by kind (storage, internal).',
      labelNames: ['kind'] as const,
      registers,
    });
  }

  /** A socket opened; call the returned function when it closes. */
  connectionOpened(role: string, document: string): () => void {
    const labels = { role, document };
    this.#connections.inc(labels);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.#connections.dec(labels);
    };
  }

  /** A room refused a message with `code` and closed its sender. */
  refused(code: string): void {
    this.#refused.inc({ code });
  }

  /** A lease was taken, given up or lost. */
  ownership(event: 'acquired' | 'released' | 'lost'): void {
    this.#ownership.inc({ event });
  }

  /** Something failed that a person may notice. */
  error(kind: 'storage' | 'internal'): void {
    this.#errors.inc({ kind });
  }

  /** `store` with every read and write timed (and failures counted). */
  instrumentStore(store: DocumentStore): DocumentStore {
    const timed = this.#timed;
    return {
      load: (roomId) => timed('load', () => store.load(roomId)),
      append: (roomId, updates) => timed('append', () => store.append(roomId, updates)),
      compact: (roomId, snapshot, throughSeq) =>
        timed('compact', () => store.compact(roomId, snapshot, throughSeq)),
      delete: (roomId) => timed('delete', () => store.delete(roomId)),
      list: (prefix) => timed('list', () => store.list(prefix)),
      ping: () => store.ping(),
      close: () => store.close(),
    };
  }

  /** `folder` with every fold timed as the storage operation `fold` (and failures counted). */
  instrumentFolder(folder: UpdateFolder): UpdateFolder {
    return { fold: (updates) => this.#timed('fold', () => folder.fold(updates)) };
  }

  readonly #timed = async <R>(operation: StoreOperation, call: () => Promise<R>): Promise<R> => {
    const end = this.#storage.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      return result;
    } catch (error) {
      end({ outcome: 'error' });
      this.error('storage');
      throw error;
    }
  };

  /** The metrics in Prometheus's text format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
