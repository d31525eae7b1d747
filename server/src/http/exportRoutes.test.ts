import {
  type BoardOutcomes,
  createRecordsKeyValue,
  createTemplateInstance,
  defaultUploadLimits,
  type FieldChanges,
  facilitationMapName,
  journeyMap,
  layoutTemplate,
  recordToEntries,
  type SessionSummary,
  type StoredRecord,
  templateShapeType,
  writeFieldChanges,
} from '@kohtaamo/shared';
import {
  workshopFacilitationEntries,
  workshopNamedVoters,
  workshopRecords,
} from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createApp } from '../app.js';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';
import { createTestLogger } from '../testing/testLogger.js';
import { MemoryUploadStore } from '../uploads/MemoryUploadStore.js';
import type { AuthorizeRoom } from './authorizeRoom.js';
import type { ExportRoomInfo } from './exportRoutes.js';

const roomId = 'export-room';
const templateId = 'shape:journey';

/** A board as the client stores it: one journey map with a note in Purchase × Pain points. */
function boardUpdate(): Uint8Array {
  const instance = createTemplateInstance(journeyMap);
  const layout = layoutTemplate(instance, journeyMap);
  const cell = layout.cells.find(
    (c) => c.kind === 'cell' && c.stageId === 'purchase' && c.laneId === 'painPoints',
  );
  if (cell === undefined) throw new Error('journey map has no purchase × pain points cell');
  const centre = { x: (cell.box.minX + cell.box.maxX) / 2, y: (cell.box.minY + cell.box.maxY) / 2 };
  const records: StoredRecord[] = [
    {
      typeName: 'shape',
      id: templateId,
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
      parentId: templateId,
      index: 'a1',
      x: centre.x - 50,
      y: centre.y - 50,
      rotation: 0,
      props: {
        richText: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Checkout, too slow' }] }],
        },
        scale: 0.5,
        growY: 0,
      },
      meta: { authorId: 'user-aino', authorName: 'Aino' },
    },
  ];
  const doc = new Y.Doc();
  const changes: FieldChanges = { set: new Map(), remove: new Set() };
  for (const record of records) {
    for (const [key, value] of recordToEntries(record)) changes.set.set(key, value);
  }
  writeFieldChanges(createRecordsKeyValue(doc), changes, 'test');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The fixture workshop (`workshopBoard.ts`) with its facilitation map, as one update. */
function workshopUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const changes: FieldChanges = { set: new Map(), remove: new Set() };
  for (const record of workshopRecords()) {
    for (const [key, value] of recordToEntries(record)) changes.set.set(key, value);
  }
  writeFieldChanges(createRecordsKeyValue(doc), changes, 'test');
  const map = doc.getMap<unknown>(facilitationMapName);
  for (const [key, value] of workshopFacilitationEntries()) map.set(key, value);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function appWith(
  documents: Record<string, Uint8Array[]>,
  authorizeRoom?: AuthorizeRoom,
  directory: Record<string, ExportRoomInfo> = {},
) {
  return createApp({
    store: new MemoryDocumentStore(),
    rooms: { healthy: true, roomCount: 0, connectionCount: 0 },
    documents: { readDocument: async (id) => documents[id] ?? [] },
    lookupRoom: async (id) => directory[id],
    uploads: new MemoryUploadStore(),
    uploadLimits: defaultUploadLimits,
    authorizeRoom,
    logger: createTestLogger(),
  });
}

