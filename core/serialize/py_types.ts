/**
 * How Python values map to JavaScript in torch.save / torch.load:
 *
 * | Python                         | JavaScript                                                       |
 * |--------------------------------|------------------------------------------------------------------|
 * | `torch.Tensor`                 | `Tensor` (views sharing one storage share one `Storage`)         |
 * | `collections.OrderedDict`      | `OrderedDict` (a `Map` subclass; keeps `_metadata` for re-saving) |
 * | `dict`                         | `PyDict` (a `Map` subclass; keys may be strings or numbers)      |
 * | `list`                         | `Array`                                                          |
 * | `tuple`, `torch.Size`          | `PyTuple` (an `Array` subclass, so it indexes like an array)     |
 * | `int`                          | `number`, or `bigint` beyond ±2^53                               |
 * | `float`                        | `number`; integral ones as `PyFloat` with load's `exact_floats`  |
 * | `str` / `bool` / `None`        | `string` / `boolean` / `null`                                    |
 * | `bytes`                        | `Uint8Array`                                                     |
 * | `set`                          | `Set`                                                            |
 * | `torch.device('cpu')`          | the string `'cpu'`                                               |
 *
 * On save, integral numbers are written as Python ints: wrap a number in `PyFloat` to write a float (`lr = 1.0`).
 * A plain object `{a: 1}` is written as a dict, and a Map whose values are all tensors (a state_dict) as an
 * OrderedDict, like torch's `state_dict()`; use `PyDict` to force a plain dict. A `_metadata` property on such a
 * Map (or an OrderedDict) is written the way torch does (BUILD), so `load_state_dict` sees module versions.
 */

/** A Python tuple. It is an Array (index, length, map work as usual); save writes it as a tuple, not a list. */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Build a tuple from items (use this rather than `new PyTuple(n)`, which is Array's length constructor). */
  static of_items<T>(items: Iterable<T>): PyTuple<T> {
    const t = new PyTuple<T>();
    for (const x of items) t.push(x);
    return t;
  }
}

/** `collections.OrderedDict`. `attributes` holds what pickle's BUILD set on it (torch puts `_metadata` there). */
export class OrderedDict<K = unknown, V = unknown> extends Map<K, V> {
  attributes = new Map<string, unknown>();

  get _metadata(): unknown {
    return this.attributes.get('_metadata');
  }

  set _metadata(m: unknown) {
    if (m === undefined) this.attributes.delete('_metadata');
    else this.attributes.set('_metadata', m);
  }
}

/** A Map that is always saved as a plain Python `dict`, even when all its values are tensors. */
export class PyDict<K = unknown, V = unknown> extends Map<K, V> {}

/** Forces a number to be saved as a Python float even when it is integral (`lr = 1.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}
