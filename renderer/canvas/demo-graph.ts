/** The graph a new document starts with until the layer catalogue exists: an MNIST-sized input and a Linear. */
import type { Edge } from '@xyflow/react';
import type { LayerNodeType } from './LayerNode.tsx';

export function demoNodes(): LayerNodeType[] {
  return [
    { id: 'input', type: 'layer', position: { x: 0, y: 0 }, data: { title: 'Input', summary: '1 × 28 × 28', hasInput: false, hasOutput: true } },
    { id: 'fc1', type: 'layer', position: { x: 280, y: 0 }, data: { title: 'Linear', summary: 'in 784 → out 10', hasInput: true, hasOutput: true } },
  ];
}

export function demoEdges(): Edge[] {
  return [{ id: 'input->fc1', source: 'input', target: 'fc1' }];
}
