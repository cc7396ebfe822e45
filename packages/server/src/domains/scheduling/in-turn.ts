/**
 * Runs several queries one after the other and gives back their results in order. Within one
 * transaction a node-postgres client takes one query at a time (Promise.all would queue them on
 * the client, which pg warns is deprecated), and Drizzle's queries only start when awaited.
 */
export async function inTurn<T extends readonly unknown[]>(
  ...queries: { [K in keyof T]: PromiseLike<T[K]> }
): Promise<T> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query);
  return results as unknown as T;
}
