import { describe, expect, it } from 'vitest';
import { actionForKey } from './keys';

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

  it('ignores keys that mean nothing here', () => {
    expect(actionForKey({ key: '1', code: 'Digit1' }, opts)).toBeNull();
    expect(actionForKey({ key: '7', code: 'Digit7' }, opts)).toBeNull();
    expect(actionForKey({ key: 'r', code: 'KeyR', ctrlKey: true }, opts)).toBeNull();
    expect(actionForKey({ key: '+', code: 'Equal' }, opts)).toBeNull();
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
    expect(actionForKey({ key: '5', code: 'Digit5' }, { allowOne: false, passFail: true })).toBeNull();
  });

  it("opens the cell's history with F3, not with Shift+F3 or Ctrl+F3", () => {
    expect(actionForKey({ key: 'F3', code: 'F3' }, opts)).toEqual({ type: 'history' });
    expect(actionForKey({ key: 'F3', code: 'F3', shiftKey: true }, opts)).toBeNull();
    expect(actionForKey({ key: 'F3', code: 'F3', ctrlKey: true }, opts)).toBeNull();
  });
});
