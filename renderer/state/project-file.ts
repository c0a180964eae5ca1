/**
 * Project bytes for the editor: `.netsketch` files through core/project (a zip with project.json, and the trained
 * weights and checkpoint when there are some). Opening also accepts a bare graph document (JSON text, e.g. one of
 * assets/examples/*.json). The graph travels unchanged: what is saved is what opens again.
 */
import { checkStructure, parseGraph } from '../../core/graph/schema.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import { loadProject, newProject, saveProject, setGraphDocumentHooks, type JsonObject, type Project } from '../../core/project/index.ts';

setGraphDocumentHooks({
  migrate: (g) => parseGraph(g).doc as unknown as JsonObject,
  validate: (g) => void checkStructure(g),
});

/** An opened file: the graph, and the project it came in (kept so runs and weights survive the next save). */
export interface OpenedDocument {
  doc: GraphDocument;
  /** null for a bare graph JSON file. */
  project: Project | null;
}

function firstByte(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i];
}

/** The bytes of a `.netsketch` file for `doc`, keeping the runs, weights and extensions of `base`. */
export function serializeProject(doc: GraphDocument, base: Project | null, now = Date.now()): Uint8Array {
  const project: Project = {
    ...(base ?? newProject(crypto.randomUUID(), {}, now, doc.name)),
    title: doc.name,
    modifiedAt: now,
    graph: structuredClone(doc) as unknown as JsonObject,
    training: structuredClone(doc.training) as unknown as JsonObject,
  };
  return saveProject(project);
}

/** Parses project bytes (or a bare graph JSON file); the error says what is wrong and with which file. */
export function parseProject(bytes: Uint8Array, fileName: string): OpenedDocument {
  if (firstByte(bytes) === 0x7b) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new Error(`${fileName} is not a Netsketch project or graph: it is not UTF-8 text.`);
    }
    try {
      return { doc: parseGraph(text).doc, project: null };
    } catch (err) {
      throw new Error(`${fileName} is not a Netsketch graph: ${(err as Error).message}`);
    }
  }
  let project: Project;
  try {
    project = loadProject(bytes);
  } catch (err) {
    throw new Error(`${fileName} is not a Netsketch project that can be opened: ${(err as Error).message}`);
  }
  return { doc: project.graph as unknown as GraphDocument, project };
}
