import * as cal from './calendar';
import * as cls from './classes';
import * as cur from './curriculum';
import { rollover } from './rollover';

/** The year's set-up methods bound to their services (src/main/features.ts spreads them in). */
export const handlers = {
  'year.years': cal.years,
  'year.calendar': cal.calendar,
  'year.create': cal.create,
  'year.setPeriods': cal.setPeriods,
  'year.saveHoliday': cal.saveHoliday,
  'year.deleteHoliday': cal.deleteHoliday,
  'year.saveChange': cal.saveChange,
  'year.deleteChange': cal.deleteChange,
  'year.setDaysPerWeek': cal.setDaysPerWeek,
  'year.saveBells': cal.saveBells,
  'year.curriculum': cur.curriculum,
  'year.setCurriculumItem': cur.setCurriculumItem,
  'year.addSubject': cur.addSubject,
  'year.classes': cls.classes,
  'year.saveClass': cls.saveClass,
  'year.saveGroup': cls.saveGroup,
  'year.deleteGroup': cls.deleteGroup,
  'year.saveLoad': cls.saveLoad,
  'year.deleteLoad': cls.deleteLoad,
  'year.rollover': rollover,
} as const;
