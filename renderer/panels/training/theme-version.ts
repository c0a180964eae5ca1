/**
 * A counter that changes when the app switches between light and dark (`data-theme` on the root element):
 * canvases (uPlot charts, tensor images) read theme colours when they draw, so they redraw on a change.
 * One MutationObserver for the page, however many canvases listen.
 */
import { useSyncExternalStore } from 'react';

let version = 0;
const listeners = new Set<() => void>();
let observer: MutationObserver | null = null;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (!observer && typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
    observer = new MutationObserver(() => {
      version++;
      for (const f of listeners) f();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = null;
    }
  };
}

export function useThemeVersion(): number {
  return useSyncExternalStore(subscribe, () => version, () => version);
}
