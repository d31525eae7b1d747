import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';

const roomId = z.string().min(1).max(200);

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
 * happen at once.
 */
export class ClusterEvents {
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

  /** Tells the other instances; a failure is logged (see the class notes for why that is enough). */
  publish(event: ClusterEvent): void {
    const message = JSON.stringify({ from: this.#instanceId, event });
    this.#publisher.publish(this.#channel, message).catch((error: unknown) => {
      this.#logger.warn({ err: error, kind: event.kind }, 'could not tell the other instances');
    });
  }

  /** Stops listening. */
  close(): void {
    this.#subscriber.disconnect();
  }
}
