import {
  type EditActor,
  type EditRefusalCode,
  entriesToRecords,
  type FieldEntry,
  getMetaMap,
  getRecordsArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  metaMapName,
  nestedRecordFields,
  parseFieldKey,
  type Refusal,
  recordsArrayName,
  refusal,
  refuseRecordEdit,
  type StoredRecord,
  schemaMetaKey,
} from '@kohtaamo/shared';
import * as Y from 'yjs';
import { RecordIndex } from './RecordIndex.js';
import type { RecordValidator } from './recordSchema.js';

/** Where an item of an update goes. */
type Place =
  | { readonly kind: 'records' }
  | { readonly kind: 'meta'; readonly key: string | null }
  | { readonly kind: 'elsewhere' };

const recordsPlace: Place = { kind: 'records' };
const elsewhere: Place = { kind: 'elsewhere' };

/** A run of clocks of one client inside the update being checked. */
interface LocalRun {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly place: Place;
  /** For runs in the records array: the entries, one per clock. */
  readonly entries: readonly FieldEntry[] | undefined;
}

const unknownBase = refusal<EditRefusalCode>(
  'update.unknownBase',
  'the change builds on changes this server does not have',
);

/** An item outside the records array and the schema key (nested types included). */
function layout(reason: string): Refusal<EditRefusalCode> {
  return refusal('update.layout', reason);
}

/** An entry or schema of the right place but the wrong shape. */
function malformed(reason: string): Refusal<EditRefusalCode> {
  return refusal('update.malformed', reason);
}

/** Nesting and size bounds of a JSON value in an entry. */
const maxJsonDepth = 64;

/**
 * Checks an incoming Yjs update against the board layout (`docLayout`), the
 * record schema and the sender's role (`editRules`) before it touches the
 * document, so a refused update is never applied, stored or passed on.
 *
 * The update is decoded, not applied: every inserted item must land in the
 * records array (as `{ key, val }` JSON entries) or on the schema key of
 * the meta map; its parent is read from the item or, for items placed next
 * to another, from that neighbour (in the update or the document). Deleted
 * ranges are looked up in the document. The entries set and removed then
 * give each touched record's state before and after, which is validated
 * and judged by the shared rules. Cost grows with the update and the
 * records it touches, not with the board.
 */
export class UpdateGuard {
  readonly #doc: Y.Doc;
  readonly #records: Y.Array<FieldEntry>;
  readonly #meta: Y.Map<unknown>;
  readonly #index: RecordIndex;
  readonly #validate: RecordValidator;

  constructor(doc: Y.Doc, validate: RecordValidator) {
    this.#doc = doc;
    this.#records = getRecordsArray(doc);
    this.#meta = getMetaMap(doc);
    this.#index = new RecordIndex(doc);
    this.#validate = validate;
  }

  /** Stops following the document. */
  dispose(): void {
    this.#index.dispose();
  }

