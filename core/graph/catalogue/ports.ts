// The ports most layers share: one tensor in, one tensor out.
import type { PortSpec } from './spec.ts';

export const IN: PortSpec[] = [{ name: 'input', kind: 'tensor', help: 'The tensor this layer transforms.' }];
export const OUT: PortSpec[] = [{ name: 'output', kind: 'tensor', help: 'The transformed tensor.' }];
