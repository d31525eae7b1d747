/** Caps on open connections. */
export interface ConnectionCaps {
  /** Open connections per client address key (see `clientAddress`). */
  readonly maxPerAddress: number;
  /** Open connections per room. */
  readonly maxPerRoom: number;
}

/** A held connection slot. `release` is idempotent. */
export interface ConnectionLease {
  release(): void;
}

/** Outcome of {@link ConnectionLimiter.acquire}. */
export type AcquireResult =
  | { readonly ok: true; readonly lease: ConnectionLease }
  | { readonly ok: false; readonly full: 'address' | 'room' };

/** The read-only view of a {@link ConnectionLimiter}, for diagnostics and tests. */
export type ConnectionCounts = Pick<
  ConnectionLimiter,
  'total' | 'addressCount' | 'roomCount' | 'countForAddress' | 'countForRoom' | 'addressCounts'
>;

/**
 * Counts open connections per client address and per room, and refuses a
 * new one when either is at its cap. Counts exist only while non-zero, so
 * memory follows the open connections, not every address ever seen.
 */
export class ConnectionLimiter {
  readonly #caps: ConnectionCaps;
  readonly #byAddress = new Map<string, number>();
  readonly #byRoom = new Map<string, number>();
  #total = 0;

  /** @throws RangeError unless both caps are integers ≥ 1. */
  constructor(caps: ConnectionCaps) {
    for (const [name, value] of Object.entries(caps)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
      }
    }
    this.#caps = caps;
  }

  /** Open connections counted. */
  get total(): number {
    return this.#total;
  }

  /** Client address keys with at least one open connection. */
  get addressCount(): number {
    return this.#byAddress.size;
  }

  /** Rooms with at least one open connection. */
  get roomCount(): number {
    return this.#byRoom.size;
  }

  /** Open connections of one client address key. */
  countForAddress(address: string): number {
    return this.#byAddress.get(address) ?? 0;
  }

  /** Open connections of one room. */
  countForRoom(roomId: string): number {
    return this.#byRoom.get(roomId) ?? 0;
  }

  /** Open connections per client address key (only those with at least one). */
  addressCounts(): IterableIterator<[string, number]> {
    return this.#byAddress.entries();
  }

  /**
   * Takes a slot for a connection from `address` to `roomId`, unless a cap
   * is reached. Without an address only the room is counted: a cluster
   * counts a forwarded socket's address where the client's connection ends.
   */
  acquire(address: string | undefined, roomId: string): AcquireResult {
    const fromAddress = address === undefined ? 0 : this.countForAddress(address);
    if (fromAddress >= this.#caps.maxPerAddress) return { ok: false, full: 'address' };
    const inRoom = this.countForRoom(roomId);
    if (inRoom >= this.#caps.maxPerRoom) return { ok: false, full: 'room' };
    if (address !== undefined) this.#byAddress.set(address, fromAddress + 1);
    this.#byRoom.set(roomId, inRoom + 1);
    this.#total += 1;
    let held = true;
    return {
      ok: true,
      lease: {
        release: () => {
          if (!held) return;
          held = false;
          this.#total -= 1;
          if (address !== undefined) decrement(this.#byAddress, address);
          decrement(this.#byRoom, roomId);
        },
      },
    };
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = counts.get(key) ?? 0;
  if (count <= 1) counts.delete(key);
  else counts.set(key, count - 1);
}
