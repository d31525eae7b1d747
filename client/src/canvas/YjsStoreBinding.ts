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
  type HistoryEntry,
  type RecordType,
  type SerializedStore,
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

  private readonly kv: RecordsKeyValue;
  private readonly meta: Y.Map<unknown>;
  private readonly index = new RecordKeyIndex();
  private readonly dirty = new Map<string, Dirty>();
  private readonly lastStrokeWrite = new Map<string, number>();
  private readonly flushIntervalMs: number;
  private readonly strokeIntervalMs: number;
  private stopListening: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = 0;
  private started = false;
  private disposed = false;

  constructor(
    private readonly store: TLStore,
    private readonly doc: Y.Doc,
    options: YjsStoreBindingOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.strokeIntervalMs = options.strokeIntervalMs ?? 200;
    this.kv = createRecordsKeyValue(doc);
    this.meta = getMetaMap(doc);
    this.kv.on('change', this.onKeyValueChange);
    this.meta.observe(this.onMetaChange);
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
      this.writeMigration(records, loaded, current);
    } else if (stored === undefined) {
      this.doc.transact(() => this.meta.set(schemaMetaKey, current), this);
    }
    if (orphanKeys.length > 0 && !this.$readOnlyReason.get()) {
      removeOrphanEntries(this.kv, this);
    }

    // Registered before loading so the records the store adds to stay usable
    // (default document and page, fixed ids, so concurrent first loads converge) are written.
    this.stopListening = this.store.listen(this.onLocalChange, {
      source: 'user',
      scope: 'document',
    });
    const valid = [...loaded.values()].flatMap((record) => this.validate(record) ?? []);
    this.store.mergeRemoteChanges(() => {
      this.store.put(valid);
    });
    this.scheduleFlush(0);
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

  private readonly onLocalChange = ({ changes }: HistoryEntry<TLRecord>): void => {
    if (this.$readOnlyReason.get()) return;
    let strokeCompleted = false;
    for (const record of Object.values(changes.added)) this.dirty.set(record.id, 'all');
    for (const [from, to] of Object.values(changes.updated)) {
      const dirty = this.dirty.get(to.id);
      if (dirty !== 'all') {
        const keys = dirty ?? new Set<string>();
        const diff = diffRecord(asStored(from), asStored(to));
        for (const key of diff.set.keys()) keys.add(key);
        for (const key of diff.remove) keys.add(key);
        if (keys.size > 0) this.dirty.set(to.id, keys);
      }
      if (isInProgressStroke(from) && !isInProgressStroke(to)) strokeCompleted = true;
    }
    for (const record of Object.values(changes.removed)) this.dirty.set(record.id, 'all');
    if (this.dirty.size === 0) return;
    this.$lastLocalChangeAt.set(Date.now());
    this.scheduleFlush(strokeCompleted ? 0 : this.flushIntervalMs);
  };

  private flushPending(force: boolean): void {
    if (!this.started || this.disposed || this.$readOnlyReason.get()) return;
    // Store listeners run once per animation frame; pick up what happened since.
    this.store._flushHistory();
    this.cancelTimer();
    const now = Date.now();
    const changes: FieldChanges = { set: new Map(), remove: new Set() };
    let nextStrokeDue = Number.POSITIVE_INFINITY;
    for (const [id, dirty] of this.dirty) {
      const record = this.store.get(id as TLRecord['id']);
      if (record && isInProgressStroke(record)) {
        const last = this.lastStrokeWrite.get(id);
        if (!force && last !== undefined && now - last < this.strokeIntervalMs) {
          nextStrokeDue = Math.min(nextStrokeDue, last + this.strokeIntervalMs);
          continue;
        }
        this.lastStrokeWrite.set(id, now);
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
    if (!record) {
      for (const key of this.index.keysOf(id)) out.remove.add(key);
      return;
    }
    const entries = recordToEntries(asStored(record));
    if (dirty === 'all') {
      for (const [key, value] of entries) out.set.set(key, value);
      for (const key of this.index.keysOf(id)) if (!entries.has(key)) out.remove.add(key);
      return;
    }
    for (const key of dirty) {
      if (entries.has(key)) out.set.set(key, entries.get(key) as JsonValue);
      else out.remove.add(key);
    }
  }

  private readonly onKeyValueChange = (
    changes: Map<string, KeyValueChange>,
    transaction: Y.Transaction,
  ): void => {
    for (const [key, change] of changes) {
      if (change.action === 'delete') this.index.remove(key);
      else this.index.add(key);
    }
    if (!this.started || this.disposed || transaction.origin === this) return;
    const ids = new Set<string>();
    for (const key of changes.keys()) {
      const parsed = parseFieldKey(key);
      if (parsed) ids.add(parsed.recordId);
    }
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
        if (current) toRemove.push(current.id);
        this.dirty.delete(id);
        if (this.index.keysOf(id).size > 0) orphaned.push(id);
        continue;
      }
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
    if (orphaned.length > 0 && !this.$readOnlyReason.get()) {
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

function asStored(record: TLRecord): StoredRecord {
  return record as unknown as StoredRecord;
}

function isInProgressStroke(record: TLRecord): boolean {
  return (
    record.typeName === 'shape' &&
    (record.type === 'draw' || record.type === 'highlight') &&
    (record.props as { isComplete?: boolean }).isComplete === false
  );
}
