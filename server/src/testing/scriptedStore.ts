import type { DocumentStore } from '../persistence/DocumentStore.js';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';

/**
 * A {@link MemoryDocumentStore} whose calls a test can hold (gates) or fail,
 * and which records what it was asked to do.
 */
export interface ScriptedStore extends DocumentStore {
  readonly inner: MemoryDocumentStore;
  readonly calls: {
    readonly load: string[];
    readonly append: { roomId: string; updates: readonly Uint8Array[] }[];
    readonly compact: { roomId: string; snapshot: Uint8Array; throughSeq: number }[];
  };
  loadGate: Promise<void> | undefined;
  appendGate: Promise<void> | undefined;
  compactGate: Promise<void> | undefined;
  failLoad: boolean;
  failAppend: boolean;
  failCompact: boolean;
}

/** A controllable promise. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A fresh scripted store over an empty memory store. */
export function createScriptedStore(): ScriptedStore {
  const inner = new MemoryDocumentStore();
  const store: ScriptedStore = {
    inner,
    calls: { load: [], append: [], compact: [] },
    loadGate: undefined,
    appendGate: undefined,
    compactGate: undefined,
    failLoad: false,
    failAppend: false,
    failCompact: false,
    async load(roomId) {
      store.calls.load.push(roomId);
      await store.loadGate;
      if (store.failLoad) throw new Error('disk on fire (load)');
      return inner.load(roomId);
    },
    async append(roomId, updates) {
      store.calls.append.push({ roomId, updates: [...updates] });
      await store.appendGate;
      if (store.failAppend) throw new Error('disk full (append)');
      return inner.append(roomId, updates);
    },
    async compact(roomId, snapshot, throughSeq) {
      store.calls.compact.push({ roomId, snapshot, throughSeq });
      await store.compactGate;
      if (store.failCompact) throw new Error('disk full (compact)');
      return inner.compact(roomId, snapshot, throughSeq);
    },
    delete: (roomId) => inner.delete(roomId),
    list: (prefix) => inner.list(prefix),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return store;
}
