import { describe, expect, it } from 'vitest';
import { addRecent, emptyRecent, markAvailability, parseRecent, removeRecent, serializeRecent } from '../../core/project/index.ts';

describe('recent files', () => {
  it('adds to the top, de-duplicates, caps the length and does not modify the old list', () => {
    let l = emptyRecent();
    l = addRecent(l, { path: '/a/x.netsketch' }, 1);
    l = addRecent(l, { path: '/a/y.netsketch', title: 'Y' }, 2);
    const before = l;
    l = addRecent(l, { path: '/a/x.netsketch' }, 3, { max: 2 });
    expect(l.entries.map((e) => [e.path, e.title, e.openedAt])).toEqual([['/a/x.netsketch', 'x.netsketch', 3], ['/a/y.netsketch', 'Y', 2]]);
    expect(before.entries.map((e) => e.path)).toEqual(['/a/y.netsketch', '/a/x.netsketch']);
    l = addRecent(l, { path: '/b/z.netsketch' }, 4, { max: 2 });
    expect(l.entries.map((e) => e.path)).toEqual(['/b/z.netsketch', '/a/x.netsketch']);
  });

  it('compares paths case-insensitively when asked (Windows)', () => {
    let l = addRecent(emptyRecent(), { path: 'C:\\P\\A.netsketch' }, 1);
    l = addRecent(l, { path: 'c:\\p\\a.netsketch' }, 2, { caseInsensitive: true });
    expect(l.entries).toHaveLength(1);
    expect(l.entries[0].title).toBe('a.netsketch');
    expect(removeRecent(l, 'C:\\P\\A.NETSKETCH', { caseInsensitive: true }).entries).toEqual([]);
  });

  it('survives a restart through serialize / parse, missing flags included', () => {
    let l = addRecent(addRecent(emptyRecent(), { path: '/gone.netsketch' }, 1), { path: '/here.netsketch' }, 2);
    l = markAvailability(l, (p) => p === '/here.netsketch');
    const back = parseRecent(serializeRecent(l));
    expect(back.problem).toBeNull();
    expect(back.list).toEqual(l);
    expect(back.list.entries.map((e) => [e.path, e.missing])).toEqual([['/here.netsketch', false], ['/gone.netsketch', true]]);
    // a missing file reopened is marked present again
    expect(addRecent(back.list, { path: '/gone.netsketch' }, 3).entries[0].missing).toBe(false);
  });

  it('damaged stored text is never fatal', () => {
    expect(parseRecent(null)).toEqual({ list: { entries: [] }, problem: null });
    expect(parseRecent('{oops').problem).toMatch(/not valid JSON/);
    expect(parseRecent('[1,2]').problem).toMatch(/unknown format/);
    expect(parseRecent('{"format":"netsketch-recent","version":9,"entries":[]}').problem).toMatch(/newer Netsketch/);
    const mixed = parseRecent(JSON.stringify({ format: 'netsketch-recent', version: 1, entries: [{ path: '/ok', title: 'ok', openedAt: 1, missing: false }, { path: 5 }, null] }));
    expect(mixed.list.entries.map((e) => e.path)).toEqual(['/ok']);
    expect(mixed.problem).toMatch(/2 damaged entries were dropped/);
  });
});
