import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { type Availability, decideAvailability } from './browser.js';

import { testDatabaseUrl } from './serviceUrls.js';

export { testDatabaseUrl };

async function probe(): Promise<Availability> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => {});
  let missingReason = '';
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    missingReason = `PostgreSQL at ${testDatabaseUrl} is not reachable: ${String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
  return decideAvailability(
    'postgres',
    { found: missingReason === '', location: testDatabaseUrl, missingReason },
    process.env,
  );
}

const availability = await probe();

/**
 * A `describe` block for tests that need PostgreSQL. Without it, it fails
 * loudly when `KOHTAAMO_REQUIRE` lists `postgres` (CI), else skips.
 */
export function describeWithPostgres(title: string, body: () => void): void {
  if (availability.kind === 'available') {
    describe(title, body);
    return;
  }
  if (availability.required) {
    describe(title, () => {
      it('has PostgreSQL, which KOHTAAMO_REQUIRE lists as required', () => {
        throw new Error(`${availability.reason} (KOHTAAMO_REQUIRE includes postgres)`);
      });
    });
    return;
  }
  process.stderr.write(`[postgres] skipped "${title}": ${availability.reason}\n`);
  describe.skip(title, body);
}

/**
 * Fresh, empty schemas of the test database, each reachable by its own
 * `DATABASE_URL` (the schema is the connection's `search_path`), dropped
 * after the file's tests: servers under test never see each other's rows.
 */
export function usePostgresSchemas(): { create(): Promise<string> } {
  const schemas: string[] = [];
  afterAll(async () => {
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  });
  return {
    async create() {
      const schema = `kohtaamo_it_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        await client.query(`create schema ${schema}`);
      } finally {
        await client.end();
      }
      schemas.push(schema);
      const url = new URL(testDatabaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
  };
}

/** Ids of the documents stored at `databaseUrl` (a schema's URL) that start with `prefix`. */
export async function storedDocumentIds(databaseUrl: string, prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ doc_id: string }>(
      `select doc_id from document_snapshots where starts_with(doc_id, $1)
       union select doc_id from document_log where starts_with(doc_id, $1)`,
      [prefix],
    );
    return result.rows.map((row) => row.doc_id).sort();
  } finally {
    await client.end();
  }
}
