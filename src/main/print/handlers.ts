import { createHash } from 'node:crypto';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { PrintedFile } from '../../shared/print/contract';
import type { AuthedContext } from '../router/context';
import { staged } from '../router/handler';
import { classesOfYear, classRow } from '../school-year/class-row';
import { periodsOfYear } from '../school-year/period-rows';
import { bookData } from './book';
import { bookFileName } from './file-names';
import { pdfPages } from './pdf-pages';
import { renderOnThread } from './render';

/** The classes of a year with their grades (for one class / a parallel / the whole school), and its periods. */
function bookTargets(
  ctx: AuthedContext,
  input: ParsedInput<'print.bookTargets'>,
): Output<'print.bookTargets'> {
  const { db } = ctx;
  return {
    classes: db.all(classesOfYear, { yearId: input.yearId }),
    periods: db.all(periodsOfYear, { yearId: input.yearId }),
  };
}

/**
 * A class's book: read in one short read (prepare), laid out on a render thread, then a write that
 * records who printed which journal (run). The database thread is never busy with the layout.
 */
const book = staged<'print.book', PrintedFile & { className: string }>({
  async prepare(ctx, input) {
    const data = await ctx.db.read(() => {
      const cls = classRow(ctx.db, input.classId);
      if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден: обновите список', 'classId');
      if (cls.yearId !== input.yearId)
        throw new ApiError('VALIDATION', 'Этот класс не относится к выбранному учебному году', 'classId');
      return bookData(ctx.db, { classId: input.classId, periodId: input.periodId });
    });
    const pdf = await renderOnThread('book', data);
    return {
      fileName: bookFileName(data),
      base64: pdf.toString('base64'),
      sha256: createHash('sha256').update(pdf).digest('hex'),
      pages: pdfPages(pdf),
      className: data.className,
    };
  },
  run(ctx, input, printed) {
    ctx.audit({
      entity: 'class',
      entityId: input.classId,
      before: null,
      after: {
        printed: 'journal',
        className: printed.className,
        periodId: input.periodId ?? null,
        fileName: printed.fileName,
        sha256: printed.sha256,
        pages: printed.pages,
      },
    });
    const { className: _, ...file } = printed;
    return file;
  },
});

export const printHandlers = {
  'print.bookTargets': bookTargets,
  'print.book': book,
};
