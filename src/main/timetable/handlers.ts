import * as day from './day';
import { register } from './register';
import * as timetable from './timetable';

/** The timetable's methods, bound in src/main/features.ts by one spread. */
export const timetableHandlers = {
  'timetable.overview': timetable.overview,
  'timetable.classTimetable': timetable.classTimetable,
  'timetable.save': timetable.save,
  'timetable.day': day.day,
  'timetable.cancelLesson': day.cancelLesson,
  'timetable.restoreLesson': day.restoreLesson,
  'timetable.substitute': day.substitute,
  'timetable.moveLesson': day.moveLesson,
  'timetable.addLesson': day.addLesson,
  'timetable.register': register,
} as const;
