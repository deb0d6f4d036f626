import type { EntityManager } from 'typeorm';

/**
 * The rows of a statement with RETURNING. TypeORM's PostgreSQL driver answers UPDATE and
 * DELETE with `[rows, affectedCount]` but SELECT and INSERT with `rows`; this always gives rows.
 * Part of the connection layer (a driver's quirk), called by the repositories, which declare `T`.
 */
export async function returningRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result: unknown = await manager.query(sql, parameters);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
