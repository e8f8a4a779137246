import { describe, expect, it } from 'vitest';
import { applyPatch, groupByStudent, nextSlot, obsoleteSaves, seenOf, shownCell, undoOf } from './cells';

describe('shownCell: a cell shows the change being saved, then the journal', () => {
  const three = { slot: 1, value: '3' as const, workTypeId: 1, comment: '' };
  const four = { slot: 2, value: '4' as const, workTypeId: 2, comment: 'у доски' };
  const absence = { code: 'late' as const };

  it('shows the journal when nothing is being saved', () => {
    expect(shownCell([three, four], absence, undefined)).toEqual({ marks: [three, four], code: 'late' });
    expect(shownCell([], undefined, undefined)).toEqual({ marks: [], code: undefined });
  });

  it('replaces only the mark of its slot (a late student keeps the ОП); a new slot goes beside', () => {
    expect(shownCell([three], absence, { kind: 'mark', value: '5', workTypeId: 2 })).toEqual({
      marks: [{ slot: 1, value: '5', workTypeId: 2, comment: '' }],
      code: 'late',
    });
    // A second mark without a work type: the lesson's (given), beside the first.
    expect(shownCell([three], undefined, { kind: 'mark', value: '4', slot: 2 }, 7).marks).toEqual([
      three,
      { slot: 2, value: '4', workTypeId: 7, comment: '' },
    ]);
    // A replaced mark keeps its work type and comment.
    expect(shownCell([three, four], undefined, { kind: 'mark', value: '2', slot: 2 }, 7).marks[1]).toEqual({
      ...four,
      value: '2',
    });
  });

  it('changes a work type, deletes one mark, restores a cleared cell', () => {
    expect(
      shownCell([three, four], undefined, { kind: 'markDetails', slot: 1, workTypeId: 9, comment: 'к/р' })
        .marks,
    ).toEqual([{ ...three, workTypeId: 9, comment: 'к/р' }, four]);
    expect(shownCell([three, four], absence, { kind: 'deleteMark', slot: 1 })).toEqual({
      marks: [four],
      code: 'late',
    });
    expect(shownCell([], undefined, { kind: 'restore', marks: [four, three], code: 'ill' })).toEqual({
      marks: [three, four],
      code: 'ill',
    });
  });

  it('replaces only the absence with an absence being saved, and empties a cell being cleared', () => {
    expect(shownCell([three], absence, { kind: 'absence', code: 'ill' })).toEqual({
      marks: [three],
      code: 'ill',
    });
    expect(shownCell([three, four], absence, { kind: 'clear' })).toEqual({ marks: [] });
  });
});

describe('several marks: where the next goes, the versions a save builds on, what undoes a change', () => {
  it('puts the next mark after the last, into a freed place when the fifth is taken, nowhere after five', () => {
    expect(nextSlot([])).toBe(1);
    expect(nextSlot([{ slot: 1 }])).toBe(2);
    expect(nextSlot([{ slot: 2 }])).toBe(3);
    expect(nextSlot([{ slot: 1 }, { slot: 3 }, { slot: 5 }])).toBe(2);
    expect(nextSlot([1, 2, 3, 4, 5].map((slot) => ({ slot })))).toBeNull();
  });

  it('builds a correction on the version an earlier save of the same mark made, and a Delete on every mark', () => {
    const seen = seenOf([{ slot: 1, version: 3 }], undefined, 2);
    expect(seen).toEqual({ mark: null, absence: null, marks: [{ slot: 1, version: 3 }] });
    // The second mark was saved (version 1): a correction of it expects 1; the first is untouched.
    const after = applyPatch(seen, 2, { marks: { 2: 1 } });
    expect(after).toEqual({
      mark: 1,
      absence: null,
      marks: [
        { slot: 1, version: 3 },
        { slot: 2, version: 1 },
      ],
    });
    expect(applyPatch(after, undefined, { cleared: true, absence: null })).toEqual({
      mark: null,
      absence: null,
      marks: [],
    });
    // A change queued by an older version of the application: its one mark is the first.
    expect(applyPatch({ mark: 4, absence: 2 }, 1, {})).toEqual({
      mark: 4,
      absence: 2,
      marks: [{ slot: 1, version: 4 }],
    });
  });

  it('undoes an overwrite with the old mark, a new mark by deleting it, a Delete by restoring the cell', () => {
    const three = { slot: 1, value: '3' as const, workTypeId: 1, comment: 'с/р' };
    expect(undoOf({ kind: 'mark', value: '5', slot: 1 }, { marks: [three] })).toEqual({
      kind: 'mark',
      slot: 1,
      value: '3',
      workTypeId: 1,
      comment: 'с/р',
    });
    expect(undoOf({ kind: 'mark', value: '5', slot: 2 }, { marks: [three] })).toEqual({
      kind: 'deleteMark',
      slot: 2,
    });
    expect(undoOf({ kind: 'deleteMark', slot: 1 }, { marks: [three] })).toMatchObject({
      kind: 'mark',
      value: '3',
    });
    expect(undoOf({ kind: 'clear' }, { marks: [three], code: 'late' })).toEqual({
      kind: 'restore',
      marks: [three],
      code: 'late',
    });
    expect(undoOf({ kind: 'clear' }, { marks: [], code: 'absent' })).toEqual({
      kind: 'restore',
      marks: [],
      code: 'absent',
    });
  });

  it('undoes an absence: the one it replaced comes back, a new one in an empty cell goes', () => {
    const three = { slot: 1, value: '3' as const, workTypeId: 1, comment: '' };
    expect(undoOf({ kind: 'absence', code: 'ill' }, { marks: [], code: 'absent' })).toEqual({
      kind: 'absence',
      code: 'absent',
    });
    expect(undoOf({ kind: 'absence', code: 'ill' }, { marks: [three], code: 'late' })).toEqual({
      kind: 'absence',
      code: 'late',
    });
    expect(undoOf({ kind: 'absence', code: 'ill' }, { marks: [] })).toEqual({ kind: 'clear' });
    // The same code again changes nothing; beside marks the journal has no way to take the absence alone.
    expect(undoOf({ kind: 'absence', code: 'ill' }, { marks: [], code: 'ill' })).toBeNull();
    expect(undoOf({ kind: 'absence', code: 'ill' }, { marks: [three] })).toBeNull();
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
