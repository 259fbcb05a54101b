// One queue per guest: its start, stop and destroy run one after another, so a delete that arrives during a boot
// waits for the boot and then undoes it (no listener is left on an address Neutron hands to the next server).

export interface Queued {
  queue: Promise<unknown>;
}

/** Runs `fn` after everything queued on `r` so far; a failure is the caller's, never the next job's. */
export function serial<T>(r: Queued, fn: () => Promise<T>): Promise<T> {
  const next = r.queue.then(fn, fn);
  r.queue = next.catch(() => undefined);
  return next;
}

/** The record of `key` in `records`, created by `make` the first time. */
export function recordIn<K, V>(records: Map<K, V>, key: K, make: () => V): V {
  let r = records.get(key);
  if (r === undefined) {
    r = make();
    records.set(key, r);
  }
  return r;
}
