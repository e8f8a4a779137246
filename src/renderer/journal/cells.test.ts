import { describe, expect, it } from 'vitest';
import { groupByStudent, obsoleteSaves, shownCell } from './cells';

describe('shownCell: a cell shows the change being saved, then the journal', () => {
  const mark = { value: '3' as const, workTypeId: 1 };
  const absence = { code: 'late' as const };

  it('shows the journal when nothing is being saved', () => {
    expect(shownCell(mark, absence, undefined)).toEqual({ mark, code: 'late' });
    expect(shownCell(undefined, undefined, undefined)).toEqual({ mark: undefined, code: undefined });
  });

  it('replaces only the mark with a mark being saved (a late student keeps the ОП)', () => {
    expect(shownCell(mark, absence, { kind: 'mark', value: '5', workTypeId: 2 })).toEqual({
      mark: { value: '5', workTypeId: 2 },
      code: 'late',
    });
  });

  it('replaces only the absence with an absence being saved, and empties a cell being cleared', () => {
    expect(shownCell(mark, absence, { kind: 'absence', code: 'ill' })).toEqual({ mark, code: 'ill' });
    expect(shownCell(mark, absence, { kind: 'clear' })).toEqual({});
  });
});

describe('obsoleteSaves: the mutation cache keeps what the cells show, and no more', () => {
  const ids = (saves: { id: number }[]) => saves.map((s) => s.id).sort((a, b) => a - b);

  it('keeps a failure until a newer save of the same cell replaces it', () => {
    const failed = { id: 1, status: 'error', cell: '10:1' };
    expect(obsoleteSaves([failed, { id: 2, status: 'success', cell: '11:1' }])).toEqual([
      { id: 2, status: 'success', cell: '11:1' },
    ]);
    // A newer save of the failed cell, still pending: the failure goes, the pending save stays.
    expect(ids(obsoleteSaves([failed, { id: 3, status: 'pending', cell: '10:1' }]))).toEqual([1]);
  });

  it('keeps a success while an older save of its cell is still pending (it decides what the cell shows)', () => {
    const saves = [
      { id: 1, status: 'pending', cell: '10:1' },
      { id: 2, status: 'success', cell: '10:1' },
    ];
    expect(obsoleteSaves(saves)).toEqual([]);
    // When the older one ends, both go: the newest succeeded.
    expect(ids(obsoleteSaves([{ ...saves[0]!, status: 'error' }, saves[1]!]))).toEqual([1, 2]);
  });

  it('never drops a pending save', () => {
    const saves = [
      { id: 1, status: 'pending', cell: '10:1' },
      { id: 2, status: 'pending', cell: '10:1' },
      { id: 3, status: 'pending', cell: '10:2' },
    ];
    expect(obsoleteSaves(saves)).toEqual([]);
  });
});

describe('groupByStudent: rows a save did not touch get the same arrays', () => {
  const row = (id: number, studentId: number, lessonId: number, version = 1) => ({
    id,
    studentId,
    lessonId,
    version,
  });

  it('reuses the previous group while its rows and versions are the same, in any order and as new objects', () => {
    const first = groupByStudent([row(1, 1, 1), row(2, 1, 2), row(3, 2, 1)], new Map());
    expect(first.get(1)?.map((r) => r.id)).toEqual([1, 2]);
    // A refetch: the same rows as new objects, in another order (the server sets none).
    const second = groupByStudent([row(3, 2, 1), row(2, 1, 2), row(1, 1, 1)], first);
    expect(second.get(1)).toBe(first.get(1));
    expect(second.get(2)).toBe(first.get(2));
  });

  it('gives a new group to the student whose mark changed or was added, and only to them', () => {
    const first = groupByStudent([row(1, 1, 1), row(3, 2, 1)], new Map());
    const changed = groupByStudent([row(1, 1, 1), row(3, 2, 1, 2)], first);
    expect(changed.get(1)).toBe(first.get(1));
    expect(changed.get(2)).not.toBe(first.get(2));
    const added = groupByStudent([row(1, 1, 1), row(3, 2, 1), row(4, 2, 2)], first);
    expect(added.get(2)?.map((r) => r.id)).toEqual([3, 4]);
  });
});
