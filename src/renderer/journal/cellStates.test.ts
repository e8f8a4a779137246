import { describe, expect, it, vi } from 'vitest';
import { newestShown, type ShownOrDone } from './cellSaves';

vi.mock('@mantine/notifications', () => ({ notifications: { show: vi.fn() } }));

const four = { kind: 'mark', value: '4', workTypeId: 1 } as const;
const five = { kind: 'mark', value: '5', workTypeId: 1 } as const;

/** Offline entries and refusals first, then the mutation cache's saves, as useRowSaves lists them. */
const shown = (all: ShownOrDone[]) => Object.fromEntries(newestShown(all));

describe('what a cell shows of its saves, the offline queue included', () => {
  it('a waiting entry, not the finished save that queued it', () => {
    expect(
      shown([
        { lessonId: 1, typed: 10, status: 'waiting', change: four },
        { lessonId: 1, typed: 10, status: 'done' },
      ]),
    ).toEqual({ 1: { lessonId: 1, typed: 10, status: 'waiting', change: four } });
  });

  it('a change typed while its waiting entry is being sent: the newer change, on its way', () => {
    expect(
      shown([
        { lessonId: 1, typed: 10, status: 'waiting', change: four },
        { lessonId: 1, typed: 11, status: 'pending', change: five },
      ]),
    ).toEqual({ 1: { lessonId: 1, typed: 11, status: 'pending', change: five } });
  });

  it('a refused entry until the cell is saved again; an older failure gives way to a waiting entry', () => {
    expect(
      shown([
        { lessonId: 1, typed: 10, status: 'error', message: 'Отметку уже изменил другой пользователь' },
        { lessonId: 2, typed: 12, status: 'waiting', change: five },
        { lessonId: 2, typed: 9, status: 'error', message: 'Внутренняя ошибка' },
        { lessonId: 1, typed: 8, status: 'done' },
      ]),
    ).toEqual({
      1: { lessonId: 1, typed: 10, status: 'error', message: 'Отметку уже изменил другой пользователь' },
      2: { lessonId: 2, typed: 12, status: 'waiting', change: five },
    });
  });

  it('nothing once the newest save has finished', () => {
    expect(
      shown([
        { lessonId: 1, typed: 10, status: 'error', message: 'x' },
        { lessonId: 1, typed: 11, status: 'done' },
      ]),
    ).toEqual({});
  });
});
