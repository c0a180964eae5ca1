/** Our save → our load for every supported JS value, and torch.save's refusals (each a SerializationError). */
import { describe, expect, it } from 'vitest';
import { load, save, OrderedDict, PyDict, PyFloat, PyTuple, SerializationError } from '../../core/serialize/index.ts';
import { Tensor } from '../../core/tensor/tensor.ts';
import { arange, tensor, tensorHex, view } from './helpers.ts';

function expectError(f: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SerializationError);
  expect((err as SerializationError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe('save → load in JS', () => {
  it('keeps types: OrderedDict with attributes, PyDict, tuples, sets, bytes, bigints, floats, -0, NaN', () => {
    const od = new OrderedDict<string, unknown>([['a', 1]]);
    od.attributes.set('_metadata', new OrderedDict([['', new PyDict([['version', 1]])]]));
    od.attributes.set('other', 'x');
    const obj = new PyDict<unknown, unknown>([
      ['od', od],
      ['tensors_as_dict', new PyDict([['t', arange('float32', [2])]])],
      ['tup', PyTuple.of_items([1, 'two', PyTuple.of_items([]), PyTuple.of_items([3, 4, 5, 6])])],
      ['set', new Set([1, 'a'])],
      ['bytes', Uint8Array.from([0, 128, 255])],
      ['big', -(2n ** 100n)],
      ['edge', [2 ** 31, -(2 ** 31) - 1, 255, 256, 65535, 65536, -1, Number.MAX_SAFE_INTEGER]],
      ['floats', [new PyFloat(2), -0, NaN, Infinity, 1e-300, 0.1]],
      [PyTuple.of_items([1, 2]), 'tuple key'],
      [7, 'int key'],
      ['list1', [null]],
      ['many', Array.from({ length: 2500 }, (_, i) => i)],
    ]);
    const back = load(save(obj), { exact_floats: true }) as PyDict<unknown, any>;
    expect(back).toBeInstanceOf(PyDict);
    const bod = back.get('od') as OrderedDict;
    expect(bod).toBeInstanceOf(OrderedDict);
    expect(bod.attributes.get('other')).toBe('x');
    expect((bod._metadata as Map<string, Map<string, number>>).get('')!.get('version')).toBe(1);
    expect(back.get('tensors_as_dict')).toBeInstanceOf(PyDict);
    expect(back.get('tensors_as_dict')).not.toBeInstanceOf(OrderedDict);
    const tup = back.get('tup');
    expect(tup).toBeInstanceOf(PyTuple);
    expect([...tup[3]]).toEqual([3, 4, 5, 6]);
    expect(back.get('set')).toEqual(new Set([1, 'a']));
    expect([...back.get('bytes')]).toEqual([0, 128, 255]);
    expect(back.get('big')).toBe(-(2n ** 100n));
    expect(back.get('edge')).toEqual([2 ** 31, -(2 ** 31) - 1, 255, 256, 65535, 65536, -1, Number.MAX_SAFE_INTEGER]);
    const [two, negZero, nan, inf, tiny, tenth] = back.get('floats');
    expect(two).toEqual(new PyFloat(2));
    expect(Object.is(negZero, -0)).toBe(true);
    expect(nan).toBeNaN();
    expect([inf, tiny, tenth]).toEqual([Infinity, 1e-300, 0.1]);
    const tupleKey = [...back.keys()].find((k) => k instanceof PyTuple) as PyTuple;
    expect([...tupleKey]).toEqual([1, 2]);
    expect(back.get(7)).toBe('int key');
    expect(back.get('list1')).toEqual([null]);
    expect(back.get('many')).toHaveLength(2500);
  });

  it('an empty state_dict Map with _metadata (a model without parameters) saves as an OrderedDict', () => {
    const sd = new Map<string, Tensor>();
    (sd as any)._metadata = new OrderedDict([['', new PyDict([['version', 1]])]]);
    const back = load(save(sd)) as OrderedDict;
    expect(back).toBeInstanceOf(OrderedDict);
    expect(back.size).toBe(0);
    expect((back._metadata as Map<string, unknown>).has('')).toBe(true);
  });

  it('keeps views sharing one storage and every dtype bit-exact', () => {
    const base = arange('float32', [4, 5]);
    const sd = new Map<string, Tensor>([
      ['base', base], ['T', view(base, [5, 4], [1, 5], 0)], ['tail', view(base, [3], [1], 17)],
      ['h', tensor('float16', [2], [0x7e01, 0xfc00])], ['b', tensor('bfloat16', [1], [0x7fc1])], ['i', tensor('int64', [2], [-(2 ** 53), 2 ** 53])],
    ]);
    const back = load(save(sd)) as Map<string, Tensor>;
    expect(back.get('T')!._storage).toBe(back.get('base')!._storage);
    expect(back.get('tail')!._storage).toBe(back.get('base')!._storage);
    for (const [k, t] of sd) expect([k, tensorHex(back.get(k)!)]).toEqual([k, tensorHex(t)]);
  });
});

describe('torch.save refuses values with no Python equivalent', () => {
  it('names the path of the offending value', () => {
    expectError(() => save(new Map([['steps', tensor('int64', [1], [1.5])]])), 'UNSUPPORTED_VALUE', /obj\["steps"\] is an int64 tensor holding 1\.5/);
    expectError(() => save({ a: { b: undefined } }), 'UNSUPPORTED_VALUE', /obj\["a"\]\["b"\] is undefined/);
    expectError(() => save({ f: () => 1 }), 'UNSUPPORTED_VALUE', /obj\["f"\] is a function/);
    expectError(() => save({ d: new Date(0) }), 'UNSUPPORTED_VALUE', /obj\["d"\] is a Date/);
    const cyc: unknown[] = [];
    cyc.push(cyc);
    expectError(() => save(cyc), 'UNSUPPORTED_VALUE', /reference cycle/);
    expectError(() => save(new Map([[{}, 1]])), 'UNSUPPORTED_VALUE', /key of type object/);
    expectError(() => save(new Map([['lr', 0.5]]), { weights_only: true }), 'UNSUPPORTED_VALUE', /weights_only=True\) cannot read/);
    expectError(() => save(arange('float32', [2]), { archive_name: 'a/b' }), 'UNSUPPORTED_VALUE', /one folder name/);
    const t = arange('float32', [4]);
    expectError(() => save(new Tensor(t._storage, [3], [2], 0, 'float32')), 'UNSUPPORTED_VALUE', /reaches storage element 4 but its storage has 4/);
  });
});
