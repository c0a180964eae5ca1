/**
 * Shape chips of the wires, kept from covering each other: each wire reports where its chip would sit, and the
 * chips are admitted greedily in priority order (tensor wires before label wires, a node's first ports before its
 * later ones, then document order); a chip that would overlap an admitted one is left out (the hover card still
 * tells the shape). Each wire routes itself (TensorEdge), so this is the one place that sees all chips.
 */
import { createContext } from 'react';

export interface Chip {
  id: string;
  /** Centre and size in flow coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Lower goes first. */
  rank: number;
  /** Document order of the wire, for ties. */
  order: number;
}

const GAP = 2;

const overlaps = (a: Chip, b: Chip) => Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 * GAP && Math.abs(a.y - b.y) * 2 < a.height + b.height + 2 * GAP;

/** Which chips are drawn, greedily by rank: pure, for tests and the image export. */
export function admitChips(chips: readonly Chip[]): Set<string> {
  const placed: Chip[] = [];
  for (const c of [...chips].sort((a, b) => a.rank - b.rank || a.order - b.order)) {
    if (!placed.some((p) => overlaps(p, c))) placed.push(c);
  }
  return new Set(placed.map((c) => c.id));
}

export class ChipRegistry {
  private chips = new Map<string, Chip>();
  private listeners = new Set<() => void>();
  private version = 0;
  private admitted: Set<string> | null = null;

  /** Reports (or, with null, withdraws) a wire's chip. */
  set(id: string, chip: Chip | null): void {
    const old = this.chips.get(id);
    if (chip === null ? !old : old && JSON.stringify(old) === JSON.stringify(chip)) return;
    if (chip) this.chips.set(id, chip);
    else this.chips.delete(id);
    this.admitted = null;
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Whether the wire's chip may be drawn (true until it has been reported). */
  shows(id: string): boolean {
    if (!this.chips.has(id)) return true;
    this.admitted ??= admitChips([...this.chips.values()]);
    return this.admitted.has(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;
}

export const ChipContext = createContext<ChipRegistry | null>(null);
