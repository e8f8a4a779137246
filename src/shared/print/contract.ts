import { z } from 'zod';
import { method } from '../api/define';
import { Id } from '../api/schemas';

/**
 * Printing the bound class journal (004 §6.6–6.7): the deputy (завуч) and the director print a
 * class's book for its year or one period. Each print is a write only to leave an audit row (who
 * printed which journal); the book itself is read in one short read and laid out on a render thread.
 */

const printers = ['deputy', 'director'] as const;

export const BookTarget = z.object({ id: Id, name: z.string(), grade: z.number().int() });
export type BookTarget = z.infer<typeof BookTarget>;

export const PrintedFile = z.object({
  /** «2026-2027 5А Журнал.pdf»: year, class, document; safe on every file system. */
  fileName: z.string(),
  base64: z.string(),
  sha256: z.string(),
  pages: z.number().int(),
});
export type PrintedFile = z.infer<typeof PrintedFile>;

export const printApi = {
  'print.bookTargets': method({
    input: z.object({ yearId: Id }).strict(),
    output: z.object({
      classes: z.array(BookTarget),
      periods: z.array(
        z.object({ id: Id, name: z.string(), gradeFrom: z.number().int(), gradeTo: z.number().int() }),
      ),
    }),
    roles: printers,
    write: false,
    audience: 'staff',
  }),
  'print.book': method({
    input: z
      .object({
        classId: Id,
        yearId: Id,
        periodId: Id.optional(),
      })
      .strict(),
    output: PrintedFile,
    roles: printers,
    write: true,
    audience: 'staff',
  }),
} as const;
