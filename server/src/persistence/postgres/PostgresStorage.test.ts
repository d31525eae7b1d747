import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { roomDirectoryContract } from '../../auth/roomDirectoryContract.js';
import { documentStoreContract } from '../../testing/documentStoreContract.js';
import { describeWithPostgres, postgresSchemas, testDatabaseUrl } from '../../testing/postgres.js';
import {
  patternBytes,
  readAll,
  storeBytes,
  uploadStoreContract,
} from '../../testing/uploadStoreContract.js';
import { uploadChunkBytes } from '../../uploads/PostgresUploadStore.js';
import type { UploadStore } from '../../uploads/UploadStore.js';
import type { DocumentStore } from '../DocumentStore.js';
import { FencedOutError } from '../FencedOutError.js';
import { PostgresStorage, postgresSchemaVersion } from './PostgresStorage.js';

const schemas = postgresSchemas();
const open: { storage: PostgresStorage; schema: string }[] = [];

afterEach(async () => {
  for (const { storage } of open.splice(0)) await storage.close();
});

async function fresh(schema?: string) {
  const opened = await schemas.open(schema);
  open.push(opened);
  return opened;
}

/** The schema a store was opened in, for reopening it. */
const schemaOf = new WeakMap<object, string>();

describeWithPostgres('PostgreSQL storage', () => {
  documentStoreContract('PostgresDocumentStore', {
    async open() {
      const { storage, schema } = await fresh();
      schemaOf.set(storage.documents, schema);
      return storage.documents;
    },
    async reopen(store: DocumentStore) {
      await store.close();
      const { storage, schema } = await fresh(schemaOf.get(store));
      schemaOf.set(storage.documents, schema);
      return storage.documents;
    },
  });

  roomDirectoryContract(async () => (await fresh()).storage.directory);

  uploadStoreContract('PostgresUploadStore', {
    async open() {
      const { storage, schema } = await fresh();
      schemaOf.set(storage.uploads, schema);
      return storage.uploads;
    },
    async reopen(store: UploadStore) {
      await store.close();
      const { storage, schema } = await fresh(schemaOf.get(store));
      schemaOf.set(storage.uploads, schema);
      return storage.uploads;
    },
  });

  it('stores uploads in chunks and reads ranges across chunk boundaries', async () => {
    const { storage } = await fresh();
    const bytes = patternBytes(uploadChunkBytes * 2 + 1234, 7);
    const info = await storeBytes(storage.uploads, 'room-chunks-aaaaaaaaaaa', bytes, {
      chunkSize: 100_000,
    });
    // Buffer.equals: a deep equality of half a megabyte, byte by byte, takes seconds.
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    expect(same(await readAll(await storage.uploads.read(info)), bytes)).toBe(true);
    for (const [offset, length] of [
      [uploadChunkBytes - 10, 20],
      [uploadChunkBytes * 2 - 1, 1235],
      [0, uploadChunkBytes * 2 + 1234],
      [5, 0],
    ] as const) {
      const part = await readAll(await storage.uploads.read(info, { offset, length }));
      expect(same(part, bytes.subarray(offset, offset + length)), `${offset}+${length}`).toBe(true);
    }
    // A range past the end stops at the last byte.
    const tail = await readAll(
      await storage.uploads.read(info, { offset: bytes.length - 3, length: 10 }),
    );
    expect(tail).toEqual(bytes.subarray(bytes.length - 3));
  });

  it('refuses writes of a former owner once a newer lease fenced the room', async () => {
    const { storage: a, schema } = await fresh();
    const { storage: b } = await fresh(schema);
    let aFence = 1;
    a.documents.useFences((roomId) => (roomId === 'room' ? aFence : undefined));
    b.documents.useFences((roomId) => (roomId === 'room' ? 2 : undefined));
    expect(await a.documents.fenceRoom('room', 1)).toBe(true);
    await a.documents.append('room', [new Uint8Array([1])]);
    await a.documents.append('room.ballots', [new Uint8Array([2])]);

    expect(await b.documents.fenceRoom('room', 2)).toBe(true);
    await expect(a.documents.append('room', [new Uint8Array([3])])).rejects.toBeInstanceOf(
      FencedOutError,
    );
    await expect(a.documents.append('room.private.x', [new Uint8Array([3])])).rejects.toThrow(
      FencedOutError,
    );
    await expect(a.documents.compact('room', new Uint8Array([9]), 1)).rejects.toThrow(
      FencedOutError,
    );
    // A stale lease cannot take the room back; other rooms are not fenced.
    expect(await a.documents.fenceRoom('room', 1)).toBe(false);
    await a.documents.append('other', [new Uint8Array([4])]);
    // The new owner sees what the old one wrote, and writes on.
    await b.documents.append('room', [new Uint8Array([5])]);
    const stored = await b.documents.load('room');
    expect(stored.updates.map((update) => [...update])).toEqual([[1], [5]]);
    aFence = 3;
    expect(await a.documents.fenceRoom('room', 3)).toBe(true);
    await a.documents.append('room', [new Uint8Array([6])]);
  });

  it('migrates once when two instances start together, and both work', async () => {
    const { schema } = await fresh();
    // The first open migrated; drop the schema's tables to start over, then race two opens.
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(`drop schema ${schema} cascade`);
      await client.query(`create schema ${schema}`);
    } finally {
      await client.end();
    }
    const [a, b] = await Promise.all([fresh(schema), fresh(schema)]);
    await a.storage.documents.append('room', [new Uint8Array([1])]);
    expect((await b.storage.documents.load('room')).updates).toHaveLength(1);
    const check = new pg.Client({
      connectionString: testDatabaseUrl,
      options: `-c search_path=${schema}`,
    });
    await check.connect();
    try {
      const version = await check.query('select version from kohtaamo_schema');
      expect(version.rows).toEqual([{ version: postgresSchemaVersion }]);
    } finally {
      await check.end();
    }
  });

  it('refuses a database written by a newer schema', async () => {
    const { schema } = await fresh();
    const client = new pg.Client({
      connectionString: testDatabaseUrl,
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    try {
      await client.query('update kohtaamo_schema set version = 999');
    } finally {
      await client.end();
    }
    await expect(
      PostgresStorage.open({
        connectionString: testDatabaseUrl,
        poolConfig: { options: `-c search_path=${schema}` },
      }),
    ).rejects.toThrow(/newer than this server supports/);
  });
});
