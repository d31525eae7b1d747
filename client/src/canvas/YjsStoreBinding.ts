import {
  createRecordsKeyValue,
  diffRecord,
  encodeFieldKey,
  entriesToRecords,
  type FieldChanges,
  getMetaMap,
  type JsonValue,
  jsonEqual,
  legacyStoreSchema,
  parseFieldKey,
  type RecordsKeyValue,
  recordToEntries,
  removeOrphanEntries,
  type StoredRecord,
  schemaMetaKey,
  writeFieldChanges,
} from '@kohtaamo/shared';
import {
  atom,
  type Editor,
  type HistoryEntry,
  HistoryManager,
  type RecordType,
  type SerializedStore,
  type TLDrawShape,
  type TLHighlightShape,
  type TLRecord,
  type TLStore,
} from 'tldraw';
import type * as Y from 'yjs';
import { RecordKeyIndex } from './RecordKeyIndex';
import { classifyStoredSchema, parseStoredSchema } from './schemaCompat';

/** Flush timing; the defaults suit pointer-driven editing. */
export interface YjsStoreBindingOptions {
  /** Delay before local changes are written (ms). Successive changes to a record within it coalesce. */
  readonly flushIntervalMs?: number;
  /**
   * Minimum time between writes of one in-progress draw or highlighter stroke
   * (ms). A stroke rewrites its whole path on every pointer move; others see
   * it grow in steps and get the exact final path when it completes.
   */
  readonly strokeIntervalMs?: number;
  /**
   * How much an in-progress stroke's props must have grown since they were
   * last written before they are written again (a factor > 1). Each write
   * sends the whole path, so writing at a fixed rate costs bytes that grow
   * with the square of the stroke's length; writing each time it has grown
   * by this factor bounds everything sent for a stroke to about
   * `factor / (factor − 1)` times its final size, however long or slowly it
   * is drawn, while others still see at least `1 / factor` of it.
   */
  readonly strokeGrowth?: number;
  /**
   * Defers applying remote changes to the store: called with the function
   * that applies everything received since, at most once until that runs.
   * Each store transaction costs tldraw a pass over the page's shapes (its
   * shapes layer lists them all to render), so one transaction per animation
   * frame (at most) instead of one per incoming message keeps a big board responsive
   * while many people edit it; see {@link nextFrame}. Without it remote
   * changes reach the store at once.
   */
  readonly scheduleRemote?: (apply: () => void) => void;
  /**
   * Never write to the document, not even the schema stamp or the cleanup
   * of orphaned entries: a viewer's link lets it read only, and the server
   * closes a connection that sends an edit.
   */
  readonly viewOnly?: boolean;
  /**
   * Which records this binding writes, when two bindings share one store
   * (the board and a private document, see `PrivateNotes`). Without it the
   * binding owns every record.
   */
  readonly scope?: RecordScope;
}

/**
 * The records a {@link YjsStoreBinding} owns, when several bindings share a
 * store: each record is owned by exactly one of them at any moment, and
 * ownership can move (a private note revealed onto the board).
 *
 * - Local changes of records the binding does not own are not written by it,
 *   and pending ones are dropped if ownership moved before they were written.
 * - A remote change that leaves a record present in the binding's document
 *   first asks for it with {@link claim}; the record reaches the store only
 *   if the binding owns it afterwards (a claim may be declined).
 * - A remote deletion removes the record from the store only if the binding
 *   owns it: a record that moved to another binding stays.
 */
export interface RecordScope {
  /** Whether the binding writes this record's local changes and applies its remote deletion. */
  owns(id: string): boolean;
  /**
   * Called when the binding's document holds a record the binding does not
   * own: at start, or after a remote change. The scope may hand it over.
   */
  claim?(id: string): void;
}

/** Why the binding stopped writing to the document. */
export type BindingReadOnlyReason = 'outdated';

type Dirty = Set<string> | 'all';

interface KeyValueChange {
  readonly action: 'add' | 'update' | 'delete';
}

/**
 * Binds a tldraw store to a board Y.Doc laid out as in `docLayout` (shared):
 * local document changes are written field-wise and coalesced; remote
 * changes are merged into the store as remote changes, so they neither echo
 * back nor enter the local undo history.
 *
 * Local changes not yet written stay authoritative for the fields they touch:
 * a remote value for such a field is overridden by the pending write, which
 * lands after it in the document, so all peers converge on the local value.
 * A remote deletion wins over pending local field edits.
 *
 * Undo and redo only undo the local user's own changes: tldraw's history
 * puts back whole records, so for changes it replays (see
 * {@link attachHistory}) only the fields whose latest value this client
 * wrote are written; fields another client changed since keep that client's
 * value, and the store is set back to it at once.
 *
 * If the document was written with a newer schema (now or later, by a
 * remote peer), the binding stops writing and sets {@link $readOnlyReason}.
 */
