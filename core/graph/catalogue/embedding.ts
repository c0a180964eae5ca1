// Embedding: the lookup table that turns integer tokens into learned vectors.
import { GraphIssue, type NodeSpec, type PortSpec } from './spec.ts';
import { OUT } from './ports.ts';
import { fmtShape, num, one } from './util.ts';

const TOKENS_IN: PortSpec[] = [{
  name: 'input', kind: 'tensor', help: 'Integer token indices (int64), e.g. the x of a tokens Dataset (N×seq_len).',
  indices: { what: 'looks up rows by integer index', fix: 'Connect it directly to a Dataset of tokens (dataset: tokens), whose x holds integer indices.' },
}];

/**
 * nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
 * scale_grad_by_freq=False, sparse=False): row i of the weight is the vector of token i; input of any shape of
 * int64 indices → the same shape × embedding_dim.
 */
export const Embedding: NodeSpec = {
  kind: 'Embedding',
  category: 'Linear',
  title: 'Embedding (token → vector)',
  description: 'A table with one learned vector per token: each integer index in the input is replaced by its row. The first layer for text or any other sequence of symbols; a Linear layer on one-hot vectors, done as a lookup.',
  formula: 'y[…, :] = W[x[…], :],  W: num_embeddings×embedding_dim (initialised N(0, 1)),  parameters = num_embeddings·embedding_dim',
  torchClass: 'nn.Embedding',
  namePrefix: 'emb',
  inputs: TOKENS_IN,
  outputs: OUT,
  params: [
    { name: 'num_embeddings', type: 'int', default: 'auto', min: 1, max: 10_000_000, auto: true, help: "Rows of the table: the vocabulary size, every index must be below it ('auto' reads it from the token Dataset)." },
    { name: 'embedding_dim', type: 'int', default: 16, min: 1, max: 100_000, help: 'Length of each token vector.' },
    { name: 'padding_idx', type: 'int', default: null, nullable: true, help: 'A token whose vector stays zero and gets no gradient (e.g. a padding token); empty = none. Negative counts from the end.' },
    { name: 'max_norm', type: 'float', default: null, nullable: true, min: 0, exclusiveMin: true, help: 'If set, looked-up vectors longer than this are shrunk to this norm (the table is changed in place).' },
    { name: 'norm_type', type: 'float', default: 2, min: 0, exclusiveMin: true, help: 'The p of the p-norm used by max_norm.' },
    { name: 'scale_grad_by_freq', type: 'bool', default: false, help: 'Divide each row\'s gradient by how often its token occurs in the batch.' },
    { name: 'sparse', type: 'bool', default: false, help: 'Sparse gradients: not available in Netsketch (leave off).' },
  ],
  infer(ctx) {
    const x = one(ctx);
    if (ctx.params.sparse === true) {
      throw new GraphIssue('invalid_param', `${ctx.label}: sparse gradients are not supported by Netsketch's engine (every gradient is a dense tensor), and the optimizers here do not take them.`,
        { param: 'sparse', fix: 'Turn sparse off; the result is the same, only computed densely.' });
    }
    const bound = x.indexBound;
    let rows = ctx.params.num_embeddings;
    if (rows === 'auto' && bound !== undefined) rows = bound;
    else if (typeof rows === 'number' && bound !== undefined && rows < bound) {
      const issue = new GraphIssue('shape_mismatch',
        `${ctx.label} has ${rows} rows but receives tokens up to ${bound - 1} (a vocabulary of ${bound}); a larger index has no row to look up.`,
        { param: 'num_embeddings', port: 'input', fix: `Set num_embeddings to at least ${bound}, or 'auto'.` });
      if (!ctx.deferred) throw issue;
      ctx.deferred.push(issue);
    }
    if (rows === 'auto') {
      throw new GraphIssue('invalid_param', `${ctx.label} cannot read num_embeddings from its input: the number of different tokens is not known.`,
        { param: 'num_embeddings', fix: 'Set num_embeddings to the vocabulary size (largest index + 1).' });
    }
    const n = Number(rows);
    const pad = ctx.params.padding_idx;
    if (typeof pad === 'number' && (pad >= n || pad < -n)) {
      throw new GraphIssue('invalid_param', `${ctx.label}: padding_idx (${pad}) must be a row of the table, from ${-n} to ${n - 1}.`,
        { param: 'padding_idx', fix: `Set padding_idx below ${n}, or leave it empty.` });
    }
    if (x.shape.length < 1) {
      throw new GraphIssue('shape_mismatch', `${ctx.label} needs a batch of token indices but receives ${fmtShape(x.shape)}.`, { port: 'input' });
    }
    return { outputs: { output: { shape: [...x.shape, num(ctx.params, 'embedding_dim')] } }, resolved: { num_embeddings: n } };
  },
  parameters: (p) => ({ weight: [num(p, 'num_embeddings'), num(p, 'embedding_dim')] }),
  module: (p) => ({
    cls: 'Embedding',
    args: [
      { name: 'num_embeddings', value: p.num_embeddings },
      { name: 'embedding_dim', value: p.embedding_dim },
      { name: 'padding_idx', value: p.padding_idx, kw: true, default: null },
      { name: 'max_norm', value: p.max_norm, kw: true, default: null, float: true },
      { name: 'norm_type', value: p.norm_type, kw: true, default: 2, float: true },
      { name: 'scale_grad_by_freq', value: p.scale_grad_by_freq, kw: true, default: false },
      { name: 'sparse', value: p.sparse, kw: true, default: false },
    ],
  }),
};
