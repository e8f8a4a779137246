import { describe, expect, it } from 'vitest';
import { absenceTitle, attendanceHeader, cellStates } from './cellExtras';

const TODAY = '2026-12-02';

describe('what a cell says besides its marks', () => {
  it('a retake: a corner, «Пересдано 25.11» in the title, «пересдача 25.11» in its name', () => {
    const states = cellStates({
      marks: [{ retakenOn: '2026-11-25' }],
      shownMarks: 1,
      owed: undefined,
      today: TODAY,
    });
    expect(states).toEqual({
      spoken: ['пересдача 25.11'],
      details: ['Пересдано 25.11'],
      classes: ['has-retake'],
      sign: '',
    });
    // An ordinary mark beside an absence says nothing more.
    expect(
      cellStates({ marks: [{ retakenOn: null }], shownMarks: 1, owed: undefined, today: TODAY }).classes,
    ).toEqual([]);
  });

  it('an owed work: «•» with its due date, overdue told apart; a mark being typed hides it', () => {
    const owed = cellStates({ marks: [], shownMarks: 0, owed: { dueOn: '2026-12-05' }, today: TODAY });
    expect(owed).toMatchObject({ sign: '•', spoken: ['долг до 05.12'], details: ['Долг до 05.12'] });
    expect(owed.classes).toEqual(['has-owed']);
    const overdue = cellStates({ marks: [], shownMarks: 0, owed: { dueOn: '2026-12-01' }, today: TODAY });
    expect(overdue.classes).toEqual(['has-owed', 'is-overdue']);
    expect(overdue.details).toEqual(['Долг до 01.12 — срок прошёл']);
    // Due today is still in time.
    expect(cellStates({ marks: [], shownMarks: 0, owed: { dueOn: TODAY }, today: TODAY }).classes).toEqual([
      'has-owed',
    ]);
    expect(cellStates({ marks: [], shownMarks: 1, owed: { dueOn: '2026-12-05' }, today: TODAY }).sign).toBe(
      '',
    );
  });

  it('an ОП with minutes says them, with the right plural; another code being saved does not', () => {
    expect(absenceTitle('late', { code: 'late', minutesLate: 10 })).toBe('опоздал на 10 минут');
    expect(absenceTitle('late', { code: 'late', minutesLate: 1 })).toBe('опоздал на 1 минуту');
    expect(absenceTitle('late', { code: 'late', minutesLate: 22 })).toBe('опоздал на 22 минуты');
    expect(absenceTitle('late', { code: 'late', minutesLate: null })).toBe('опоздал');
    expect(absenceTitle('ill', { code: 'late', minutesLate: 10 })).toBe('отсутствовал по болезни');
  });

  it("a past lesson's header says whether attendance was taken; a lesson to come says nothing", () => {
    const lesson = { date: '2026-12-01', cancelled: false, attendanceTakenAt: null };
    expect(attendanceHeader(lesson, TODAY)).toEqual({ className: '', title: 'Посещаемость не отмечена' });
    expect(attendanceHeader({ ...lesson, attendanceTakenAt: '2026-12-01T06:00:00Z' }, TODAY)).toEqual({
      className: 'journal-date--attended',
      title: 'Посещаемость отмечена',
    });
    expect(attendanceHeader({ ...lesson, date: '2026-12-03' }, TODAY).title).toBe('');
  });
});
