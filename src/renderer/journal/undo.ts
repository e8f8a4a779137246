import type { CellChange, SeenVersions } from './cells';

/**
 * The teacher's «Отменить» within the session: the changes that undo the last overwrites and
 * deletions of marks, newest last. Undoing is a normal cell save (audited, queued offline like any
 * other) that expects the versions the undone change made: if somebody changed the cell since, the
 * journal refuses it and says what is there now.
 */
export interface Undoable {
  id: number;
  loadId: number;
  lessonId: number;
  studentId: number;
  /** «Иванова А., 12.09, отметка 4 заменена на 2»: what is undone. */
  what: string;
  /** The change that puts the cell back. */
  change: CellChange;
  /** The versions the undone change made (or, while it waits offline, the ones it was typed on). */
  seen: SeenVersions;
}

const LIMIT = 50;
let counter = 0;
const stack: Undoable[] = [];

export const undoStack = {
  push(entry: Omit<Undoable, 'id'>): Undoable {
    const full = { ...entry, id: ++counter };
    stack.push(full);
    if (stack.length > LIMIT) stack.shift();
    return full;
  },
  /** The newest change of this page still to undo, taken off the stack. */
  popFor(loadId: number): Undoable | undefined {
    const i = stack.findLastIndex((e) => e.loadId === loadId);
    return i < 0 ? undefined : stack.splice(i, 1)[0];
  },
  /** One entry taken off (its notice's «Отменить» was pressed), or undefined when already undone. */
  take(id: number): Undoable | undefined {
    const i = stack.findIndex((e) => e.id === id);
    return i < 0 ? undefined : stack.splice(i, 1)[0];
  },
  /**
   * After an undo of a cell was saved, the older undos of that cell build on what it set: the cell
   * holds again what the change before it made.
   */
  rebaseCell(lessonId: number, studentId: number, seen: (e: Undoable) => SeenVersions): void {
    for (const e of stack) if (e.lessonId === lessonId && e.studentId === studentId) e.seen = seen(e);
  },
};
