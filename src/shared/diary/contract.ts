import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, IsoDate } from '../api/schemas';
import { FAMILY_ROLES } from '../auth/roles';
import { DiaryChild, DiaryWeek } from './schemas';

/** The parents' and students' diary. */
export const diaryApi = {
  'diary.children': method({
    input: Empty,
    output: z.array(DiaryChild),
    roles: FAMILY_ROLES,
    write: false,
    audience: 'family',
  }),
  'diary.week': method({
    input: z.object({ studentId: Id, weekOf: IsoDate }),
    output: DiaryWeek,
    roles: FAMILY_ROLES,
    scope: { kind: 'student', field: 'studentId' },
    write: false,
    audience: 'family',
  }),
} as const;