  /**
   * Why `actor` may not apply `update`, or `undefined` if it may: a layout
   * or schema refusal (`update.*`, `record.*`) or a role rule's.
   * @throws if the update cannot be decoded (the caller's malformed-message path).
   */
  check(update: Uint8Array, actor: EditActor): Refusal<EditRefusalCode> | undefined {
    const { structs, ds } = Y.decodeUpdate(update);
    const runs = new Map<number, LocalRun[]>();
    const set = new Map<string, Map<string, JsonValue>>();
    const removed = new Map<string, Set<string>>();
    let schemaWritten = false;

    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      // Items the document already has (a sync step 2 racing an update) change nothing.
      if (struct.id.clock + struct.length <= Y.getState(this.#doc.store, struct.id.client))
        continue;
      const place = this.#placeOf(struct, runs);
      if (place === undefined) return unknownBase;
      const content = struct.content;
      let entries: FieldEntry[] | undefined;
      if (!(content instanceof Y.ContentDeleted)) {
        if (place.kind === 'elsewhere')
          return layout('the change writes outside the board records');
        if (!(content instanceof Y.ContentAny))
          return layout('the change writes unsupported content');
        const values = content.getContent();
        if (place.kind === 'meta') {
          if (place.key !== schemaMetaKey)
            return layout('the change writes unknown board metadata');
          if (!values.every(isStoredSchema))
            return malformed('the board schema written is malformed');
          schemaWritten = true;
        } else {
          entries = [];
          for (const value of values) {
            const refused = entryRefusal(value);
            if (refused !== undefined) return refused;
            entries.push(value as FieldEntry);
          }
        }
      }
      let clientRuns = runs.get(struct.id.client);
      if (clientRuns === undefined) {
        clientRuns = [];
        runs.set(struct.id.client, clientRuns);
      }
      clientRuns.push({
        client: struct.id.client,
        clock: struct.id.clock,
        length: struct.length,
        place,
        entries,
      });
    }

    // Entries inserted by this update and deleted by it too never take effect.
    const deletedHere = new Set<FieldEntry>();
    for (const [client, deletes] of ds.clients) {
      for (const { clock, len } of deletes) {
        for (const run of runs.get(client) ?? []) {
          if (run.entries === undefined) continue;
          const from = Math.max(clock, run.clock);
          const to = Math.min(clock + len, run.clock + run.length);
          for (let c = from; c < to; c++) deletedHere.add(run.entries[c - run.clock] as FieldEntry);
        }
        const refused = this.#collectDeletions(client, clock, len, removed, schemaWritten);
        if (refused !== undefined) return refused;
      }
    }
    for (const clientRuns of runs.values()) {
      for (const run of clientRuns) {
        for (const entry of run.entries ?? []) {
          if (deletedHere.has(entry)) continue;
          const recordId = parseFieldKey(entry.key)?.recordId as string;
          let fields = set.get(recordId);
          if (fields === undefined) {
            fields = new Map();
            set.set(recordId, fields);
          }
          fields.set(entry.key, entry.val);
        }
      }
    }
    return this.#judge(actor, set, removed);
  }

  /** The place of an item of the update, or `undefined` if it hangs off something unknown. */
  #placeOf(item: Y.Item, runs: Map<number, LocalRun[]>): Place | undefined {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      if (parent === recordsArrayName) return item.parentSub === null ? recordsPlace : elsewhere;
      if (parent === metaMapName) return { kind: 'meta', key: item.parentSub };
      return elsewhere;
    }
    if (parent !== null) return elsewhere; // a nested type: the board has none
    const neighbour = item.origin ?? item.rightOrigin;
    if (neighbour === null) return undefined;
    for (const run of runs.get(neighbour.client) ?? []) {
      if (neighbour.clock >= run.clock && neighbour.clock < run.clock + run.length) {
        return run.place;
      }
    }
    const known = this.#docItem(neighbour.client, neighbour.clock);
    if (known === undefined) return undefined;
    if (known.parent === this.#records) return recordsPlace;
    if (known.parent === this.#meta) return { kind: 'meta', key: known.parentSub };
    return elsewhere;
  }

  /** The document's item holding `clock` of `client`, if the document has it. */
  #docItem(client: number, clock: number): Y.Item | undefined {
    const structs = this.#doc.store.clients.get(client);
    if (structs === undefined || clock >= Y.getState(this.#doc.store, client)) return undefined;
    const struct = structs[Y.findIndexSS(structs, clock)];
    return struct instanceof Y.Item ? struct : undefined;
  }

  /** Records the entries a deleted range removes from the document; a refusal for other deletions. */
  #collectDeletions(
    client: number,
    clock: number,
    length: number,
    removed: Map<string, Set<string>>,
    schemaWritten: boolean,
  ): Refusal<EditRefusalCode> | undefined {
    const structs = this.#doc.store.clients.get(client);
    if (structs === undefined) return undefined;
    const end = Math.min(clock + length, Y.getState(this.#doc.store, client));
    if (clock >= end) return undefined;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock >= end) break;
      if (!(struct instanceof Y.Item) || struct.deleted) continue;
      if (struct.parent === this.#meta) {
        // Replacing the schema deletes the old value; removing it outright is not allowed.
        if (!schemaWritten) return layout('the change removes board metadata');
        continue;
      }
      if (struct.parent !== this.#records || !(struct.content instanceof Y.ContentAny)) {
        return layout('the change deletes outside the board records');
      }
      const values = struct.content.getContent() as FieldEntry[];
      const from = Math.max(clock, struct.id.clock) - struct.id.clock;
      const to = Math.min(end, struct.id.clock + struct.length) - struct.id.clock;
      for (let v = from; v < to; v++) {
        const entry = values[v] as FieldEntry;
        if (!this.#index.isCurrent(entry)) continue;
        const recordId = parseFieldKey(entry.key)?.recordId;
        if (recordId === undefined) continue;
        let keys = removed.get(recordId);
        if (keys === undefined) {
          keys = new Set();
          removed.set(recordId, keys);
        }
        keys.add(entry.key);
      }
    }
    return undefined;
  }

  /** Validates and judges every record the update touches. */
  #judge(
    actor: EditActor,
    set: Map<string, Map<string, JsonValue>>,
    removed: Map<string, Set<string>>,
  ): Refusal<EditRefusalCode> | undefined {
    const touched = new Set([...set.keys(), ...removed.keys()]);
    const after = new Map<string, Judged>();
    for (const recordId of touched) {
      const before = this.#index.record(recordId);
      const changes = { set: set.get(recordId), removed: removed.get(recordId) };
      after.set(
        recordId,
        (before && patchRecord(before, changes)) ?? {
          record: this.#assemble(recordId, changes),
          changed: undefined,
        },
      );
    }
    const lookup = (recordId: string): StoredRecord | undefined =>
      after.has(recordId) ? after.get(recordId)?.record : this.#index.record(recordId);
    for (const recordId of touched) {
      const before = this.#index.record(recordId);
      const { record: next, changed } = after.get(recordId) as Judged;
      if (changed?.size === 0) continue;
      if (next !== undefined) {
        if (!recordId.startsWith(`${next.typeName}:`)) {
          return refusal(
            'record.invalid',
            `record ${recordId} does not match its type ${JSON.stringify(next.typeName)}`,
          );
        }
        const invalid = this.#validate(
          next,
          before?.typeName === next.typeName ? before : undefined,
        );
        if (invalid !== undefined) {
          return refusal('record.invalid', `invalid ${next.typeName} ${recordId}: ${invalid}`);
        }
      }
      const refused = refuseRecordEdit(actor, before, next, lookup, changed);
      if (refused !== undefined) return refused;
    }
    return undefined;
  }

