import { z } from 'zod';
import { method } from '../api/define';
import { Empty, textField } from '../api/schemas';
import { passwordProblem } from '../auth/password-rules';

/**
 * The first start on a journal file that does not exist yet (issue 8): whether there is a journal to
 * log into, and its creation with the school's details and the first administrator. Both are callable
 * without a session — there is nobody to sign in as before the journal exists.
 */

/**
 * - `ready`: a journal with accounts: log in.
 * - `missing`: no file at the path the program was started with; `path` is its full name, to be
 *   confirmed (a mistyped share path must never silently become a new journal).
 * - `empty`: the file exists and is a journal, but nobody can log in (its creation was cut off, or it
 *   was made empty by hand): the same form fills it.
 */
export const SetupState = z.enum(['ready', 'missing', 'empty']);
export type SetupState = z.infer<typeof SetupState>;

/** Logins as the journal stores them: Latin lower case, digits, and . _ - inside (loginFor's shape). */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/;

export const LoginField = z
  .string({ error: 'Логин: ожидается текст' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'Логин: поле не должно быть пустым' })
  .min(3, { error: 'Логин: не короче 3 символов' })
  .max(50, { error: 'Логин: не длиннее 50 символов' })
  .regex(LOGIN_PATTERN, {
    error: 'Логин: только латинские буквы, цифры, точка, дефис и подчёркивание (не в начале и не в конце)',
  });

const optionalText = (what: string, max: number) => textField(what, max).default('');

export const SetupForm = z
  .object({
    /** The full path shown on the screen; the journal is created only at the path it names. */
    path: z.string({ error: 'Путь к файлу журнала: ожидается текст' }).min(1).max(4096),
    confirmed: z.literal(true, {
      error: 'Подтвердите, что новый журнал нужно создать именно в этом файле',
    }),
    schoolName: textField('Краткое название школы', 200, { min: 1 }),
    fullName: textField('Полное наименование школы', 500, { min: 1 }),
    address: optionalText('Адрес школы', 500),
    directorName: optionalText('ФИО директора', 200),
    lastName: textField('Фамилия администратора', 100, { min: 1 }),
    firstName: textField('Имя администратора', 100, { min: 1 }),
    middleName: optionalText('Отчество администратора', 100),
    login: LoginField,
    password: z.string({ error: 'Пароль: ожидается текст' }).superRefine((value, ctx) => {
      const problem = passwordProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  })
  .strict()
  .superRefine((form, ctx) => {
    // The rule that needs the login, checked where both are known.
    const problem = passwordProblem(form.password, form.login);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['password'] });
  });

export const setupApi = {
  'setup.status': method({
    input: Empty,
    output: z.object({ state: SetupState, path: z.string().nullable() }),
    roles: 'anyone',
    write: false,
    audience: 'staff',
  }),
  'setup.create': method({
    input: SetupForm,
    output: z.object({ login: z.string() }),
    roles: 'anyone',
    write: true,
    audience: 'staff',
    changesIdentity: true,
  }),
} as const;
