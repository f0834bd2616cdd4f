// Batches the loads that sibling resolvers start in the same tick into one call, per request, so that a
// nested field under a list (regions -> recruitmentFigures) costs one SQL statement, not one per parent.
import type { Context } from '../context.js';

interface Pending<K, V> {
  keys: K[];
  waiters: Map<K, { resolve: (v: V) => void; reject: (e: unknown) => void }[]>;
}

/**
 * Loads `key` together with every other key asked for under the same `group` in this tick. `group`
 * must identify everything but the key (the field, its arguments, the selection): GraphQL hands every
 * item of a list the same field node object, so (fieldNode, JSON of arguments) works.
 */
export function batchLoad<K, V>(
  ctx: Context,
  group: object,
  groupArgs: string,
  key: K,
  load: (keys: K[]) => Promise<Map<K, V>>,
  missing: () => V,
): Promise<V> {
  let byArgs = ctx.batches.get(group) as Map<string, Pending<K, V>> | undefined;
  if (!byArgs) {
    byArgs = new Map();
    ctx.batches.set(group, byArgs);
  }
  let pending = byArgs.get(groupArgs);
  if (!pending) {
    const created: Pending<K, V> = { keys: [], waiters: new Map() };
    pending = created;
    byArgs.set(groupArgs, created);
    const groups = byArgs;
    // After the current promise jobs, so every sibling resolver of this tick has enqueued its key.
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        groups.delete(groupArgs);
        load(created.keys).then(
          (values) => {
            for (const [k, ws] of created.waiters) {
              const v = values.has(k) ? (values.get(k) as V) : missing();
              for (const w of ws) w.resolve(v);
            }
          },
          (error) => {
            for (const ws of created.waiters.values()) for (const w of ws) w.reject(error);
          },
        );
      }),
    );
  }
  const p = pending;
  return new Promise<V>((resolve, reject) => {
    const list = p.waiters.get(key);
    if (list) list.push({ resolve, reject });
    else {
      p.keys.push(key);
      p.waiters.set(key, [{ resolve, reject }]);
    }
  });
}
