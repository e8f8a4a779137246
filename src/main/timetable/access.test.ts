import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';
import { one, type School, TODAY } from '../../../test/school';

/**
 * The timetable's methods × every kind of user (the journal's matrix, src/main/journal/access.test.ts,
 * leaves them to this file). Written out by hand from DESIGN.md's table: the deputy writes the
 * timetable and the day's changes; teachers, class teachers and the administration read the
 * timetable; the day's changes and their register are the administration's (002 §5.4).
 */
const TIMETABLE_METHODS = methodsOf('timetable');
type TimetableMethod = (typeof TIMETABLE_METHODS)[number];
const READERS: Actor[] = ['director', 'deputy', 'inspector', 'teacher', 'classTeacher'];
const ADMINISTRATION: Actor[] = ['director', 'deputy', 'inspector'];

const ALLOWED: Record<TimetableMethod, Actor[]> = {
  'timetable.overview': READERS,
  'timetable.classTimetable': READERS,
  'timetable.save': ['deputy'],
  'timetable.day': ADMINISTRATION,
  'timetable.cancelLesson': ['deputy'],
  'timetable.restoreLesson': ['deputy'],
  'timetable.substitute': ['deputy'],
  'timetable.moveLesson': ['deputy'],
  'timetable.addLesson': ['deputy'],
  'timetable.register': ADMINISTRATION,
};

const ids = { class4A: 0, lesson: 0, cancelled: 0, empty: 0, history: 0, grigorev: 0, kim: 0 };

/** The rows the writes aim at: a lesson today, a cancelled one to restore, an empty one to move. */
function setup(school: School) {
  const id = (sql: string) => one<{ id: number }>(school.db, sql).id;
  ids.class4A = id("SELECT id FROM class WHERE name = '4А'");
  ids.history = id(
    "SELECT l.id FROM teaching_load l JOIN subject s ON s.id = l.subject_id WHERE s.name = 'История'",
  );
  ids.grigorev = id("SELECT id FROM user_account WHERE login = 'grigorev.po'");
  ids.kim = id("SELECT id FROM user_account WHERE login = 'kim.as'");
  ids.lesson = id(`SELECT id FROM lesson WHERE date = '${TODAY}' AND number = 1 ORDER BY id LIMIT 1`);
  ids.empty = id(`SELECT id FROM lesson WHERE load_id = ${ids.history} AND date = '2026-11-24'`);
  ids.cancelled = id(`SELECT id FROM lesson WHERE date = '2026-11-19' AND number = 2 ORDER BY id LIMIT 1`);
  school.db.sqlite
    .prepare("UPDATE lesson SET cancelled_at = ?, cancel_reason = 'Карантин' WHERE id = ?")
    .run('2026-11-19T06:00:00.000Z', ids.cancelled);
}

/** A valid input, so that only access can refuse the call. */
function inputFor(method: TimetableMethod): Record<string, unknown> {
  switch (method) {
    case 'timetable.overview':
      return {};
    case 'timetable.classTimetable':
      return { classId: ids.class4A };
    case 'timetable.save':
      return { classId: ids.class4A, validFrom: '2026-11-23', slots: [] };
    case 'timetable.day':
      return { date: TODAY };
    case 'timetable.cancelLesson':
      return { lessonId: ids.lesson, reason: 'Учитель болен' };
    case 'timetable.restoreLesson':
      return { lessonId: ids.cancelled };
    case 'timetable.substitute':
      return { lessonId: ids.empty, teacherId: ids.kim };
    case 'timetable.moveLesson':
      return { lessonId: ids.empty, date: '2026-11-25', number: 7 };
    case 'timetable.addLesson':
      return { loadId: ids.history, date: '2026-11-23', number: 9 };
    case 'timetable.register':
      return { month: '2026-11' };
  }
}

describe('timetable access policy matrix', () => {
  accessMatrix({ methods: TIMETABLE_METHODS, allowed: ALLOWED, setup, inputFor });
});
