/**
 * Paths the user has chosen. The renderer never sends a path: main grants an opaque id for each path picked in a
 * native dialog (or listed in Open Recent, which holds only earlier picks) and resolves ids back here.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileRef, RecentFile } from '../ipc/contract.ts';
import { addRecent, emptyRecent, markAvailability, parseRecent, serializeRecent, type RecentList } from '../../core/project/recent.ts';
import { explainFsError, writeFileAtomic } from '../../cli/fs.ts';

/** The set of granted paths for this run of the app. */
export class FileGrants {
  private readonly byId = new Map<string, string>();
  private readonly byPath = new Map<string, string>();

  /** Grants `filePath` (the same path always gets the same id) and returns the renderer's view of it. */
  grant(filePath: string): FileRef {
    const abs = path.resolve(filePath);
    let id = this.byPath.get(abs);
    if (!id) {
      id = randomUUID();
      this.byId.set(id, abs);
      this.byPath.set(abs, id);
    }
    return { fileId: id, name: path.basename(abs) };
  }

  /** The path behind an id; throws when the id was never granted (the renderer cannot invent paths). */
  resolve(fileId: string, caller: string): string {
    const p = this.byId.get(fileId);
    if (!p) throw new Error(`${caller}: unknown fileId ${JSON.stringify(fileId)}. Pick the file with Open… or Save As… first.`);
    return p;
  }
}

export interface RecentFilesOptions {
  /** Most entries kept (default 10). */
  limit?: number;
  /** Compare paths ignoring case (default: on Windows and macOS, whose default volumes ignore case). */
  caseInsensitive?: boolean;
  now?(): number;
  /** Availability check for Open Recent (default fs.existsSync). */
  exists?(filePath: string): boolean;
  /** Where a damaged list file is reported (default console.warn). */
  warn?(message: string): void;
}

/**
 * Most-recently-used project paths (core/project's recent-files list), stored with `serializeRecent` by an
 * atomic write in the user-data folder so the list survives restarts. Missing files stay in the list and are
 * marked when it is shown (a drive may be unplugged); a damaged list file starts an empty list, never an error.
 */
export class RecentFiles {
  private state: RecentList = emptyRecent();
  private readonly limit: number;
  private readonly caseInsensitive: boolean;
  private readonly now: () => number;
  private readonly exists: (filePath: string) => boolean;
  private readonly warn: (message: string) => void;

  constructor(private readonly storeFile: string, options: RecentFilesOptions | number = {}) {
    const o = typeof options === 'number' ? { limit: options } : options;
    this.limit = o.limit ?? 10;
    this.caseInsensitive = o.caseInsensitive ?? (process.platform === 'win32' || process.platform === 'darwin');
    this.now = o.now ?? Date.now;
    this.exists = o.exists ?? existsSync;
    this.warn = o.warn ?? ((m) => console.warn(m));
  }

  async load(): Promise<void> {
    let text: string | null = null;
    try {
      text = await readFile(this.storeFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`Could not read the recent-files list ${this.storeFile}: ${explainFsError(e)}.`);
    }
    const legacy = legacyPaths(text);
    if (legacy) {
      // Version 0 was a bare JSON array of paths, newest first.
      let list = emptyRecent();
      for (const p of legacy.reverse()) list = addRecent(list, { path: p }, 0, { max: this.limit, caseInsensitive: this.caseInsensitive });
      this.state = list;
      return;
    }
    const { list, problem } = parseRecent(text);
    if (problem) this.warn(`Recent files (${this.storeFile}): ${problem}`);
    this.state = { entries: list.entries.filter((e) => path.isAbsolute(e.path)).slice(0, this.limit) };
  }

  /** The stored paths, newest first. */
  list(): readonly string[] {
    return this.state.entries.map((e) => e.path);
  }

  /** Moves (or adds) `filePath` to the top and stores the list atomically. */
  async add(filePath: string): Promise<void> {
    const abs = path.resolve(filePath);
    this.state = addRecent(this.state, { path: abs }, this.now(), { max: this.limit, caseInsensitive: this.caseInsensitive });
    await writeFileAtomic(this.storeFile, serializeRecent(this.state));
  }

  /** The entries with `missing` freshly checked (for Open Recent and getRecentFiles). */
  checked(): RecentList {
    this.state = markAvailability(this.state, (p) => {
      try {
        return this.exists(p);
      } catch {
        return false;
      }
    });
    return this.state;
  }

  /** The renderer's view: every entry granted, with the folder name as a hint and missing files marked. */
  granted(grants: FileGrants): RecentFile[] {
    return this.checked().entries.map((e) => ({
      ...grants.grant(e.path),
      folder: path.basename(path.dirname(e.path)),
      ...(e.missing ? { missing: true } : {}),
    }));
  }
}

function legacyPaths(text: string | null): string[] | null {
  if (!text || !text.trimStart().startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)) : null;
  } catch {
    return null;
  }
}
