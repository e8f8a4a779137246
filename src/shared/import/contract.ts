import { z } from 'zod';
import { method } from '../api/define';
import { IsoDate } from '../api/schemas';
import { plural } from '../i18n/plural';

/**
 * Import of the school's lists from a spreadsheet (issue 8, «Администратор»): students with their
 * classes and guardians, and the staff. The administrator first sees a preview (every row and its
 * fate), then confirms; the confirmation carries the file again and the preview's hash, and the
 * server computes the plan anew in the write transaction and refuses it when it differs from what
 * was shown (the journal changed in between).
 */

export const ImportKind = z.enum(['students', 'staff']);
export type ImportKind = z.infer<typeof ImportKind>;

/**
 * The largest file accepted. Files travel as base64 inside the JSON call, and the HTTP transport
 * takes bodies of at most 1 MiB (host/http.ts MAX_BODY, so that no caller can make the server hold
 * much memory): 700 KiB of file is ~934 KiB of base64. A whole school's list (2,000 students with two
 * guardians each) is ~250 KiB as .xlsx and ~450 KiB as UTF-8 .csv.
 */
export const MAX_FILE_BYTES = 700 * 1024;
export const MAX_FILE_TEXT = `${MAX_FILE_BYTES / 1024} КБ`;
const MAX_BASE64 = Math.ceil(MAX_FILE_BYTES / 3) * 4;

const FileFields = {
  kind: ImportKind,
  /**
   * From which day the new students of a students' list are in their classes (зачислены): today when
   * not given. A school loading its lists after 1 September names the year's first day, so that the
   * autumn's lessons are theirs; a student who arrives later is the class teacher's «Прибыл».
   */
  enrolledOn: IsoDate.optional(),
  /** The file's name as the administrator picked it (only its extension is looked at). */
  fileName: z
    .string()
    .trim()
    .min(1, { error: 'Выберите файл' })
    .max(255, { error: 'Слишком длинное имя файла' }),
  /** The file's bytes, base64. */
  content: z
    .string()
    .min(1, { error: 'Файл пуст' })
    .max(MAX_BASE64, {
      error: `Файл больше ${MAX_FILE_TEXT}: разделите список на части (например, по параллелям) и загрузите их по очереди`,
    })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'Файл передан повреждённым: выберите его ещё раз' }),
};

/** What becomes of a row: a new record, changes to an existing one, nothing, or a refusal. */
export const Fate = z.enum(['new', 'updated', 'unchanged', 'error']);
export type Fate = z.infer<typeof Fate>;

export const PreviewRow = z.object({
  /** The row's number in the file as the spreadsheet shows it (the header is row 1). */
  row: z.number().int().positive(),
  fate: Fate,
  /** «Иванов Пётр Сергеевич» as read from the file ('' when the name is missing). */
  name: z.string(),
  /** Students: the class as the journal names it («5А»), or as written when unknown. Staff: the roles. */
  group: z.string(),
  /** What is new or changes («новый класс 5А; добавлен представитель …»), or the error's reasons. */
  details: z.array(z.string()),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const Counts = z.object({
  new: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
});
export type Counts = z.infer<typeof Counts>;

export const Preview = z.object({
  kind: ImportKind,
  /** The academic year whose classes the students are matched against (students only). */
  year: z.string().nullable(),
  /** The day new students are enrolled from (students only). */
  enrolledOn: IsoDate.nullable(),
  rows: z.array(PreviewRow),
  counts: Counts,
  /** SHA-256 of the file and of every row's fate: the confirmation must name it. */
  hash: z.string(),
});
export type Preview = z.infer<typeof Preview>;

export const ImportResult = z.object({
  counts: Counts,
  /** Rows with errors left out because the administrator chose to skip them. */
  skipped: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const importApi = {
  /** The template to fill in (.xlsx with the Russian headers and one example row). */
  'import.template': method({
    input: z.object({ kind: ImportKind }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
    roles: ['admin'],
    write: false,
    audience: 'staff',
  }),
  'import.preview': method({
    input: z.object(FileFields).strict(),
    output: Preview,
    roles: ['admin'],
    write: false,
    audience: 'staff',
  }),
  'import.commit': method({
    input: z
      .object({
        ...FileFields,
        /** The hash of the preview the administrator saw and confirmed. */
        previewHash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Сначала посмотрите предпросмотр' }),
        /** Import the good rows and leave out the rows with errors. */
        skipErrors: z.boolean(),
      })
      .strict(),
    output: ImportResult,
    roles: ['admin'],
    write: true,
    audience: 'staff',
    // A staff list may add roles to people who are signed in: their sessions must see them at once.
    changesIdentity: true,
  }),
} as const;

/** The words the preview and the result use for each fate. */
export const FATE_LABELS: Record<Fate, string> = {
  new: 'новая запись',
  updated: 'обновлена',
  unchanged: 'без изменений',
  error: 'ошибка',
};

const ROWS: [string, string, string] = ['строка', 'строки', 'строк'];

/** «12 строк — новые, 1 строка — обновлена, 2 строки — с ошибками»: the fates that occur, in this order. */
export function countsText(c: Counts): string {
  const part = (n: number, one: string, many: string) =>
    n === 0 ? null : `${n} ${plural(n, ...ROWS)} — ${n % 10 === 1 && n % 100 !== 11 ? one : many}`;
  const parts = [
    part(c.new, 'новая', 'новые'),
    part(c.updated, 'обновлена', 'обновлены'),
    part(c.unchanged, 'без изменений', 'без изменений'),
    part(c.error, 'с ошибкой', 'с ошибками'),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'в файле нет строк';
}
