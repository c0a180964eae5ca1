/**
 * Placeholder project bytes for the shell: the canvas nodes and edges as versioned UTF-8 JSON. The real
 * `.netsketch` format (a zip with project.json and weights, core/project) replaces this in the editor; the
 * platform layer already moves opaque bytes, so only these two functions change.
 */
export interface ProjectNode {
  id: string;
  type?: string;
  position: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface ProjectEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export interface ProjectFile {
  format: 'netsketch';
  version: 1;
  nodes: ProjectNode[];
  edges: ProjectEdge[];
}

export function serializeProject(nodes: readonly ProjectNode[], edges: readonly ProjectEdge[]): Uint8Array {
  const file: ProjectFile = {
    format: 'netsketch',
    version: 1,
    nodes: nodes.map(({ id, type, position, data }) => ({ id, ...(type ? { type } : {}), position: { x: position.x, y: position.y }, data })),
    edges: edges.map(({ id, source, target, sourceHandle, targetHandle }) => ({ id, source, target, sourceHandle, targetHandle })),
  };
  return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
}

/** Parses project bytes; the error says what is wrong and with which file. */
export function parseProject(bytes: Uint8Array, fileName: string): ProjectFile {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new Error(`${fileName} is not a Netsketch project: it is not valid JSON (${(err as Error).message}).`);
  }
  const v = value as Partial<ProjectFile> | null;
  if (!v || typeof v !== 'object' || v.format !== 'netsketch') {
    throw new Error(`${fileName} is not a Netsketch project: the "format" field must be "netsketch".`);
  }
  if (v.version !== 1) {
    throw new Error(`${fileName} has project version ${String(v.version)}; this Netsketch reads version 1. Update Netsketch to open it.`);
  }
  if (!Array.isArray(v.nodes) || !Array.isArray(v.edges)) {
    throw new Error(`${fileName} is damaged: "nodes" and "edges" must be lists.`);
  }
  return v as ProjectFile;
}
