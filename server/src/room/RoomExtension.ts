import type { Refusal } from '@kohtaamo/shared';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { DocumentStore } from '../persistence/DocumentStore.js';
import type { Connection } from './Connection.js';
import type { AwarenessEntry } from './syncHandlers.js';
import type { Timers } from './Timers.js';

/**
 * What a room offers its extensions. Handed to each extension's factory
 * when the room is made, so an extension lives exactly as long as its room
 * and reaches nothing global.
 */
export interface RoomContext {
  readonly roomId: string;
  /** The room's logger (carries the room id). */
  readonly logger: Logger;
  readonly timers: Timers;
  /** Monotonic clock (ms), for rate limits. */
  readonly now: () => number;
  /** The board's document. Extensions read it; they change it only through {@link change}. */
  readonly doc: Y.Doc;
  /** Presence of the people in the room. */
  readonly awareness: awarenessProtocol.Awareness;
  /** Estimated stored size of the document, counting updates not yet written. */
  storedBytes(): number;
  /** Connections that have joined (not those waiting for the load). */
  connections(): Iterable<Connection>;
  /** Sends one frame to one connection; a slow consumer is closed instead. */
  send(connection: Connection, frame: Uint8Array): void;
  /** Closes a connection with a close code and a refusal (its code and params go in the reason). */
  close(connection: Connection, closeCode: number, refusal: Refusal): void;
  /**
   * Changes the document as the server: what `change` does in one
   * transaction is stored and broadcast to everyone like a client's update,
   * written before anyone hears of it. Resolves once written and broadcast.
   */
  change(change: (doc: Y.Doc) => void): Promise<void>;
  /** The server's wall clock (epoch ms), for state everyone reads the same way (timers). */
  readonly clock: () => number;
  /** The store documents live in, for an extension that keeps a document of its own. */
  readonly store: DocumentStore;
}

/** A document update from a client, before it is applied. */
export interface UpdatePayload {
  readonly connection: Connection;
  /** `syncStep2`: the client's answer to the room's step 1; `update`: a live change. */
  readonly kind: 'syncStep2' | 'update';
  readonly update: Uint8Array;
}

/** A presence (awareness) update from a client, before it is applied. */
export interface AwarenessPayload {
  readonly connection: Connection;
  /** The decoded entries (client id, clock, JSON state). */
  readonly entries: readonly AwarenessEntry[];
}

/** A control message (the facilitator toolkit's channel) from a client. */
export interface ControlPayload {
  readonly connection: Connection;
  /** The message's JSON text, not yet parsed. */
  readonly body: string;
}

/** What a document batch came to, after it was written (or failed) and broadcast. */
export interface FlushPayload {
  readonly updates: readonly Uint8Array[];
  /** False when storage refused the append (the room retries a snapshot). */
  readonly written: boolean;
}

/**
 * Why a message must not be applied. `drop` ignores it silently (a viewer's
 * handshake diff); `close` closes the sender with `closeCode` and the
 * refusal's code in the reason.
 */
export type MessageVerdict =
  | { readonly kind: 'drop' }
  | { readonly kind: 'close'; readonly closeCode: number; readonly refusal: Refusal };

/** The verdict that ignores a message. */
export const dropMessage: MessageVerdict = { kind: 'drop' };

/** A verdict that closes the sender. */
export function closeSender(closeCode: number, refusal: Refusal): MessageVerdict {
  return { kind: 'close', closeCode, refusal };
}

/**
 * A feature that joins a room: a rule on updates, a control action,
 * server-held state. The room runs each hook of every extension in
 * priority order (higher first, default 100), in the spirit of
 * Hocuspocus's extension hooks. Hooks are synchronous: they run on the
 * path of every message.
 */
export interface RoomExtension {
  /** For logs. */
  readonly name: string;
  /** Order among extensions: higher runs first. Default 100. */
  readonly priority?: number;
  /**
   * The stored document is in memory; nobody has been synced yet. The room
   * waits for a returned promise (an extension loading state of its own); a
   * rejection fails the load like a storage error would.
   */
  onLoad?(): void | Promise<void>;
  /** A socket joined and was sent the room's step 1 and presence. */
  onConnect?(connection: Connection): void;
  /**
   * Before a client's document update is applied. The first verdict wins;
   * `undefined` passes it on to the next extension. Runs before anything
   * in the update touches the document.
   */
  beforeUpdate?(payload: UpdatePayload): MessageVerdict | undefined;
  /** Before a client's presence update is applied; like {@link beforeUpdate}. */
  beforeAwareness?(payload: AwarenessPayload): MessageVerdict | undefined;
  /**
   * A control message. Returns true once handled; later extensions then do
   * not see it. A message no extension handles closes its sender as malformed.
   */
  onControl?(payload: ControlPayload): boolean;
  /** A batch of document updates was appended (or failed to be) and broadcast. */
  afterFlush?(payload: FlushPayload): void;
  /** A connection left or was closed; its presence is already gone. */
  onDisconnect?(connection: Connection): void;
  /**
   * Resolves once the extension's own writes are done; the room waits for
   * it before its final snapshot on unload.
   */
  flush?(): Promise<void>;
  /** The room is being destroyed: drop timers and indexes. */
  onDestroy?(): void;
  /**
   * False while the extension holds changes of its own that storage has not
   * accepted (it keeps retrying): the room then reports itself unhealthy
   * (`GET /ready`) and does not unload, like a room whose own writes failed.
   */
  readonly healthy?: boolean;
}

/** Makes a room's instance of an extension. */
export type RoomExtensionFactory = (context: RoomContext) => RoomExtension;

/** Default {@link RoomExtension.priority}. */
export const defaultExtensionPriority = 100;

/** `extensions` ordered by priority, higher first; equal priorities keep their order (the sort is stable). */
export function byPriority(extensions: readonly RoomExtension[]): RoomExtension[] {
  const priority = (extension: RoomExtension) => extension.priority ?? defaultExtensionPriority;
  return [...extensions].sort((a, b) => priority(b) - priority(a));
}
