import {
  type BoardOutcomes,
  createRecordsKeyValue,
  createTemplateInstance,
  encounterModel,
  type FieldChanges,
  layoutTemplate,
  recordToEntries,
  type StoredRecord,
  templateShapeType,
  writeFieldChanges,
} from '@kohtaamo/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { useRestartableServers } from '../helpers/server.js';
import { createClientTracker, uniqueRoomId, waitUntil } from '../helpers/yjsClients.js';

/** Writes an encounter model with one note in Listening × Strengths, as the board client stores it. */
function writeBoard(doc: Y.Doc): void {
  const instance = createTemplateInstance(encounterModel);
  const cell = layoutTemplate(instance, encounterModel).cells.find(
    (c) => c.kind === 'cell' && c.stageId === 'listening' && c.laneId === 'strengths',
  );
  if (cell === undefined) throw new Error('encounter model has no listening × strengths cell');
  const records: StoredRecord[] = [
    {
      typeName: 'shape',
      id: 'shape:encounter',
      type: templateShapeType,
      parentId: 'page:page',
      index: 'a1',
      x: 0,
      y: 0,
      rotation: 0,
      props: JSON.parse(JSON.stringify(instance)),
      meta: {},
    },
    {
      typeName: 'shape',
      id: 'shape:note',
      type: 'note',
      parentId: 'shape:encounter',
      index: 'a1',
      x: cell.box.minX + 4,
      y: cell.box.minY + 4,
      rotation: 0,
      props: {
        richText: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Lets the customer finish' }] },
          ],
        },
        scale: 0.25,
        growY: 0,
      },
      meta: { authorId: 'user-bertta', authorName: 'Bertta' },
    },
  ];
  const changes: FieldChanges = { set: new Map(), remove: new Set() };
  for (const record of records) {
    for (const [key, value] of recordToEntries(record)) changes.set.set(key, value);
  }
  writeFieldChanges(createRecordsKeyValue(doc), changes, 'test');
}

function listeningStrengths(board: BoardOutcomes) {
  return board.templates[0]?.cells.find(
    (c) => 'stageId' in c && c.stageId === 'listening' && c.laneId === 'strengths',
  );
}

describe('template export from the server, without a browser', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());
  afterEach(() => clients.closeAll());

  it('exports what a stock client wrote, from the live room and after a restart', async () => {
    const roomId = uniqueRoomId('export');
    const first = await start();
    const writer = await clients.synced(first.wsUrl, roomId);
    writeBoard(writer.doc);

    const exportUrl = (base: string, query: string) =>
      `${base}/api/rooms/${roomId}/export?${query}`;
    let live: BoardOutcomes | undefined;
    await waitUntil(
      async () => {
        const res = await fetch(exportUrl(first.url, 'format=json&locale=en'));
        if (res.status !== 200) return false;
        live = (await res.json()) as BoardOutcomes;
        return (listeningStrengths(live)?.items.length ?? 0) > 0;
      },
      { message: 'the export never showed the note' },
    );
    expect(listeningStrengths(live as BoardOutcomes)?.items).toEqual([
      expect.objectContaining({ text: 'Lets the customer finish', authorName: 'Bertta' }),
    ]);

    clients.closeAll();
    await first.stop();
    const second = await start();
    const csv = await fetch(exportUrl(second.url, 'format=csv&locale=fi'));
    expect(csv.status).toBe(200);
    const row = (await csv.text()).split('\r\n').find((line) => line.includes('Lets the customer'));
    expect(row).toContain('Kuuntelu');
    expect(row).toContain('Vahvuudet');
    expect(row).toContain('Bertta');

    const missing = await fetch(`${second.url}/api/rooms/${uniqueRoomId('none')}/export`);
    expect(missing.status).toBe(404);
  });
});
