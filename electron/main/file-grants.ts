/**
 * Paths the user has chosen. The renderer never sends a path: main grants an opaque id for each path picked in a
 * native dialog (or listed in Open Recent, which holds only earlier picks) and resolves ids back here.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileRef, RecentFile } from '../ipc/contract.ts';
import { atomicWriteFile } from './atomic-write.ts';

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

/** Most-recently-used project paths, persisted as JSON in the user-data folder. */
export class RecentFiles {
  private paths: string[] = [];

  constructor(private readonly storeFile: string, private readonly limit = 10) {}

  async load(): Promise<void> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.storeFile, 'utf8'));
      this.paths = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p)).slice(0, this.limit) : [];
    } catch {
      this.paths = [];
    }
  }

  list(): readonly string[] {
    return this.paths;
  }

  async add(filePath: string): Promise<void> {
    const abs = path.resolve(filePath);
    this.paths = [abs, ...this.paths.filter((p) => p !== abs)].slice(0, this.limit);
    await atomicWriteFile(this.storeFile, JSON.stringify(this.paths, null, 2));
  }

  /** The renderer's view: every entry granted, with the folder name as a hint. */
  granted(grants: FileGrants): RecentFile[] {
    return this.paths.map((p) => ({ ...grants.grant(p), folder: path.basename(path.dirname(p)) }));
  }
}
