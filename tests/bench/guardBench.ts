import { pathToFileURL } from 'node:url';
import { type EditActor, fitRatingMetaKey, type StoredRecord } from '@kohtaamo/shared';
import { journeyMapRecord, noteRecord, writeRecord } from '@kohtaamo/shared/testing';
import * as Y from 'yjs';
// Source imports (tsx): the server package exports only its app entry.
import { loadRecordValidator } from '../../server/src/room/recordSchema.js';
import { UpdateGuard } from '../../server/src/room/UpdateGuard.js';
import { fixed, formatTable } from './formatTable.js';

/** One line of the update-check micro-bench. */
export interface GuardResult {
  readonly records: number;
  readonly update: string;
  readonly bytes: number;
  readonly usPerCheck: number;
  /** Decoding alone (`Y.decodeUpdate`), the floor of any check that reads the update. */
  readonly usDecode: number;
  readonly refused: boolean;
}

let sink = 0;

function bestUsPerOp(count: number, run: () => void): number {
  for (let index = 0; index < Math.min(count, 200); index++) run();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < count; index++) run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / count / 1000);
  }
  return best;
}

/** The update a change makes on a copy of `server`. */
function updateOf(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * Microseconds per `UpdateGuard.check`, the per-update role and schema
 * check of rooms with roles, for typical updates on boards of different
 * sizes: its cost follows the update and the records it touches, not the
 * board. Also prints the index's build time and heap.
 */
export async function runGuardBench(count: number, boardSizes: readonly number[]) {
  const validate = await loadRecordValidator();
  const guestId = 'guestParticipant000001';
  const participant: EditActor = { role: 'participant', participantId: 'participant00000000001' };
  const guest: EditActor = { role: 'guest', participantId: guestId };
  const results: GuardResult[] = [];
  const indexes: { records: number; buildMs: number; heapMiB: number }[] = [];
  for (const size of boardSizes) {
    const server = new Y.Doc();
    const seed = new Y.Doc();
    const others: StoredRecord[] = [];
    for (let index = 0; index < size; index++) {
      const note = noteRecord(
        `shape:n${index}`,
        index % 2 === 0 ? guestId : 'someoneElse000000000001',
        index,
      );
      others.push(note);
      writeRecord(seed, null, note);
    }
    const template = journeyMapRecord('shape:template', false);
    writeRecord(seed, null, template);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(seed));
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const guard = new UpdateGuard(server, validate);
    const buildMs = performance.now() - started;
    globalThis.gc?.();
    indexes.push({
      records: size,
      buildMs,
      heapMiB: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
    });
    const own = others[0] as StoredRecord;
    const theirs = others[1] as StoredRecord;
    const cases: [string, EditActor, Uint8Array][] = [
      [
        'participant moves a note',
        participant,
        updateOf(server, (d) => writeRecord(d, theirs, { ...theirs, x: -1, y: -1 })),
      ],
      [
        'guest moves own note',
        guest,
        updateOf(server, (d) => writeRecord(d, own, { ...own, x: -1, y: -1 })),
      ],
      [
        'guest adds a note',
        guest,
        updateOf(server, (d) => writeRecord(d, null, noteRecord('shape:new', guestId))),
      ],
      [
        'guest rates a template',
        guest,
        updateOf(server, (d) =>
          writeRecord(d, template, { ...template, meta: { [fitRatingMetaKey(guestId)]: 4 } }),
        ),
      ],
      [
        "guest moves another's note (refused)",
        guest,
        updateOf(server, (d) => writeRecord(d, theirs, { ...theirs, x: -1 })),
      ],
    ];
    for (const [update, actor, bytes] of cases) {
      const refused = guard.check(bytes, actor) !== undefined;
      results.push({
        records: size,
        update,
        bytes: bytes.byteLength,
        usPerCheck: bestUsPerOp(count, () => {
          sink += guard.check(bytes, actor) === undefined ? 1 : 0;
        }),
        usDecode: bestUsPerOp(count, () => {
          sink += Y.decodeUpdate(bytes).structs.length;
        }),
        refused,
      });
    }
    guard.dispose();
  }
  if (sink === Number.NEGATIVE_INFINITY) console.log(sink);
  return { results, indexes };
}

/** Prints the micro-bench tables. */
export async function printGuardBench(count: number, boardSizes: readonly number[]): Promise<void> {
  const { results, indexes } = await runGuardBench(count, boardSizes);
  console.log(`\nUpdate check (rooms with roles): ${count} checks per line, best of 5 runs`);
  console.log(
    formatTable(
      ['board notes', 'update', 'bytes', 'µs/check', 'µs decode only', 'verdict'],
      results.map((r) => [
        String(r.records),
        r.update,
        String(r.bytes),
        fixed(r.usPerCheck, 1),
        fixed(r.usDecode, 1),
        r.refused ? 'refused' : 'accepted',
      ]),
    ),
  );
  console.log(
    formatTable(
      ['board notes', 'index build ms', 'index heap MiB'],
      indexes.map((i) => [
        String(i.records),
        fixed(i.buildMs, 1),
        globalThis.gc === undefined ? 'n/a (needs --expose-gc)' : fixed(i.heapMiB, 1),
      ]),
    ),
  );
}

// `tsx bench/guardBench.ts [count]` runs it alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await printGuardBench(Number(process.argv[2] ?? 2000), [200, 5000]);
}
