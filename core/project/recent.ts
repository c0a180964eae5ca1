/**
 * The recent-files list: pure functions over a plain, serialisable value, so it survives restarts (the host
 * stores `serializeRecent(list)` in its settings file or localStorage). A file that has gone missing is marked,
 * not dropped and never an error: the user may have unplugged a drive and will plug it back in.
 */

export interface RecentFile {
  /** Absolute path (desktop) or a name / handle key (browser). */
  path: string;
  /** Shown in the menu: the project title or the file name. */
  title: string;
  /** Last opened or saved, ms since 1970. */
  openedAt: number;
  /** True when the last availability check did not find the file. */
  missing: boolean;
}

export interface RecentList {
  entries: RecentFile[];
}

export interface RecentOptions {
  /** Most entries kept (default 10). */
  max?: number;
  /** Compare paths ignoring case (Windows and default macOS volumes). */
  caseInsensitive?: boolean;
}

export const RECENT_FORMAT = 'netsketch-recent';
export const RECENT_VERSION = 1;
const MAX_PATH = 4096;
const MAX_ENTRIES = 100;

export function emptyRecent(): RecentList {
  return { entries: [] };
}

function samePath(a: string, b: string, ci: boolean): boolean {
  return ci ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The list with `path` moved (or added) to the top, marked present. Returns a new list. */
export function addRecent(list: RecentList, file: { path: string; title?: string }, now: number, options: RecentOptions = {}): RecentList {
  const max = options.max ?? 10;
  const ci = options.caseInsensitive ?? false;
  const rest = list.entries.filter((e) => !samePath(e.path, file.path, ci));
  const title = file.title ?? file.path.split(/[\\/]/).pop() ?? file.path;
  return { entries: [{ path: file.path, title, openedAt: now, missing: false }, ...rest].slice(0, Math.max(0, max)) };
}

/** The list without `path` (the user chose "remove from list"). */
export function removeRecent(list: RecentList, path: string, options: RecentOptions = {}): RecentList {
  const ci = options.caseInsensitive ?? false;
  return { entries: list.entries.filter((e) => !samePath(e.path, path, ci)) };
}

/** The list with `missing` set from an availability check (the host stats each path). Order is kept. */
export function markAvailability(list: RecentList, exists: (path: string) => boolean): RecentList {
  return { entries: list.entries.map((e) => ({ ...e, missing: !exists(e.path) })) };
}

/** Text to store in the host's settings. */
export function serializeRecent(list: RecentList): string {
  return JSON.stringify({ format: RECENT_FORMAT, version: RECENT_VERSION, entries: list.entries });
}

/**
 * Reads stored text back. Never throws: damaged or foreign text gives an empty list and a `problem` to log;
 * individual bad entries are dropped and counted.
 */
export function parseRecent(text: string | null | undefined): { list: RecentList; problem: string | null } {
  if (text === null || text === undefined || text === '') return { list: emptyRecent(), problem: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text.length > 4 * 1024 * 1024 ? '' : text);
  } catch {
    return { list: emptyRecent(), problem: 'the recent-files list was not valid JSON (or over 4 MiB); starting with an empty list.' };
  }
  const r = raw as { format?: unknown; version?: unknown; entries?: unknown };
  if (typeof raw !== 'object' || raw === null || r.format !== RECENT_FORMAT || !Array.isArray(r.entries)) {
    return { list: emptyRecent(), problem: 'the recent-files list has an unknown format; starting with an empty list.' };
  }
  if (typeof r.version !== 'number' || r.version > RECENT_VERSION) {
    return { list: emptyRecent(), problem: `the recent-files list was written by a newer Netsketch (version ${String(r.version)}); starting with an empty list.` };
  }
  const entries: RecentFile[] = [];
  let dropped = 0;
  for (const e of r.entries.slice(0, MAX_ENTRIES) as unknown[]) {
    const x = e as Partial<RecentFile> | null;
    if (x && typeof x.path === 'string' && x.path.length > 0 && x.path.length <= MAX_PATH && typeof x.openedAt === 'number' && Number.isFinite(x.openedAt)) {
      const title = typeof x.title === 'string' ? x.title.slice(0, 500) : x.path;
      entries.push({ path: x.path, title, openedAt: x.openedAt, missing: x.missing === true });
    } else dropped++;
  }
  dropped += Math.max(0, r.entries.length - MAX_ENTRIES);
  return { list: { entries }, problem: dropped ? `${dropped} damaged entr${dropped === 1 ? 'y was' : 'ies were'} dropped from the recent-files list.` : null };
}