export class YjsStoreBinding {
  /** Non-null once the binding refuses to write; the UI must make the editor read-only. */
  readonly $readOnlyReason = atom<BindingReadOnlyReason | null>('kohtaamo.readOnlyReason', null);
  /** Set if the stored board could not be migrated to this client's schema. */
  readonly $loadError = atom<Error | null>('kohtaamo.loadError', null);
  /** When the local user last changed the document (ms since epoch); counts as activity for presence. */
  readonly $lastLocalChangeAt = atom('kohtaamo.lastLocalChangeAt', 0);
  /** Ids of remote records that failed validation and were not loaded. */
  readonly invalidRecordIds = new Set<string>();
  /** How many live records the document holds, kept from its changes (also before {@link start}). */
  readonly $recordCount = atom('kohtaamo.recordCount', 0);

  private readonly kv: RecordsKeyValue;
  private readonly meta: Y.Map<unknown>;
  private readonly index = new RecordKeyIndex();
  private readonly dirty = new Map<string, Dirty>();
  /** When each in-progress stroke was last written, and the size of its props then. */
  private readonly lastStrokeWrite = new Map<
    string,
    { readonly at: number; readonly size: number }
  >();
  /** Records this client wrote; with the pending ones, the only records its undo history can touch. */
  private readonly writtenIds = new Set<string>();
  /** Entry keys of written or pending records whose latest change came from another client. */
  private readonly remoteKeys = new Set<string>();
  /** Records whose replayed change was refused; the store gets the document's version back. */
  private readonly refusedReplays = new Set<string>();
  private replaying = false;
  /** Ids of the live records of the document, for {@link $recordCount}. */
  private readonly liveIds = new Set<string>();
  private readonly flushIntervalMs: number;
  private readonly strokeIntervalMs: number;
  private readonly strokeGrowth: number;
  private stopListening: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = 0;
  private started = false;
  private disposed = false;
  private readonly viewOnly: boolean;
  private readonly scope: RecordScope | undefined;
  private readonly scheduleRemote: ((apply: () => void) => void) | undefined;
  /** Records changed remotely since the last deferred apply (see `scheduleRemote`). */
  private readonly pendingRemote = new Set<string>();
  private remoteScheduled = false;

  constructor(
    private readonly store: TLStore,
    private readonly doc: Y.Doc,
    options: YjsStoreBindingOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.strokeIntervalMs = options.strokeIntervalMs ?? 200;
    this.strokeGrowth = options.strokeGrowth ?? 1.25;
    if (!(this.strokeGrowth > 1)) throw new Error('strokeGrowth must be greater than 1');
    this.viewOnly = options.viewOnly ?? false;
    this.scope = options.scope;
    this.scheduleRemote = options.scheduleRemote;
    this.kv = createRecordsKeyValue(doc);
    this.meta = getMetaMap(doc);
    this.kv.on('change', this.onKeyValueChange);
    this.meta.observe(this.onMetaChange);
    this.updateLiveIds(recordIdsOf(this.kv.map.keys()));
  }

  /**
   * Loads the document into the store and starts syncing. Call once, after
   * the document has caught up with local persistence and the server, so
   * an empty board is never mistaken for a new one.
   */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.index.rebuild(this.kv.map.keys());
    const { records, orphanKeys } = entriesToRecords(
      [...this.kv.map].map(([key, entry]): [string, JsonValue] => [key, entry.val]),
    );
    const stored = this.meta.get(schemaMetaKey);
    const current = this.store.schema.serialize();
    // Boards written before the schema was stored are assumed to be at the first release's schema.
    const schema = stored ?? (records.size === 0 ? current : legacyStoreSchema);
    const compatibility = classifyStoredSchema(this.store.schema, schema);