  /** A record after `changes`, assembled from all its entries (creation, or a change of its identity or containers). */
  #assemble(recordId: string, changes: EntryChanges): StoredRecord | undefined {
    const entries = this.#index.entries(recordId);
    for (const key of changes.removed ?? []) entries.delete(key);
    for (const [key, val] of changes.set ?? []) entries.set(key, val);
    return entriesToRecords(entries).records.get(recordId);
  }
}

/** The entries an update sets and removes for one record. */
interface EntryChanges {
  readonly set: ReadonlyMap<string, JsonValue> | undefined;
  readonly removed: ReadonlySet<string> | undefined;
}

/** A record after an update and, when known, the fields whose value changed. */
interface Judged {
  readonly record: StoredRecord | undefined;
  readonly changed: Set<string> | undefined;
}

/**
 * `before` with field-level `changes` applied, sharing every untouched
 * value with it (so the record validator can skip them), plus the fields
 * whose value changed; `undefined` when the change touches the record's
 * identity (`id`, `typeName`) or a `props`/`meta` container, which only a
 * full assembly gets right.
 */
function patchRecord(before: StoredRecord, changes: EntryChanges): Judged | undefined {
  const next: Record<string, JsonValue | undefined> = { ...before };
  const copied = new Set<string>();
  const changed = new Set<string>();
  const apply = (key: string, value: JsonValue | undefined): boolean => {
    const parsed = parseFieldKey(key);
    if (parsed === null) return true;
    const { field, subKey } = parsed;
    if (subKey === null) {
      if (field === 'id' || field === 'typeName' || nestedRecordFields.has(field)) {
        // Re-asserting the same identity, or an object container over an object, changes
        // nothing; anything else needs a full assembly.
        if (value === undefined) return false;
        if (nestedRecordFields.has(field))
          return isJsonObject(value) && isJsonObject(before[field]);
        return value === before[field];
      }
      if (!jsonEqual(before[field], value)) changed.add(field);
      if (value === undefined) delete next[field];
      else next[field] = value;
      return true;
    }
    const container = next[field];
    if (!isJsonObject(container)) return true; // an orphan entry: readers ignore it
    if (!copied.has(field)) {
      next[field] = { ...container };
      copied.add(field);
    }
    const target = next[field] as JsonObject;
    if (!jsonEqual((before[field] as JsonObject)[subKey], value)) changed.add(`${field}.${subKey}`);
    if (value === undefined) delete target[subKey];
    else target[subKey] = value;
    return true;
  };
  for (const key of changes.removed ?? []) {
    if (changes.set?.has(key)) continue;
    if (!apply(key, undefined)) return undefined;
  }
  for (const [key, value] of changes.set ?? []) {
    if (!apply(key, value)) return undefined;
  }
  return { record: next as StoredRecord, changed };
}

/** Why a value cannot be a records entry, or `undefined`. */
function entryRefusal(value: unknown): Refusal<EditRefusalCode> | undefined {
  if (!isJsonObject(value) || typeof value.key !== 'string' || !('val' in value)) {
    return malformed('the change writes a malformed record entry');
  }
  if (parseFieldKey(value.key) === null) {
    return malformed('the change writes a malformed record entry key');
  }
  if (!isJson(value.val, 0)) return malformed('the change writes a value that is not JSON');
  return undefined;
}

function isJson(value: unknown, depth: number): boolean {
  if (depth > maxJsonDepth) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      return Object.values(value).every((item) => isJson(item, depth + 1));
    default:
      return false;
  }
}

/** Whether a value looks like a serialized tldraw store schema. */
function isStoredSchema(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.schemaVersion === 'number' &&
    isJsonObject(value.sequences) &&
    isJson(value, 0)
  );
}
