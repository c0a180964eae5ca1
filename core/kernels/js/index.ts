import type { Backend } from '../backend.ts';
import { gemmRef } from './gemm.ts';

/** The reference backend: plain TypeScript loops. Always available; the oracle for every other backend. */
export const jsBackend: Backend = {
  name: 'js',
  gemm: gemmRef,
};
