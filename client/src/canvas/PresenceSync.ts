import {
  InstancePresenceRecordType,
  react,
  type Signal,
  type TLInstancePresence,
  type TLStore,
} from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';

/** Presence throttling. Defaults follow tldraw's own sync: 30 fps with company, 1 fps alone. */
export interface PresenceSyncOptions {
  /** Minimum time between presence updates while others are in the room (ms). */
  readonly withOthersIntervalMs?: number;
  /** Minimum time between presence updates while alone (ms). */
  readonly aloneIntervalMs?: number;
}

/** The awareness field that carries a client's tldraw presence. */
export const presenceAwarenessField = 'presence';

interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}

/**
 * Exchanges tldraw presence (cursor, selection, camera, name, colour) through
 * Yjs awareness. The local presence is published throttled; every remote
 * client's presence is mirrored into an `instance_presence` record (which
 * tldraw needs for cursors and following) and removed as soon as its
 * awareness state disappears.
 */
export class PresenceSync {
  private readonly withOthersIntervalMs: number;
  private readonly aloneIntervalMs: number;
  private readonly mirrored = new Set<TLInstancePresence['id']>();
  private stopReacting: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: TLStore,
    private readonly awareness: Awareness,
    private readonly $localPresence: Signal<TLInstancePresence | null>,
    options: PresenceSyncOptions = {},
  ) {
    this.withOthersIntervalMs = options.withOthersIntervalMs ?? 1000 / 30;
    this.aloneIntervalMs = options.aloneIntervalMs ?? 1000;
  }

  /** Starts publishing and mirroring. Call once the store holds the board. */
  start(): void {
    if (this.stopReacting) return;
    this.awareness.on('change', this.onAwarenessChange);
    this.mirror([...this.awareness.getStates().keys()]);
    this.stopReacting = react('kohtaamo.publishPresence', () => {
      this.$localPresence.get();
      this.schedule();
    });
  }

  /** Stops, withdraws the local presence and removes all mirrored records. */
  dispose(): void {
    this.stopReacting?.();
    this.stopReacting = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.awareness.off('change', this.onAwarenessChange);
    this.awareness.setLocalStateField(presenceAwarenessField, null);
    const ids = [...this.mirrored].filter((id) => this.store.has(id));
    this.mirrored.clear();
    if (ids.length > 0) this.store.mergeRemoteChanges(() => this.store.remove(ids));
  }

  private remoteCount(): number {
    return this.awareness.getStates().size - (this.awareness.getLocalState() === null ? 0 : 1);
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const interval = this.remoteCount() > 0 ? this.withOthersIntervalMs : this.aloneIntervalMs;
    // Always via a timer: publishing inside the reaction would make other stores' reads
    // (mirrored presence on the receiving side, in tests) part of this reaction.
    const wait = Math.max(0, this.lastSentAt + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.publish();
    }, wait);
  }

  private publish(): void {
    this.lastSentAt = Date.now();
    const presence = this.$localPresence.get();
    this.awareness.setLocalStateField(presenceAwarenessField, presence);
  }

  private readonly onAwarenessChange = ({ added, updated, removed }: AwarenessChange): void => {
    const hadCompany = this.mirrored.size > 0;
    this.mirror([...added, ...updated, ...removed]);
    // Someone joined: show ourselves at once instead of after the lone 1 s throttle.
    if (!hadCompany && added.some((id) => id !== this.awareness.clientID)) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      this.lastSentAt = Number.NEGATIVE_INFINITY;
      this.schedule();
    }
  };

  private mirror(clientIds: number[]): void {
    const states = this.awareness.getStates();
    const toPut: TLInstancePresence[] = [];
    const toRemove: TLInstancePresence['id'][] = [];
    for (const clientId of clientIds) {
      if (clientId === this.awareness.clientID) continue;
      const id = InstancePresenceRecordType.createId(String(clientId));
      const record = toPresenceRecord(id, states.get(clientId)?.[presenceAwarenessField]);
      if (record) {
        toPut.push(record);
        this.mirrored.add(id);
      } else if (this.mirrored.delete(id) && this.store.has(id)) {
        toRemove.push(id);
      }
    }
    if (toPut.length === 0 && toRemove.length === 0) return;
    this.store.mergeRemoteChanges(() => {
      if (toRemove.length > 0) this.store.remove(toRemove);
      if (toPut.length > 0) this.store.put(toPut);
    });
  }
}

function toPresenceRecord(id: TLInstancePresence['id'], value: unknown): TLInstancePresence | null {
  if (typeof value !== 'object' || value === null) return null;
  try {
    // A peer on another version may send fields this schema rejects; it then shows no cursor.
    return InstancePresenceRecordType.validate({
      ...value,
      id,
      typeName: 'instance_presence',
    });
  } catch {
    return null;
  }
}