    let loaded: Map<string, StoredRecord> = records;
    if (compatibility === 'newer') {
      this.$readOnlyReason.set('outdated');
    } else if (compatibility === 'older') {
      const olderSchema = parseStoredSchema(schema);
      const migrated = olderSchema
        ? this.store.schema.migrateStoreSnapshot({
            schema: olderSchema,
            store: Object.fromEntries(records) as unknown as SerializedStore<TLRecord>,
          })
        : null;
      if (migrated?.type !== 'success') {
        this.$loadError.set(new Error(`The board could not be migrated: ${migrated?.reason}`));
        return;
      }
      loaded = new Map(Object.entries(migrated.value as unknown as Record<string, StoredRecord>));
      if (!this.viewOnly) this.writeMigration(records, loaded, current);
    } else if (stored === undefined && !this.viewOnly) {
      this.doc.transact(() => this.meta.set(schemaMetaKey, current), this);
    }
    if (orphanKeys.length > 0 && !this.$readOnlyReason.get() && !this.viewOnly) {
      removeOrphanEntries(this.kv, this);
    }

    // Registered before loading so the records the store adds to stay usable
    // (default document and page, fixed ids, so concurrent first loads converge) are written.
    this.stopListening = this.store.listen(this.onLocalChange, {
      source: 'user',
      scope: 'document',
    });
    const valid = [...loaded.values()].flatMap((record) =>
      this.claim(record.id) ? (this.validate(record) ?? []) : [],
    );
    this.store.mergeRemoteChanges(() => {
      this.store.put(valid);
    });
    if (this.scope) this.markUnwrittenOwnRecords();
    this.scheduleFlush(0);
  }

  /**
   * Whether the document holds a live record with this id (its `typeName`
   * and `id` entries), whether or not it is in the store. Cheap: no scan.
   */
  hasRecord(id: string): boolean {
    return this.kv.has(encodeFieldKey(id, 'typeName')) && this.kv.has(encodeFieldKey(id, 'id'));
  }

  /** Whether the editor's history is replaying a change (undo, redo, bail) through this binding. */
  isReplaying(): boolean {
    return this.replaying;
  }

  /**
   * Whether the document already holds a board stored at this client's
   * schema, so it can be shown before the server sync: the server's changes
   * merge in as remote changes when they arrive, and a newer schema among them
   * still makes the binding read-only. An empty document must wait (it may be
   * a board that hasn't arrived yet), and so must one that needs migrating
   * (the migration has to see the server's records too).
   */
  canStartBeforeServerSync(): boolean {
    if (this.kv.map.size === 0) return false;
    return classifyStoredSchema(this.store.schema, this.meta.get(schemaMetaKey)) === 'same';
  }

  /**
   * Treats the changes the editor's history replays (undo, redo, and the
   * bail that cancels an interaction) as replays: only fields whose latest
   * value was written here are written, every other replayed value is put
   * back to the document's in the store, outside the undo history. Returns
   * the function that detaches it again.
   * @throws if the editor has no tldraw 5.4 history manager to hook.
   */
  attachHistory(editor: Editor): () => void {
    // Verified against tldraw 5.4.2: `Editor.undo`, `bail` and `bailToMark` all go through
    // `history._undo`, `Editor.redo` through `history.redo`, and both apply the stored diff
    // synchronously. Hooking there (rather than `Editor.undo`) keeps the changes undo makes
    // first, such as completing the current interaction, ordinary local edits.
    const history: unknown = Reflect.get(editor, 'history');
    if (!(history instanceof HistoryManager)) {
      throw new Error('the editor has no history manager to attach to');
    }
    const manager = history as HistoryManager<TLRecord>;
    const undo = manager._undo;
    const redo = manager.redo;
    const replayUndo: typeof undo = (options) => this.replay(() => undo.call(manager, options));
    const replayRedo: typeof redo = () => this.replay(() => redo.call(manager));
    manager._undo = replayUndo;
    manager.redo = replayRedo;
    return () => {
      if (manager._undo === replayUndo) manager._undo = undo;
      if (manager.redo === replayRedo) manager.redo = redo;
    };
  }

  /** Writes every pending local change now, including in-progress strokes. */
  flush(): void {
    this.flushPending(true);
  }

  /** Writes pending changes and detaches from the store and document. Does not destroy the doc. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    this.cancelTimer();
    this.stopListening?.();
    this.kv.off('change', this.onKeyValueChange);
    this.meta.unobserve(this.onMetaChange);
  }

  private owns(id: string): boolean {
    return this.scope === undefined || this.scope.owns(id);
  }

  /** Whether this binding owns the record, after asking for it if it did not. */
  private claim(id: string): boolean {
    if (this.scope === undefined || this.scope.owns(id)) return true;
    this.scope.claim?.(id);
    return this.scope.owns(id);
  }

  /**
   * Owned records the store has and the document lacks are written: ones
   * created before the binding started listening (its document loads later
   * than the board's).
   */
  private markUnwrittenOwnRecords(): void {
    for (const record of this.store.allRecords()) {
      if (this.store.scopedTypes.document.has(record.typeName) && this.owns(record.id)) {
        if (!this.hasRecord(record.id)) this.dirty.set(record.id, 'all');
      }
    }
  }

  private updateLiveIds(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.hasRecord(id)) this.liveIds.add(id);
      else this.liveIds.delete(id);
    }
    if (this.$recordCount.get() !== this.liveIds.size) this.$recordCount.set(this.liveIds.size);
  }

  private replay<T>(run: () => T): T {
    if (this.replaying) return run();
    // Changes made before the replay starts are ordinary edits.
    this.store._flushHistory();
    this.replaying = true;
    try {
      return run();
    } finally {
      this.store._flushHistory();
      this.replaying = false;
      const refused = [...this.refusedReplays];
      this.refusedReplays.clear();
      // Sets the store back to the document (and pending local edits) as a remote change,
      // so the correction is neither written nor recorded in the undo history.
      if (refused.length > 0) this.applyRemote(refused);
    }
  }

  /** Whether the latest value of a field is this client's: pending, or written and not changed by others since. */
  private isLocalField(id: string, key: string): boolean {
    const dirty = this.dirty.get(id);
    return dirty === 'all' || dirty?.has(key) === true || !this.remoteKeys.has(key);
  }

  private readonly onLocalChange = ({ changes }: HistoryEntry<TLRecord>): void => {
    if (this.$readOnlyReason.get() || this.viewOnly) return;
    let strokeCompleted = false;
    // A replay may add or remove a record that another client since removed or re-added.
    const markWhole = (id: string) => {
      if (!this.owns(id)) return;
      if (this.replaying && !this.isLocalField(id, encodeFieldKey(id, 'typeName'))) {
        this.refusedReplays.add(id);
      } else {
        this.dirty.set(id, 'all');
      }
    };
    for (const record of Object.values(changes.added)) markWhole(record.id);
    for (const [from, to] of Object.values(changes.updated)) {
      if (!this.owns(to.id)) continue;
      const dirty = this.dirty.get(to.id);
      if (dirty !== 'all') {
        const keys = dirty ?? new Set<string>();
        const diff = diffRecord(asStored(from), asStored(to));
        for (const key of [...diff.set.keys(), ...diff.remove]) {
          if (this.replaying && !this.isLocalField(to.id, key)) this.refusedReplays.add(to.id);
          else keys.add(key);
        }
        if (keys.size > 0) this.dirty.set(to.id, keys);
      }
      if (isInProgressStroke(from) && !isInProgressStroke(to)) strokeCompleted = true;
    }
    for (const record of Object.values(changes.removed)) markWhole(record.id);
    if (this.dirty.size === 0) return;
    this.$lastLocalChangeAt.set(Date.now());
    this.scheduleFlush(strokeCompleted ? 0 : this.flushIntervalMs);
  };

  private flushPending(force: boolean): void {
    if (!this.started || this.disposed || this.$readOnlyReason.get() || this.viewOnly) return;
    // Store listeners run once per animation frame; pick up what happened since.
    this.store._flushHistory();
    this.cancelTimer();
    const now = Date.now();
    const changes: FieldChanges = { set: new Map(), remove: new Set() };
    let nextStrokeDue = Number.POSITIVE_INFINITY;
    for (const [id, dirty] of this.dirty) {
      if (!this.owns(id)) {
        // Another binding took the record over since (a reveal): its document has the say now.
        this.dirty.delete(id);
        this.lastStrokeWrite.delete(id);
        continue;
      }
      const record = this.store.get(id as TLRecord['id']);
      if (record && isInProgressStroke(record)) {
        const last = this.lastStrokeWrite.get(id);
        const size = JSON.stringify(record.props).length;
        if (!force && last !== undefined) {
          if (now - last.at < this.strokeIntervalMs) {
            nextStrokeDue = Math.min(nextStrokeDue, last.at + this.strokeIntervalMs);
            continue;
          }
          // Not grown enough: the next pointer move schedules another look, and
          // completion (or a forced flush on pointer up) writes it whatever its size.
          if (size < last.size * this.strokeGrowth) continue;
        }
        this.lastStrokeWrite.set(id, { at: now, size });
      } else {
        this.lastStrokeWrite.delete(id);
      }
      this.dirty.delete(id);
      this.collect(id, record, dirty, changes);
    }
    writeFieldChanges(this.kv, changes, this);
    if (nextStrokeDue !== Number.POSITIVE_INFINITY) this.scheduleFlush(nextStrokeDue - now);
  }

  private collect(id: string, record: TLRecord | undefined, dirty: Dirty, out: FieldChanges): void {
    this.writtenIds.add(id);
    const set = (key: string, value: JsonValue) => {
      out.set.set(key, value);
      this.remoteKeys.delete(key);
    };
    const remove = (key: string) => {
      out.remove.add(key);
      this.remoteKeys.delete(key);
    };
    if (!record) {
      for (const key of this.index.keysOf(id)) remove(key);
      return;
    }
    const entries = recordToEntries(asStored(record));
    if (dirty === 'all') {
      for (const [key, value] of entries) set(key, value);
      for (const key of this.index.keysOf(id)) if (!entries.has(key)) remove(key);
      return;
    }
    for (const key of dirty) {
      const value = entries.get(key);
      if (value === undefined) remove(key);
      else set(key, value);
    }
  }

  private readonly onKeyValueChange = (
    changes: Map<string, KeyValueChange>,
    transaction: Y.Transaction,
  ): void => {
    const touched = new Set<string>();
    for (const [key, change] of changes) {
      if (change.action === 'delete') this.index.remove(key);
      else this.index.add(key);
      const parsed = parseFieldKey(key);
      if (parsed && (parsed.field === 'typeName' || parsed.field === 'id') && !parsed.subKey) {
        touched.add(parsed.recordId);
      }
    }
    if (touched.size > 0) this.updateLiveIds(touched);
    if (!this.started || this.disposed || transaction.origin === this) return;
    // Store listeners run once per animation frame: local edits made since must count as
    // pending before remote values are merged over them.
    this.store._flushHistory();
    const ids = new Set<string>();
    for (const key of changes.keys()) {
      const parsed = parseFieldKey(key);
      if (!parsed) continue;
      ids.add(parsed.recordId);
      if (this.writtenIds.has(parsed.recordId) || this.dirty.has(parsed.recordId)) {
        this.remoteKeys.add(key);
      }
    }
    if (!this.scheduleRemote) {
      this.applyRemote(ids);
      return;
    }
    for (const id of ids) this.pendingRemote.add(id);
    if (!this.remoteScheduled) {
      this.remoteScheduled = true;
      this.scheduleRemote(this.applyPendingRemote);
    }
  };

  private readonly applyPendingRemote = (): void => {
    this.remoteScheduled = false;
    if (this.disposed || this.pendingRemote.size === 0) return;
    // Local edits made since the changes arrived count as pending, and their values stay
    // (they are written after the remote ones), as when remote changes apply at once.
    this.store._flushHistory();
    const ids = [...this.pendingRemote];
    this.pendingRemote.clear();
    this.applyRemote(ids);
  };

  private applyRemote(ids: Iterable<string>): void {
    const toPut: TLRecord[] = [];
    const toRemove: TLRecord['id'][] = [];
    const orphaned: string[] = [];
    for (const id of ids) {
      const dirty = this.dirty.get(id);
      // Created or deleted here and not yet written: the pending write decides for everyone.
      if (dirty === 'all') continue;
      const current = this.store.get(id as TLRecord['id']);
      const next = this.assemble(id, current, dirty);
      if (!next) {
        // A record another binding owns now (revealed onto the board) stays in the store.
        if (current && this.owns(id)) toRemove.push(current.id);
        this.dirty.delete(id);
        if (this.index.keysOf(id).size > 0) orphaned.push(id);
        continue;
      }
      if (!this.claim(id)) continue;
      if (current && jsonEqual(asStored(current), next)) continue;
      const valid = this.validate(next, current);
      if (valid) toPut.push(valid);
    }
    if (toPut.length > 0 || toRemove.length > 0) {
      this.store.mergeRemoteChanges(() => {
        if (toRemove.length > 0) this.store.remove(toRemove);
        if (toPut.length > 0) this.store.put(toPut);
      });
    }
    if (orphaned.length > 0 && !this.$readOnlyReason.get() && !this.viewOnly) {
      removeOrphanEntries(this.kv, this, orphaned);
    }
  }

  /** The record as stored, with pending local field values laid over it; `null` if not live. */
  private assemble(id: string, current: TLRecord | undefined, dirty: Set<string> | undefined) {
    if (!this.kv.has(encodeFieldKey(id, 'typeName')) || !this.kv.has(encodeFieldKey(id, 'id'))) {
      return null;
    }
    const entries = new Map<string, JsonValue>();
    for (const key of this.index.keysOf(id)) {
      const value = this.kv.get(key);
      if (value !== undefined) entries.set(key, value);
    }
    if (dirty && current) {
      const local = recordToEntries(asStored(current));
      for (const key of dirty) {
        if (local.has(key)) entries.set(key, local.get(key) as JsonValue);
        else entries.delete(key);
      }
    }
    return entriesToRecords(entries).records.get(id) ?? null;
  }

  private validate(record: StoredRecord, before?: TLRecord): TLRecord | null {
    const types: Partial<Record<string, RecordType<TLRecord, never>>> = this.store.schema.types;
    const type = types[record.typeName];
    try {
      // Only document records sync; anything else would overwrite this tab's session state.
      if (type?.scope !== 'document') throw new Error(`not a document record: ${record.typeName}`);
      const valid = type.validate(record, before);
      this.invalidRecordIds.delete(record.id);
      return valid;
    } catch {
      // Typically written by a newer client; the schema check makes the board read-only then.
      this.invalidRecordIds.add(record.id);
      return null;
    }
  }

  private writeMigration(
    before: Map<string, StoredRecord>,
    after: Map<string, StoredRecord>,
    schema: unknown,
  ): void {
    const changes: FieldChanges = { set: new Map(), remove: new Set() };
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const diff = diffRecord(before.get(id) ?? null, after.get(id) ?? null);
      for (const [key, value] of diff.set) changes.set.set(key, value);
      for (const key of diff.remove) changes.remove.add(key);
    }
    this.doc.transact(() => {
      writeFieldChanges(this.kv, changes, this);
      this.meta.set(schemaMetaKey, schema);
    }, this);
  }

  private readonly onMetaChange = (event: Y.YMapEvent<unknown>): void => {
    if (!this.started || event.transaction.origin === this) return;
    if (!event.keysChanged.has(schemaMetaKey)) return;
    const stored = this.meta.get(schemaMetaKey);
    if (stored !== undefined && classifyStoredSchema(this.store.schema, stored) === 'newer') {
      this.$readOnlyReason.set('outdated');
      // Unwritten local changes were made against the old schema; they are dropped.
      this.dirty.clear();
      this.cancelTimer();
    }
  };

  private scheduleFlush(delayMs: number): void {
    if (this.disposed) return;
    const due = Date.now() + delayMs;
    if (this.timer !== null && this.timerDue <= due) return;
    this.cancelTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushPending(false);
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * A `scheduleRemote` for {@link YjsStoreBinding}: the next animation frame
 * at least `minIntervalMs` after the previous apply, or `fallbackMs` later
 * if frames stop (a hidden tab gets none, and remote changes must still
 * reach its store). The default interval is the binding's own write
 * interval: a peer's drag arrives no faster, so applying more often would
 * not show it any smoother, only cost more passes over a big page.
 */
export function nextFrame(minIntervalMs = 50, fallbackMs = 100): (apply: () => void) => void {
  let lastApplied = Number.NEGATIVE_INFINITY;
  const onFrame = (apply: () => void) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      lastApplied = Date.now();
      apply();
    };
    const frame = requestAnimationFrame(once);
    const timer = setTimeout(once, fallbackMs);
  };
  return (apply) => {
    const wait = lastApplied + minIntervalMs - Date.now();
    if (wait > 0) setTimeout(() => onFrame(apply), wait);
    else onFrame(apply);
  };
}

function recordIdsOf(keys: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const key of keys) {
    const parsed = parseFieldKey(key);
    if (parsed) ids.add(parsed.recordId);
  }
  return ids;
}

function asStored(record: TLRecord): StoredRecord {
  return record as unknown as StoredRecord;
}

function isInProgressStroke(record: TLRecord): record is TLDrawShape | TLHighlightShape {
  return (
    record.typeName === 'shape' &&
    (record.type === 'draw' || record.type === 'highlight') &&
    (record.props as { isComplete?: boolean }).isComplete === false
  );
}
