import type { AbsenceCode } from '../../shared/journal/attendance';
import type { MarkValue } from '../../shared/journal/marks';

/**
 * The journal grid's keyboard model, as a pure function of the key pressed (so it is tested
 * without a browser). Absence letters are matched by physical key too, so Н/Б/УП/ОП work whether
 * the keyboard is switched to Russian or to English.
 */
export type GridAction =
  | { type: 'move'; rows: number; cols: number }
  | { type: 'rowStart' }
  | { type: 'rowEnd' }
  /** PageUp/PageDown: a screen of rows up or down, in the same column (as spreadsheets do). */
  | { type: 'page'; dir: -1 | 1 }
  /** Ctrl+Home: the page's first cell (the first student, the first column). */
  | { type: 'first' }
  /** Ctrl+End: the page's last cell (the last student, the last column). */
  | { type: 'last' }
  /** Replaces the cell's last mark (or sets the first). */
  | { type: 'mark'; value: MarkValue }
  /** Adds one more mark to the cell («4/3»): Shift with the digit, or «/» and then the digit. */
  | { type: 'addMark'; value: MarkValue }
  /** «/» (the key of «/», «.» on a Russian keyboard, or the keypad's «/»): the next mark is added. */
  | { type: 'addNext' }
  /** The cell's marks with their work types and comments (F2, the menu key, Shift+F10). */
  | { type: 'menu' }
  /** F3: the cell's history (who set what, when) in a side panel; F3 is free in Electron and the grid. */
  | { type: 'history' }
  /** Ctrl+Z: undoes the last overwrite or deletion of a mark. */
  | { type: 'undo' }
  | { type: 'absence'; code: AbsenceCode }
  | { type: 'clear' }
  | { type: 'edit' }
  /**
   * A letter or a digit that means nothing in the grid (7, a Latin letter that is no absence's key):
   * the teacher is told what the keys are, instead of nothing happening.
   */
  | { type: 'unknown' };

export interface KeyInput {
  key: string;
  code: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

const ABSENCE_BY_LETTER: Record<string, AbsenceCode> = { н: 'absent', б: 'ill', у: 'excused', о: 'late' };
// The same letters' places on a ЙЦУКЕН keyboard, for when the layout is English.
const ABSENCE_BY_CODE: Record<string, AbsenceCode> = {
  KeyY: 'absent',
  Comma: 'ill',
  KeyE: 'excused',
  KeyJ: 'late',
};

export function actionForKey(
  e: KeyInput,
  options: { allowOne: boolean; passFail: boolean },
): GridAction | null {
  // Ctrl+Z whatever the layout (Я on a Russian keyboard is the same key).
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.code === 'KeyZ') return { type: 'undo' };
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
    if (e.key === 'Home') return { type: 'first' };
    if (e.key === 'End') return { type: 'last' };
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'F3' && !e.shiftKey) return { type: 'history' };
  if (e.key === 'F2' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return { type: 'menu' };
  if (e.key === '/' || e.code === 'Slash' || e.code === 'NumpadDivide') return { type: 'addNext' };
  // Shift with a digit adds a mark: the key gives «!», «"», «№»… by layout, so the physical key decides.
  const shifted = e.shiftKey ? /^Digit([1-5])$/.exec(e.code) : null;
  if (shifted && !options.passFail && (shifted[1] !== '1' || options.allowOne))
    return { type: 'addMark', value: shifted[1] as MarkValue };
  switch (e.key) {
    case 'ArrowUp':
      return { type: 'move', rows: -1, cols: 0 };
    case 'ArrowDown':
    case 'Enter':
      return e.key === 'Enter' ? { type: 'edit' } : { type: 'move', rows: 1, cols: 0 };
    case 'ArrowLeft':
      return { type: 'move', rows: 0, cols: -1 };
    case 'ArrowRight':
      return { type: 'move', rows: 0, cols: 1 };
    case 'Home':
      return { type: 'rowStart' };
    case 'End':
      return { type: 'rowEnd' };
    case 'PageUp':
      return { type: 'page', dir: -1 };
    case 'PageDown':
      return { type: 'page', dir: 1 };
    case 'Delete':
    case 'Backspace':
      return { type: 'clear' };
  }
  if (options.passFail) {
    if (e.key === '+') return { type: 'mark', value: 'зач' };
    if (e.key === '-') return { type: 'mark', value: 'незач' };
  } else if (/^[1-5]$/.test(e.key) && (e.key !== '1' || options.allowOne)) {
    return { type: 'mark', value: e.key as MarkValue };
  }
  const letter = ABSENCE_BY_LETTER[e.key.toLocaleLowerCase('ru-RU')];
  if (letter) return { type: 'absence', code: letter };
  const byCode = ABSENCE_BY_CODE[e.code];
  if (byCode && /^[a-z,<]$/i.test(e.key)) return { type: 'absence', code: byCode };
  // Only a letter or a digit: punctuation, Space, Tab, Escape, F-keys and modifiers stay silent.
  if (/^[\p{L}\p{N}]$/u.test(e.key)) return { type: 'unknown' };
  return null;
}

/**
 * The column the page opens at: today's lesson, or the last one given before today (cancelled lessons
 * are passed over); the first column when the page has no lesson given yet.
 */
export function openingColumn(
  lessons: readonly { date: string; cancelled: boolean }[],
  today: string,
): number {
  const held = (i: number) => !lessons[i]!.cancelled;
  const todays = lessons.findIndex((l, i) => l.date === today && held(i));
  if (todays !== -1) return todays;
  const before = lessons.findLastIndex((l, i) => l.date < today && held(i));
  return Math.max(0, before);
}

/** What the keys do, said once when a key that means nothing is typed (a notice's lines). */
export function keysHelp(passFail: boolean): string[] {
  return [
    passFail ? '«+» — зачёт, «−» — незачёт' : '2–5 — отметка',
    passFail ? '' : 'Shift+цифра или «/» и цифра — ещё одна отметка в клетку',
    'Н, Б, У, О — пропуск (Н, Б, УП, ОП)',
    'Delete — очистить клетку',
    'F2 — меню клетки (вид работы, комментарий), F3 — её история',
    'Ctrl+Z — отменить',
  ].filter(Boolean);
}
