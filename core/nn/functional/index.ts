/** torch.nn.functional: the functional forms of the layers (activations, conv, pooling, normalisation, …). */
export * from './activation.ts';
export * from './linear.ts';
export * from './conv.ts';
export * from './pooling.ts';
export * from './normalization.ts';
export * from './dropout.ts';
export * from './sparse.ts';
export * from './upsampling.ts';
export * from './misc.ts';
export * from './loss.ts';
