// Node names become Python attribute names and state_dict keys, so they must be identifiers Python accepts.

const PY_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', '_',
]);

/**
 * Names that would collide with nn.Module's own attributes (add_module refuses them) or with the names the generated
 * code uses itself (torch, nn, F, self, …).
 */
const RESERVED = new Set([
  'self', 'torch', 'nn', 'F', 'optim', 'super', 'x', 'OrderedDict',
  'forward', 'training', 'parameters', 'named_parameters', 'buffers', 'named_buffers', 'children', 'named_children',
  'modules', 'named_modules', 'state_dict', 'load_state_dict', 'train', 'eval', 'to', 'cuda', 'cpu', 'float', 'double',
  'half', 'type', 'apply', 'zero_grad', 'requires_grad_', 'register_buffer', 'register_parameter', 'add_module',
  'register_module', 'get_submodule', 'get_parameter', 'get_buffer', 'extra_repr', 'dump_patches', 'call_super_init',
]);

/** Why `name` cannot be a node name, or null when it can. */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'a name is required';
  if (name.length > 64) return `'${name.slice(0, 20)}…' is longer than 64 characters`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return `'${name}' is not a valid Python identifier (letters, digits and _ only, not starting with a digit)`;
  }
  if (PY_KEYWORDS.has(name)) return `'${name}' is a Python keyword`;
  if (RESERVED.has(name)) return `'${name}' is reserved (it is an nn.Module attribute or a name the generated code uses)`;
  if (name.startsWith('__')) return `'${name}' starts with __, which Python reserves`;
  return null;
}

/** Turns arbitrary text into a valid identifier: "Conv 1" → "conv_1". */
export function sanitizeName(text: string): string {
  let s = text.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
  if (s === '' || /^[0-9]/.test(s)) s = `n${s}`;
  if (nameProblem(s) !== null) s = `${s}_1`;
  return s;
}

/** prefix1, prefix2, … : the first not in `taken`. */
export function uniqueName(prefix: string, taken: ReadonlySet<string>): string {
  const base = sanitizeName(prefix);
  for (let i = 1; ; i++) {
    const candidate = `${base}${i}`;
    if (!taken.has(candidate) && nameProblem(candidate) === null) return candidate;
  }
}