describe('GET /api/rooms/:roomId/export', () => {
  const app = appWith({ [roomId]: [boardUpdate()] });

  it('returns the templates as JSON with the note in its cell and its author', async () => {
    const res = await app.request(`/api/rooms/${roomId}/export?format=json&locale=fi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="kohtaamo-${roomId}.json"`,
    );
    const board = (await res.json()) as BoardOutcomes;
    expect(board).toMatchObject({ format: 'kohtaamo-outcomes', locale: 'fi', roomId });
    expect(board.templates).toHaveLength(1);
    const cell = board.templates[0]?.cells.find(
      (c) => 'stageId' in c && c.stageId === 'purchase' && c.laneId === 'painPoints',
    );
    expect(cell?.items).toEqual([
      expect.objectContaining({ text: 'Checkout, too slow', authorName: 'Aino' }),
    ]);
  });

  it('returns CSV with one row per note, labelled in the chosen language', async () => {
    const res = await app.request(`/api/rooms/${roomId}/export?format=csv&locale=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await res.text();
    const noteRow = csv.split('\r\n').find((line) => line.includes('Checkout, too slow'));
    expect(noteRow).toContain('Purchase');
    expect(noteRow).toContain('Pain points');
    expect(noteRow).toContain('Aino');
  });

  it('returns a Markdown report', async () => {
    const res = await app.request(`/api/rooms/${roomId}/export?format=md&locale=fi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const markdown = await res.text();
    expect(markdown).toContain('Ostaminen');
    expect(markdown).toContain('Checkout, too slow');
  });

  it('exports one template by its shape id and 404s an unknown one', async () => {
    const one = await app.request(
      `/api/rooms/${roomId}/export?template=${encodeURIComponent(templateId)}`,
    );
    expect(((await one.json()) as BoardOutcomes).templates).toHaveLength(1);
    const missing = await app.request(`/api/rooms/${roomId}/export?template=shape:nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'template_not_found', message: expect.any(String) },
    });
  });

  it('answers 404 for a room never written and 400 for bad input', async () => {
    const unknown = await app.request('/api/rooms/nobody-here/export');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'room_not_found' } });
    const badFormat = await app.request(`/api/rooms/${roomId}/export?format=pdf`);
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({
      error: { code: 'invalid_query', message: expect.stringContaining('format') },
    });
    const badRoom = await app.request('/api/rooms/bad%20id/export');
    expect(badRoom.status).toBe(400);
    expect(await badRoom.json()).toMatchObject({ error: { code: 'invalid_room_id' } });
  });

  it('asks the access hook with the export action', async () => {
    const asked: string[] = [];
    const denying = appWith({ [roomId]: [boardUpdate()] }, (id, action) => {
      asked.push(`${id}:${action}`);
      return false;
    });
    const res = await denying.request(`/api/rooms/${roomId}/export`);
    expect(res.status).toBe(403);
    expect(asked).toEqual([`${roomId}:export`]);
  });
});

describe('GET /api/rooms/:roomId/export with facilitation and summaries', () => {
  const app = appWith(
    { workshop: [workshopUpdate()], 'open-room': [workshopUpdate()] },
    undefined,
    {
      workshop: { title: 'Palvelutyöpaja', language: 'fi' },
      'empty-room': { title: 'Tyhjä', language: 'en' },
    },
  );

  it('puts the facilitation part and reactions into the JSON export', async () => {
    const res = await app.request('/api/rooms/workshop/export?format=json');
    const board = (await res.json()) as BoardOutcomes;
    // No locale asked: the room's language.
    expect(board).toMatchObject({ version: 2, locale: 'fi' });
    expect(board.facilitation?.agenda[1]).toMatchObject({ title: 'Asiakastarpeet', current: true });
    expect(board.facilitation?.voteSessions.map((session) => session.status)).toEqual([
      'revealed',
      'revealed',
      'notRevealed',
    ]);
    expect(JSON.stringify(board)).toContain('"reactions":{"thumbsUp":3,"warning":1}');
  });

  it('fills the vote columns of the CSV from the latest revealed session', async () => {
    const res = await app.request('/api/rooms/workshop/export?format=csv&locale=en');
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toContain(',Votes,Votes (team),Votes (customers)');
    expect(csv.split('\r\n').find((line) => line.includes('Loyalty chat'))).toMatch(/,4,1,3$/);
  });

  it('serves the session summary as Markdown in the room language with its title', async () => {
    const res = await app.request('/api/rooms/workshop/export?format=summary');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="kohtaamo-workshop-summary.md"',
    );
    const md = await res.text();
    expect(md.startsWith('# Palvelutyöpaja\n')).toBe(true);
    expect(md).toContain('\n## Äänestystulokset\n');
    expect(md).toContain('*Tuloksia ei ole julkaistu*');
  });

  it('serves the summary as JSON, and English when asked', async () => {
    const res = await app.request('/api/rooms/workshop/export?format=summary-json&locale=en');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const summary = (await res.json()) as SessionSummary;
    expect(summary).toMatchObject({
      format: 'kohtaamo-session-summary',
      locale: 'en',
      title: 'Palvelutyöpaja',
      roomId: 'workshop',
    });
    expect(summary.topReactions[0]?.shapeId).toBe('shape:n1');
    const anonymous = JSON.stringify(summary.outcomes.facilitation?.voteSessions[1]);
    for (const name of workshopNamedVoters) expect(anonymous).not.toContain(name);
  });

  it('exports a listed room whose board is empty, and 404s a room that does not exist', async () => {
    const empty = await app.request('/api/rooms/empty-room/export?format=summary');
    expect(empty.status).toBe(200);
    expect((await empty.text()).startsWith('# Tyhjä\n')).toBe(true);
    const emptyJson = await app.request('/api/rooms/empty-room/export');
    expect(emptyJson.status).toBe(200);
    expect(await emptyJson.json()).toMatchObject({
      title: 'Tyhjä',
      language: 'en',
      locale: 'en',
      templates: [],
    });
    const emptyMarkdown = await app.request('/api/rooms/empty-room/export?format=md');
    expect((await emptyMarkdown.text()).startsWith('# Tyhjä\n')).toBe(true);
    const missing = await app.request('/api/rooms/no-such-room/export?format=summary');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'room_not_found' } });
  });

  it('summarises an open room (not in the directory) in English under a generic title', async () => {
    const res = await app.request('/api/rooms/open-room/export?format=summary');
    expect((await res.text()).startsWith('# Workshop summary\n')).toBe(true);
  });
});
