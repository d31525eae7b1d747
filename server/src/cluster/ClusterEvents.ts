import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';

const roomId = z.string().min(1).max(200);

/** Events kept for a Redis that does not answer; the oldest go first beyond this. */
export const maxUnsentEvents = 1000;

const retryIntervalMs = 1000;

/** What one instance tells the others. */
export const clusterEventSchema = z.discriminatedUnion('kind', [
  /** A link was revoked or turned off: close its holders, refuse it from now on. */
  z.object({
    kind: z.literal('link'),
    roomId,
    linkId: z.string().min(1).max(200),
    code: z.number().int(),
    reason: z.string().max(200),
  }),
  /** Every token-holding connection of a room must close. */
  z.object({
    kind: z.literal('room'),
    roomId,
    code: z.number().int(),
    reason: z.string().max(200),
  }),
  /** The room was deleted: let it go without writing. */
  z.object({ kind: z.literal('deleted'), roomId }),
  /** The room was renamed: its owner writes the title into the board document. */
  z.object({ kind: z.literal('renamed'), roomId, title: z.string().max(500) }),
]);

/** One of {@link clusterEventSchema}. */
export type ClusterEvent = z.infer<typeof clusterEventSchema>;

/**
 * Events every instance of a cluster hears, over Redis pub/sub (one
 * channel): what one instance decided about a room and the others must
 * carry out for the connections and rooms they hold. Pub/sub does not
 * guarantee delivery; what must hold anyway holds elsewhere too (a revoked
 * link's token fails the next check against the directory in PostgreSQL, a
 * deleted room's writes are refused by its fence), and this makes it
 * happen at once. An event this instance could not publish while Redis
 * was away is kept (the newest {@link maxUnsentEvents}) and published when
 * Redis is back, so a link turned off during an outage still closes its
 * holders on the other instances, and a rename still reaches open boards.
 */
export class ClusterEvents {
  readonly #unsent: string[] = [];
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channel: string;
  readonly #instanceId: string;
  readonly #logger: Logger;

  constructor(options: {
    readonly redis: Redis;
    readonly channel: string;
    readonly instanceId: string;
    readonly logger: Logger;
  }) {
    this.#publisher = options.redis;
    this.#subscriber = options.redis.duplicate({ enableOfflineQueue: true });
    this.#subscriber.on('error', (error) =>
      options.logger.debug({ err: error }, 'redis subscriber error'),
    );
    this.#channel = options.channel;
    this.#instanceId = options.instanceId;
    this.#logger = options.logger;
    this.#publisher.on('ready', () => this.#publishUnsent());
  }

  /** Events waiting for Redis to come back. */
  get unsentCount(): number {
    return this.#unsent.length;
  }

  /** Calls `handler` for every event another instance publishes. */
  async listen(handler: (event: ClusterEvent) => void): Promise<void> {
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.#channel) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        return;
      }
      const envelope = z.object({ from: z.string(), event: clusterEventSchema }).safeParse(parsed);
      if (!envelope.success || envelope.data.from === this.#instanceId) return;
      try {
        handler(envelope.data.event);
      } catch (error) {
        this.#logger.error({ err: error, kind: envelope.data.event.kind }, 'cluster event failed');
      }
    });
    await this.#subscriber.subscribe(this.#channel);
  }

  /** Tells the other instances; while Redis is away, once it is back. */
  publish(event: ClusterEvent): void {
    this.#send(JSON.stringify({ from: this.#instanceId, event }), event.kind);
  }

  #send(message: string, kind: string): void {
    this.#publisher.publish(this.#channel, message).catch((error: unknown) => {
      this.#logger.warn({ err: error, kind }, 'could not tell the other instances; will retry');
      this.#unsent.push(message);
      if (this.#unsent.length > maxUnsentEvents) this.#unsent.shift();
      // Besides 'ready': Redis may come back before this failure is even heard of.
      this.#retry ??= setTimeout(() => {
        this.#retry = undefined;
        if (this.#publisher.status === 'ready') this.#publishUnsent();
      }, retryIntervalMs);
      this.#retry.unref();
    });
  }

  #publishUnsent(): void {
    const messages = this.#unsent.splice(0);
    if (messages.length > 0) {
      this.#logger.info(
        { events: messages.length },
        'telling the other instances what they missed',
      );
    }
    for (const message of messages) this.#send(message, 'retry');
  }

  /** Stops listening. */
  close(): void {
    clearTimeout(this.#retry);
    this.#subscriber.disconnect();
  }
}
