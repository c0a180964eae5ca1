export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };
export function findElectronBinary(repoRoot: string, env?: Record<string, string | undefined>, platform?: string): ElectronBinary;
export function missingDisplay(env?: Record<string, string | undefined>, platform?: string): string | null;
