/** The PostgreSQL tests and benches use: `TEST_DATABASE_URL`, or the local one `.ci/run` starts. */
export const testDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The Redis tests and benches use: `TEST_REDIS_URL`, or the local one `.ci/run` starts. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
