import { z } from 'zod';
import { method, noScope } from './define';
import {
  Absence,
  AbsenceCodeSchema,
  DiaryChild,
  DiaryWeek,
  Empty,
  ExpectedVersion,
  Id,
  IsoDate,
  JournalPage,
  Lesson,
  LoadSummary,
  Mark,
  MarkValueSchema,
  RoleSchema,
  SessionUser,
} from './schemas';

const STAFF = ['admin', 'director', 'deputy', 'teacher', 'inspector'] as const;
const JOURNAL_READERS = ['director', 'deputy', 'teacher', 'inspector'] as const;
const FAMILY = ['parent', 'student'] as const;

const trimmed = (max: number, what: string) =>
  z
    .string({ error: `${what}: ожидается текст` })
    .max(max, { error: `${what}: не длиннее ${max} символов` })
    .transform((s) => s.trim());

/**
 * The whole API, declared once. The renderer's client and the main process's router are both typed
 * from this object, so a method cannot exist on one side only.
 */
export const api = {
  'auth.login': method({
    input: z.object({
      login: z.string().trim().min(1, { error: 'Введите логин' }).max(100),
      password: z.string().min(1, { error: 'Введите пароль' }).max(200),
    }),
    output: z.object({ token: z.string(), expiresAt: z.string(), user: SessionUser }),
    roles: 'anyone',
    scope: noScope,
    write: true,
    audience: 'both',
    changesIdentity: true,
  }),
  'auth.logout': method({
    input: Empty,
    output: Empty,
    roles: [...STAFF, ...FAMILY],
    scope: noScope,
    write: true,
    audience: 'both',
    allowWithTemporaryPassword: true,
    changesIdentity: true,
  }),
  'auth.me': method({
    input: Empty,
    output: SessionUser,
    roles: [...STAFF, ...FAMILY],
    scope: noScope,
    write: false,
    audience: 'both',
    allowWithTemporaryPassword: true,
  }),
  'auth.changePassword': method({
    input: z.object({
      currentPassword: z.string().min(1, { error: 'Введите текущий пароль' }).max(200),
      newPassword: z
        .string()
        .min(8, { error: 'Новый пароль должен быть не короче 8 символов' })
        .max(200, { error: 'Новый пароль слишком длинный' }),
    }),
    output: Empty,
    roles: [...STAFF, ...FAMILY],
    scope: noScope,
    write: true,
    audience: 'both',
    allowWithTemporaryPassword: true,
    changesIdentity: true,
  }),
  'auth.demoAccounts': method({
    input: Empty,
    output: z.object({
      demo: z.boolean(),
      schoolName: z.string(),
      accounts: z.array(
        z.object({
          login: z.string(),
          password: z.string(),
          role: RoleSchema,
          title: z.string(),
          name: z.string(),
        }),
      ),
    }),
    roles: 'anyone',
    scope: noScope,
    write: false,
    audience: 'both',
  }),

  'journal.myLoads': method({
    input: Empty,
    output: z.array(LoadSummary),
    roles: JOURNAL_READERS,
    scope: noScope,
    write: false,
    audience: 'staff',
  }),
  'journal.page': method({
    /** One period (the current one by default), or the whole academic year with `wholeYear`. */
    input: z.object({ loadId: Id, periodId: Id.optional(), wholeYear: z.boolean().optional() }),
    output: JournalPage,
    roles: JOURNAL_READERS,
    scope: { kind: 'load', field: 'loadId' },
    write: false,
    audience: 'staff',
  }),
  'journal.setMark': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      value: MarkValueSchema,
      workTypeId: Id.optional(),
      expectedVersion: ExpectedVersion,
    }),
    output: Mark,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.setAbsence': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      code: AbsenceCodeSchema,
      expectedVersion: ExpectedVersion,
    }),
    output: Absence,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.clearCell': method({
    input: z.object({
      lessonId: Id,
      studentId: Id,
      markVersion: ExpectedVersion,
      absenceVersion: ExpectedVersion,
    }),
    output: Empty,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.updateLesson': method({
    input: z.object({
      lessonId: Id,
      topic: trimmed(500, 'Тема урока'),
      homework: trimmed(2000, 'Домашнее задание'),
      expectedVersion: z.number().int().positive(),
    }),
    output: Lesson,
    roles: ['teacher'],
    scope: { kind: 'lesson', field: 'lessonId' },
    write: true,
    audience: 'staff',
  }),
  'journal.addLesson': method({
    input: z.object({
      loadId: Id,
      date: IsoDate,
      number: z
        .number()
        .int()
        .min(0, { error: 'Номер урока от 0 до 10' })
        .max(10, { error: 'Номер урока от 0 до 10' }),
    }),
    output: Lesson,
    roles: ['teacher'],
    scope: { kind: 'load', field: 'loadId' },
    write: true,
    audience: 'staff',
  }),

  'sync.version': method({
    input: Empty,
    output: z.object({ version: z.string() }),
    roles: [...STAFF, ...FAMILY],
    scope: noScope,
    write: false,
    audience: 'both',
  }),

  'diary.children': method({
    input: Empty,
    output: z.array(DiaryChild),
    roles: FAMILY,
    scope: noScope,
    write: false,
    audience: 'family',
  }),
  'diary.week': method({
    input: z.object({ studentId: Id, weekOf: IsoDate }),
    output: DiaryWeek,
    roles: FAMILY,
    scope: { kind: 'student', field: 'studentId' },
    write: false,
    audience: 'family',
  }),
} as const;

export type Api = typeof api;
export type MethodName = keyof Api;
export type Input<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type Output<M extends MethodName> = z.output<Api[M]['output']>;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(api, name);
}
