/**
 * Reading an element the code knows is there (tsconfig's `noUncheckedIndexedAccess`, docs/architecture.md
 * "Indexed access"). Where an element may really be missing, the caller handles it (a guard, a default, a skip);
 * these helpers are for the places where a missing element would be a broken invariant (a row just written, the
 * one row an aggregate query returns, a list checked non-empty a few lines up), and they say so with a named error
 * instead of a `TypeError` about `undefined` further on.
 */

/** A list held fewer (or, for `only`, more) elements than the code relied on. */
export class MissingElementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingElementError";
  }
}

/** The element at `index` (0 to length - 1; an index from `indexOf` that found nothing throws); throws when there is none. */
export function nth<T>(list: readonly T[], index: number, what = "element"): T {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new MissingElementError(`Expected ${what} at index ${index}, but the list holds ${list.length}.`);
  }
  return list[index] as T;
}

/** The first element; throws when the list is empty. */
export function first<T>(list: readonly T[], what = "element"): T {
  return nth(list, 0, what);
}

/** The last element; throws when the list is empty. */
export function last<T>(list: readonly T[], what = "element"): T {
  return nth(list, list.length - 1, what);
}

/** The one element of a list that must hold exactly one; throws when it holds none or several. */
export function only<T>(list: readonly T[], what = "element"): T {
  if (list.length !== 1) throw new MissingElementError(`Expected exactly one ${what}, but the list holds ${list.length}.`);
  return list[0] as T;
}

/**
 * `values` as a tuple as long as `list`: one value for each element (say the ids of the entries registered for a
 * list of participants), so the caller can destructure them without a check each. Throws when the lengths differ.
 */
export function oneEach<P extends readonly unknown[], V>(list: P, values: readonly V[], what = "value"): { -readonly [K in keyof P]: V } {
  if (values.length !== list.length) throw new MissingElementError(`Expected one ${what} for each of ${list.length}, but got ${values.length}.`);
  return [...values] as { -readonly [K in keyof P]: V };
}

/** A value the code knows is there (a row it just wrote, an event it just created); throws when it is null or undefined. */
export function present<T>(value: T | null | undefined, what = "value"): T {
  if (value === null || value === undefined) throw new MissingElementError(`Expected ${what}, but there is none.`);
  return value;
}

/** The value a map holds for a key the code knows is in it (the map was built from the same rows); throws when it is not. */
export function lookup<K, V>(map: ReadonlyMap<K, V>, key: K, what = "value"): V {
  if (!map.has(key)) throw new MissingElementError(`Expected ${what} for ${String(key)}, but there is none.`);
  return map.get(key) as V;
}
