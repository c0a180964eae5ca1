import type { NetsketchApi } from './contract.ts';

declare global {
  interface Window {
    /** Present only inside the Electron shell (exposed by the preload). */
    netsketch?: NetsketchApi;
  }
}
export {};
