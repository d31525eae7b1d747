import type pg from 'pg';

/**
 * Runs `work` on one pooled connection inside a transaction opened with
 * `begin` (`'begin'`, or with an isolation level): committed when it
 * resolves, rolled back when it throws.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
