import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/school';
import { openJournal } from '../main/db/migrate';
import { demoAcademicStart, generateDemoSchool } from '../main/demo/generate';
import { feminineSurname, loginFor, patronymic } from '../main/demo/names';
import { actionForKey } from '../renderer/journal/keys';
import { addDays, formatDayHeading, formatWeekdayLong, isValidIsoDate, mondayOf } from './i18n/dates';
import { searchKey } from './i18n/names';
import { countOf } from './i18n/plural';
import { markRefusal, weightedAverage } from './journal/marks';
import { federalCalendar } from './school-year/calendar-defaults';

describe('Russian text', () => {
  it.each([
    [1, '1 ученик'],
    [2, '2 ученика'],
    [5, '5 учеников'],
    [11, '11 учеников'],
    [14, '14 учеников'],
    [21, '21 ученик'],
    [22, '22 ученика'],
    [111, '111 учеников'],
    [0, '0 учеников'],
  ])('%i → %s', (n, text) => {
    expect(countOf(n, 'ученик', 'ученика', 'учеников')).toBe(text);
  });

  it('formats dates and finds the Monday of a week without time-zone drift', () => {
    expect(formatWeekdayLong('2026-11-16')).toBe('понедельник, 16 ноября');
    expect(formatDayHeading('2026-11-16')).toBe('Понедельник, 16 ноября');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate('2028-02-29')).toBe(true);
  });

  it('normalizes names for search (Cyrillic case and ё)', () => {
    expect(searchKey('Соловьёв', 'Пётр')).toBe('соловьев петр');
  });

  it('builds believable family names', () => {
    expect(feminineSurname('Иванов')).toBe('Иванова');
    expect(feminineSurname('Красовский')).toBe('Красовская');
    expect(feminineSurname('Толстой')).toBe('Толстая');
    expect(feminineSurname('Шевчук')).toBe('Шевчук');
    expect(patronymic('Иван', true)).toBe('Ивановна');
    expect(patronymic('Сергей', false)).toBe('Сергеевич');
    expect(patronymic('Илья', false)).toBe('Ильич');
    expect(loginFor('Щукина', 'Юлия', 'Андреевна')).toBe('shchukina.yua');
  });
});

describe('marks', () => {
  it('weighted average Σ(mark×weight)/Σweight ignores pass/fail marks', () => {
    expect(
      weightedAverage([
        { value: '5', weight: 4 },
        { value: '3', weight: 1 },
        { value: 'зач', weight: 1 },
      ]),
    ).toBe(4.6);
    expect(weightedAverage([])).toBeNull();
  });

  it('allows only the marks of the subject’s marking mode', () => {
    expect(markRefusal('4', 'points', { allowOne: false })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: true })).toBeNull();
    expect(markRefusal('1', 'points', { allowOne: false })).toMatch(/«1»/);
    expect(markRefusal('4', 'none', { allowOne: false })).toMatch(/не ставятся/);
  });
});

describe('demo school year', () => {
  it('shows the year in progress, or the one just ended in summer and in the first week of September', () => {
    expect(demoAcademicStart('2026-11-22')).toBe(2026);
    expect(demoAcademicStart('2027-03-01')).toBe(2026);
    expect(demoAcademicStart('2027-07-15')).toBe(2026);
    expect(demoAcademicStart('2027-09-03')).toBe(2026);
    expect(demoAcademicStart('2027-09-08')).toBe(2027);
  });

  it('a demo made in summer has lessons only inside its academic year', () => {
    const tmp = tempDir();
    const { db } = openJournal(join(tmp.dir, 'summer.sqlite'));
    try {
      generateDemoSchool(db, { students: 40, seed: 3, today: '2027-07-15', lessonsUntil: 'period' });
      const range = db.sqlite.prepare('SELECT min(date) AS first, max(date) AS last FROM lesson').get() as {
        first: string;
        last: string;
      };
      expect(range.first >= '2026-09-01').toBe(true);
      expect(range.last <= '2027-05-26').toBe(true);
      const marksAfter = db.sqlite
        .prepare(
          "SELECT count(*) AS n FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date > '2027-05-26'",
        )
        .get() as { n: number };
      expect(marksAfter.n).toBe(0);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});

describe('federal calendar defaults', () => {
  it('2025/26 matches the published dates', () => {
    const c = federalCalendar(2025);
    expect([c.startsOn, c.endsOn]).toEqual(['2025-09-01', '2026-05-26']);
    expect(c.periods.filter((p) => p.kind === 'quarter').map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2025-09-01', '2025-10-24'],
      ['2025-11-05', '2025-12-30'],
      ['2026-01-12', '2026-03-27'],
      ['2026-04-06', '2026-05-26'],
    ]);
    expect(c.holidays.find((h) => h.gradeTo === 1)).toMatchObject({
      startsOn: '2026-02-16',
      endsOn: '2026-02-22',
    });
  });

  it('other years start on the first working day of September and end by 26 May', () => {
    const c = federalCalendar(2027);
    expect(c.startsOn).toBe('2027-09-01');
    expect(c.endsOn).toBe('2028-05-26');
    expect(federalCalendar(2029).startsOn).toBe('2029-09-03'); // 1 September 2029 is a Saturday
    expect(c.published).toBe(false);
  });
});

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
});
