/** Builds .netsketch-shaped zips with arbitrary contents (for hostile and edge-case inputs). */
import { ZipWriter, collectingSink } from '../../core/serialize/zip_writer.ts';
import { utf8Encode } from '../../core/serialize/utf8.ts';

export function zipOf(records: Record<string, string | Uint8Array>): Uint8Array {
  const c = collectingSink();
  const z = new ZipWriter(c.sink);
  for (const [name, v] of Object.entries(records)) z.add(name, typeof v === 'string' ? utf8Encode(v) : v);
  z.finish();
  return c.result();
}

/** A minimal valid v2 project.json object; override fields with `patch`. */
export function v2Json(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'netsketch-project', schemaVersion: 2, savedWith: { app: '0.1.0' }, documentId: 'd1', title: 't',
    createdAt: null, modifiedAt: null, graph: {}, training: {}, runs: [], assets: {}, extensions: {}, ...patch,
  };
}

export function projectZip(json: unknown, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipOf({ 'project.json': typeof json === 'string' ? json : JSON.stringify(json), ...extra });
}
