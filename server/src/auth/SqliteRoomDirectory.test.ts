import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDocumentStore } from '../persistence/SqliteDocumentStore.js';
import { noLinkId } from './RoomDirectory.js';
import { roomDirectoryContract } from './roomDirectoryContract.js';

const stores: SqliteDocumentStore[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(file: string): SqliteDocumentStore {
  const store = SqliteDocumentStore.open(file);
  stores.push(store);
  return store;
}

function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kohtaamo-directory-'));
  dirs.push(dir);
  return join(dir, 'kohtaamo.db');
}

roomDirectoryContract(() => openStore(freshFile()).roomDirectory());

describe('SqliteRoomDirectory', () => {
  it('keeps rooms, rotated and turned-off links across a reopen', async () => {
    const file = freshFile();
    const first = SqliteDocumentStore.open(file);
    const directory = first.roomDirectory();
    await directory.create({
      roomId: 'kept',
      title: 'Kept',
      language: 'fi',
      createdAt: 5,
      linkIds: { facilitator: 'f', participant: 'p', guest: 'g', viewer: 'v' },
    });
    await directory.replaceLink('kept', 'viewer', 'v2');
    await directory.replaceLink('kept', 'guest', noLinkId);
    await first.close();
    const again = openStore(file).roomDirectory();
    expect(await again.get('kept')).toEqual({
      roomId: 'kept',
      title: 'Kept',
      language: 'fi',
      createdAt: 5,
      linkIds: { facilitator: 'f', participant: 'p', guest: noLinkId, viewer: 'v2' },
    });
  });
});
