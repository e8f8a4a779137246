import { describe, expect, it } from 'vitest';
import { actionForKey, keysHelp, openingColumn } from './keys';

describe('journal grid keyboard', () => {
  const opts = { allowOne: false, passFail: false };
  it.each([
    [
      { key: 'ArrowDown', code: 'ArrowDown' },
      { type: 'move', rows: 1, cols: 0 },
    ],
    [
      { key: 'ArrowLeft', code: 'ArrowLeft' },
      { type: 'move', rows: 0, cols: -1 },
    ],
    [
      { key: '4', code: 'Digit4' },
      { type: 'mark', value: '4' },
    ],
    [
      { key: '4', code: 'Numpad4' },
      { type: 'mark', value: '4' },
    ],
    [
      { key: 'Н', code: 'KeyY' },
      { type: 'absence', code: 'absent' },
    ],
    [
      { key: 'y', code: 'KeyY' },
      { type: 'absence', code: 'absent' },
    ],
    [
      { key: 'б', code: 'Comma' },
      { type: 'absence', code: 'ill' },
    ],
    [
      { key: ',', code: 'Comma' },
      { type: 'absence', code: 'ill' },
    ],
    [
      { key: 'у', code: 'KeyE' },
      { type: 'absence', code: 'excused' },
    ],
    [
      { key: 'О', code: 'KeyJ' },
      { type: 'absence', code: 'late' },
    ],
    [{ key: 'Delete', code: 'Delete' }, { type: 'clear' }],
    [{ key: 'Enter', code: 'Enter' }, { type: 'edit' }],
  ])('%j → %j', (key, action) => {
    expect(actionForKey(key, opts)).toEqual(action);
  });

  it('says what the keys are for a letter or a digit that means nothing, and stays silent for the rest', () => {
    for (const [key, code] of [
      ['1', 'Digit1'],
      ['7', 'Digit7'],
      ['0', 'Numpad0'],
      ['r', 'KeyR'],
      ['Q', 'KeyQ'],
      ['к', 'KeyR'],
    ] as const)
      expect(actionForKey({ key, code }, opts), key).toEqual({ type: 'unknown' });
    for (const input of [
      { key: 'r', code: 'KeyR', ctrlKey: true },
      { key: 'r', code: 'KeyR', altKey: true },
      { key: '+', code: 'Equal' },
      { key: ' ', code: 'Space' },
      { key: 'Tab', code: 'Tab' },
      { key: 'Escape', code: 'Escape' },
      { key: 'F5', code: 'F5' },
      { key: 'Shift', code: 'ShiftLeft', shiftKey: true },
      { key: 'Control', code: 'ControlLeft', ctrlKey: true },
      { key: '&', code: 'Digit7', shiftKey: true },
    ])
      expect(actionForKey(input, opts), input.key).toBeNull();
    expect(actionForKey({ key: '5', code: 'Digit5' }, { allowOne: false, passFail: true })).toEqual({
      type: 'unknown',
    });
  });

  it('pages a screen of rows with PageUp/PageDown and goes to the first and last cell with Ctrl+Home/End', () => {
    expect(actionForKey({ key: 'PageDown', code: 'PageDown' }, opts)).toEqual({ type: 'page', dir: 1 });
    expect(actionForKey({ key: 'PageUp', code: 'PageUp' }, opts)).toEqual({ type: 'page', dir: -1 });
    expect(actionForKey({ key: 'Home', code: 'Home', ctrlKey: true }, opts)).toEqual({ type: 'first' });
    expect(actionForKey({ key: 'End', code: 'End', ctrlKey: true }, opts)).toEqual({ type: 'last' });
    expect(actionForKey({ key: 'End', code: 'End', metaKey: true }, opts)).toEqual({ type: 'last' });
    expect(actionForKey({ key: 'Home', code: 'Home' }, opts)).toEqual({ type: 'rowStart' });
    expect(actionForKey({ key: 'End', code: 'End', ctrlKey: true, shiftKey: true }, opts)).toBeNull();
  });

  it("opens at today's lesson, or the last one given before today", () => {
    const l = (date: string, cancelled = false) => ({ date, cancelled });
    const lessons = [
      l('2026-11-10'),
      l('2026-11-17'),
      l('2026-11-19', true),
      l('2026-11-20'),
      l('2026-11-24'),
    ];
    expect(openingColumn(lessons, '2026-11-20')).toBe(3);
    expect(openingColumn(lessons, '2026-11-21')).toBe(3);
    expect(openingColumn(lessons, '2026-11-19')).toBe(1);
    expect(openingColumn(lessons, '2026-09-01')).toBe(0);
    expect(openingColumn(lessons, '2027-06-01')).toBe(4);
    expect(openingColumn([l('2026-11-20'), l('2026-11-20')], '2026-11-20')).toBe(0);
  });

  it('lists the keys, with зачёт keys where the subject is pass/fail', () => {
    expect(keysHelp(false)).toEqual([
      '2–5 — отметка',
      'Shift+цифра или «/» и цифра — ещё одна отметка в клетку',
      'Н, Б, У, О — пропуск (Н, Б, УП, ОП)',
      'Delete — очистить клетку',
      'F2 — меню клетки (вид работы, комментарий), F3 — её история',
      'Ctrl+Z — отменить',
    ]);
    expect(keysHelp(true)[0]).toBe('«+» — зачёт, «−» — незачёт');
  });

  it('adds a mark with «/» (any layout, the keypad too) or Shift and the digit; undoes with Ctrl+Z; opens the menu with F2', () => {
    expect(actionForKey({ key: '/', code: 'Slash' }, opts)).toEqual({ type: 'addNext' });
    expect(actionForKey({ key: '.', code: 'Slash' }, opts)).toEqual({ type: 'addNext' });
    expect(actionForKey({ key: '/', code: 'NumpadDivide' }, opts)).toEqual({ type: 'addNext' });
    expect(actionForKey({ key: '#', code: 'Digit3', shiftKey: true }, opts)).toEqual({
      type: 'addMark',
      value: '3',
    });
    expect(actionForKey({ key: '№', code: 'Digit3', shiftKey: true }, opts)).toEqual({
      type: 'addMark',
      value: '3',
    });
    expect(actionForKey({ key: '!', code: 'Digit1', shiftKey: true }, opts)).toBeNull();
    expect(actionForKey({ key: 'z', code: 'KeyZ', ctrlKey: true }, opts)).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'я', code: 'KeyZ', ctrlKey: true }, opts)).toEqual({ type: 'undo' });
    expect(actionForKey({ key: 'F2', code: 'F2' }, opts)).toEqual({ type: 'menu' });
    expect(actionForKey({ key: 'ContextMenu', code: 'ContextMenu' }, opts)).toEqual({ type: 'menu' });
  });

  it('uses + and − for зачёт where the subject is pass/fail', () => {
    expect(actionForKey({ key: '+', code: 'Equal' }, { allowOne: false, passFail: true })).toEqual({
      type: 'mark',
      value: 'зач',
    });
    expect(actionForKey({ key: '-', code: 'Minus' }, { allowOne: false, passFail: true })).toEqual({
      type: 'mark',
      value: 'незач',
    });
    expect(actionForKey({ key: '5', code: 'Digit5' }, { allowOne: false, passFail: true })).toEqual({
      type: 'unknown',
    });
  });

  it("opens the cell's history with F3, not with Shift+F3 or Ctrl+F3", () => {
    expect(actionForKey({ key: 'F3', code: 'F3' }, opts)).toEqual({ type: 'history' });
    expect(actionForKey({ key: 'F3', code: 'F3', shiftKey: true }, opts)).toBeNull();
    expect(actionForKey({ key: 'F3', code: 'F3', ctrlKey: true }, opts)).toBeNull();
  });
});
