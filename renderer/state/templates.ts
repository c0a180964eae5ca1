/** The example graphs of assets/examples, bundled into the app as templates for "New from template". */
import { parseGraph } from '../../core/graph/schema.ts';
import type { GraphDocument } from '../../core/graph/types.ts';

export interface Template {
  id: string;
  doc: GraphDocument;
}

const files = import.meta.glob('../../assets/examples/*.json', { eager: true, import: 'default' });

/** Every bundled example, parsed and migrated; sorted by title. */
export const TEMPLATES: readonly Template[] = Object.entries(files)
  .map(([path, json]) => ({ id: path.replace(/^.*\/|\.json$/g, ''), doc: parseGraph(json).doc }))
  .sort((a, b) => a.doc.name.localeCompare(b.doc.name));
