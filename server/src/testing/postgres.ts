import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { PostgresStorage } from '../persistence/postgres/PostgresStorage.js';
import { describeWithService } from './services.js';

/** The database tests use: `TEST_DATABASE_URL`, or the local one `.ci/run` starts. */
export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the test database cannot be used, or `undefined` if it can. */
async function postgresMissing(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${testDatabaseUrl} is not reachable: ${String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

const missing = await postgresMissing();

/**
 * `describe` for suites that need PostgreSQL: they run when the test
 * database answers; otherwise they are skipped, or fail when
 * `KOHTAAMO_REQUIRE` lists `postgres` (as CI does).
 */
export function describeWithPostgres(name: string, suite: () => void): void {
  describeWithService('postgres', missing, name, suite);
}

/**
 * Opens storage in a schema of its own, empty, so tests never see each
 * other's rows; `reopen` opens the same schema again. Schemas are dropped
 * after the file's tests.
 */
export function postgresSchemas(): {
  open(schema?: string): Promise<{ storage: PostgresStorage; schema: string }>;
} {
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
    async open(existing) {
      let schema = existing;
      if (schema === undefined) {
        schema = `kohtaamo_test_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        const client = new pg.Client({ connectionString: testDatabaseUrl });
        await client.connect();
        try {
          await client.query(`create schema ${schema}`);
        } finally {
          await client.end();
        }
      }
      const storage = await PostgresStorage.open({
        connectionString: testDatabaseUrl,
        maxConnections: 4,
        poolConfig: { options: `-c search_path=${schema}` },
      });
      return { storage, schema };
    },
  };
}
