import { createHash } from 'node:crypto';
import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { plural } from '../../shared/i18n/plural';
import type { Counts, Preview, PreviewRow } from '../../shared/import/contract';
import type { CallContext, PrepareContext } from '../router/context';
import { staged } from '../router/handler';
import { type FileRow, readTable } from './parse';
import { applyStaff, planStaff, type StaffPlan } from './staff';
import { applyStudents, planStudents, readStudents, type StudentPlan, type StudentRow } from './students';
import { template as makeTemplate } from './template';

/**
 * The administrator's imports (issue 8): the template, the preview and the confirmation. Reading a
 * file (exceljs is asynchronous and slow on big books) is each call's `prepare` step, outside any
 * transaction; matching against the journal runs in the call's transaction. The confirmation makes
 * the plan again there and applies it only when it is the plan the administrator saw.
 */

/** The file as `prepare` read it: its rows, the students' rows already checked one by one. */
interface ReadFile {
  rows: FileRow[];
  students: StudentRow[] | null;
  sha256: string;
}

async function readFile(ctx: PrepareContext, input: ParsedInput<'import.preview'>): Promise<ReadFile> {
  const bytes = Buffer.from(input.content, 'base64');
  const rows = await readTable(input.kind, input.fileName, bytes);
  const students = input.kind === 'students' ? readStudents(rows, localIsoDate(ctx.now)) : null;
  return { rows, students, sha256: sha256(bytes) };
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

type Plan = ({ kind: 'students' } & StudentPlan) | ({ kind: 'staff' } & StaffPlan);

function plan(ctx: CallContext, input: ParsedInput<'import.preview'>, file: ReadFile): Plan {
  return input.kind === 'students'
    ? {
        kind: 'students',
        ...planStudents(ctx.db, file.students ?? [], localIsoDate(ctx.now), input.enrolledOn),
      }
    : { kind: 'staff', ...planStaff(ctx.db, file.rows) };
}

function counts(rows: PreviewRow[]): Counts {
  const c: Counts = { new: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of rows) c[r.fate]++;
  return c;
}

/** What the administrator is shown, hashed: the file's bytes and every row's fate and details. */
function previewOf(p: Plan, file: ReadFile): Preview {
  const rows = p.rows;
  const enrolledOn = p.kind === 'students' ? p.enrolledOn : null;
  const hash = sha256(JSON.stringify({ kind: p.kind, file: file.sha256, enrolledOn, rows }));
  return {
    kind: p.kind,
    year: p.kind === 'students' ? p.year : null,
    enrolledOn,
    rows,
    counts: counts(rows),
    hash,
  };
}

export const template = staged<'import.template', { fileName: string; content: string }>({
  prepare: (_ctx, input) => makeTemplate(input.kind),
  run: (_ctx, _input, made) => made,
});

export const preview = staged<'import.preview', ReadFile>({
  prepare: (ctx, input) => readFile(ctx, input),
  run: (ctx, input, file) => previewOf(plan(ctx, input, file), file),
});

export const commit = staged<'import.commit', ReadFile>({
  prepare: (ctx, input) => readFile(ctx, input),
  run(ctx, input, file) {
    const p = plan(ctx, input, file);
    const shown = previewOf(p, file);
    // Never a plan made earlier: the journal may have changed since the preview (another import, a
    // class renamed), and then the administrator must see the new preview before anything is written.
    if (shown.hash !== input.previewHash)
      throw new ApiError(
        'CONFLICT',
        'С момента предпросмотра файл или данные журнала изменились: посмотрите предпросмотр ещё раз',
        'previewHash',
      );
    const c = shown.counts;
    if (c.error > 0 && !input.skipErrors)
      throw new ApiError(
        'VALIDATION',
        `В файле ${c.error} ${plural(c.error, 'строка', 'строки', 'строк')} с ошибками: исправьте их или отметьте «пропустить строки с ошибками». Ничего не загружено`,
        'skipErrors',
      );
    if (p.kind === 'students') applyStudents(ctx, p);
    else applyStaff(ctx, p);
    const skipped = c.error;
    // The summary row: who loaded which file and what became of its rows (also when nothing changed).
    ctx.audit({
      entity: 'import',
      entityId: null,
      before: null,
      after: { kind: input.kind, fileName: input.fileName, sha256: file.sha256, counts: c, skipped },
    });
    return { counts: c, skipped };
  },
});

export const handlers = {
  'import.template': template,
  'import.preview': preview,
  'import.commit': commit,
} as const;
