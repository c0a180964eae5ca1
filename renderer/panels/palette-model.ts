/** The palette's view of the catalogue: categories in the order users look for them, and search. */
import { NODE_KINDS, getSpec, type Category, type NodeSpec } from '../../core/graph/catalogue/index.ts';

export const PALETTE_CATEGORIES: readonly Category[] = [
  'Data', 'Convolution', 'Pooling', 'Linear', 'Activation', 'Normalisation', 'Merge', 'Reshape', 'Loss', 'Optimizer',
];

export const ALL_SPECS: readonly NodeSpec[] = NODE_KINDS.map((k) => getSpec(k)!);

/** The one-line help of a spec: the first sentence of its description. */
export function oneLine(spec: NodeSpec): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(spec.description);
  return m ? m[1] : spec.description;
}

/** Specs matching `query` (kind, title, class, category, description), best matches first. */
export function searchSpecs(query: string): NodeSpec[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...ALL_SPECS];
  const scored: { spec: NodeSpec; score: number }[] = [];
  for (const spec of ALL_SPECS) {
    const kind = spec.kind.toLowerCase();
    let score = -1;
    if (kind === q) score = 0;
    else if (kind.startsWith(q)) score = 1;
    else if (kind.includes(q) || spec.torchClass.toLowerCase().includes(q)) score = 2;
    else if (spec.title.toLowerCase().includes(q)) score = 3;
    else if (spec.category.toLowerCase().includes(q)) score = 4;
    else if (spec.description.toLowerCase().includes(q)) score = 5;
    if (score >= 0) scored.push({ spec, score });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.spec);
}

/** Specs by category, in palette order, filtered by `query`. */
export function groupedSpecs(query: string): { category: Category; specs: NodeSpec[] }[] {
  const found = new Set(searchSpecs(query));
  return PALETTE_CATEGORIES
    .map((category) => ({ category, specs: ALL_SPECS.filter((s) => s.category === category && found.has(s)) }))
    .filter((g) => g.specs.length > 0);
}
