/**
 * The editing surface: React Flow with the layer node type, background grid, zoom controls and an optional
 * minimap. View commands (zoom, fit) arrive through the `viewRef` handle.
 */
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow,
  type ColorMode, type Edge, type OnConnect, type OnEdgesChange, type OnNodesChange,
} from '@xyflow/react';
import { useImperativeHandle, type Ref } from 'react';
import { LayerNode, type LayerNodeType } from './LayerNode.tsx';

/** View operations the menu triggers. */
export interface CanvasView {
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  fitView(): void;
}

// Module level, so React Flow does not re-create node components on every render.
const nodeTypes = { layer: LayerNode };

export interface CanvasProps {
  nodes: LayerNodeType[];
  edges: Edge[];
  onNodesChange: OnNodesChange<LayerNodeType>;
  onEdgesChange: OnEdgesChange;
  onConnect: OnConnect;
  showMinimap: boolean;
  colorMode: ColorMode;
  viewRef: Ref<CanvasView>;
}

function ViewHandle({ viewRef }: { viewRef: Ref<CanvasView> }) {
  const flow = useReactFlow();
  useImperativeHandle(viewRef, () => ({
    zoomIn: () => void flow.zoomIn({ duration: 150 }),
    zoomOut: () => void flow.zoomOut({ duration: 150 }),
    zoomReset: () => void flow.zoomTo(1, { duration: 150 }),
    fitView: () => void flow.fitView({ duration: 150, padding: 0.2 }),
  }), [flow]);
  return null;
}

export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <div className="canvas" data-testid="canvas">
        <ReactFlow
          nodes={props.nodes}
          edges={props.edges}
          nodeTypes={nodeTypes}
          onNodesChange={props.onNodesChange}
          onEdgesChange={props.onEdgesChange}
          onConnect={props.onConnect}
          colorMode={props.colorMode}
          fitView
          fitViewOptions={{ padding: 0.4, maxZoom: 1.25 }}
          deleteKeyCode={['Delete', 'Backspace']}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
          {props.showMinimap && <MiniMap pannable zoomable />}
        </ReactFlow>
        <ViewHandle viewRef={props.viewRef} />
      </div>
    </ReactFlowProvider>
  );
}
