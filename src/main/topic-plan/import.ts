import { createHash } from 'node:crypto';
import type { ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { localIsoDate } from '../../shared/i18n/dates';
import { plural } from '../../shared/i18n/plural';
import type { Counts, PreviewRow } from '../../shared/import/contract';
import { hoursWarning, MAX_HOURS, PlanItemInput, type PlanPreview } from '../../shared/topic-plan/contract';
import type { AuthedContext } from '../router/context';
import { staged } from '../router/handler';
import { type Cell, exportFile, type PlanFileRow, readPlanFile, templateFile } from './file';
import { type ItemRow, planItems, planOf, planVersion, replacePlan } from './plan';

/**
 * The plan's import, with the flow of the lists' import (src/main/import/): the file is read outside
 * the transaction; the preview lists every row's fate (new topic, changed, unchanged, error with its
 * reasons in Russian) and the topics the file drops; the confirmation carries the file again and the
 * preview's hash, the plan is made anew in the write transaction and refused when it differs. A file
 * with broken rows imports nothing unless the rows are skipped. The file replaces the plan: its good
 * rows, in order, become the plan's topics; importing the same file again changes nothing.
 */

interface ReadFile {
  rows: PlanFileRow[];
  sha256: string;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

async function read(input: { fileName: string; content: string }): Promise<ReadFile> {
  const bytes = Buffer.from(input.content, 'base64');
  return { rows: await readPlanFile(input.fileName, bytes), sha256: sha256(bytes) };
}

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c).trim());

/** A whole number from a cell: 3, «3», «3,0»; null when it is not one. */
function wholeNumber(c: Cell | undefined): number | null {
  if (typeof c === 'number') return Number.isInteger(c) ? c : null;
  const t = text(c).replace(',', '.');
  if (!/^\d+(\.0+)?$/.test(t)) return null;
  return Number.parseInt(t, 10);
}

interface Planned {
  rows: PreviewRow[];
  items: ItemRow[];
  removed: string[];
  counts: Counts;
}

const hoursOf = (n: number) => `${n} ${plural(n, 'час', 'часа', 'часов')}`;

/** Every row checked, the good ones ordered by «№» and matched by position against the plan now. */
export function planFile(rows: PlanFileRow[], current: ItemRow[]): Planned {
  const withNumber = rows.filter((r) => text(r.cells.number) !== '').length;
  const numbered = withNumber > 0;
  const seen = new Map<number, number>();
  const checked = rows.map((r) => {
    const errors: string[] = [];
    const title = PlanItemInput.shape.title.safeParse(text(r.cells.title));
    if (!title.success) errors.push(title.error.issues[0]?.message ?? 'Тема урока: ошибка');
    const hours = wholeNumber(r.cells.hours);
    if (text(r.cells.hours) === '') errors.push('Часов: не заполнено');
    else if (hours === null || hours < 1 || hours > MAX_HOURS)
      errors.push(`Часов: «${text(r.cells.hours)}» — нужно целое число от 1 до ${MAX_HOURS}`);
    let number: number | null = null;
    if (numbered) {
      number = wholeNumber(r.cells.number);
      if (text(r.cells.number) === '') errors.push('№: не заполнен, а у других строк он есть');
      else if (number === null || number < 1)
        errors.push(`№: «${text(r.cells.number)}» — нужно целое положительное число`);
      else {
        const first = seen.get(number);
        if (first !== undefined) errors.push(`№ ${number} уже есть в строке ${first}`);
        else seen.set(number, r.row);
      }
    }
    return { r, errors, title: title.success ? title.data : text(r.cells.title), hours: hours ?? 0, number };
  });
  const good = checked.filter((c) => c.errors.length === 0);
  if (numbered) good.sort((a, b) => a.number! - b.number!);
  const position = new Map(good.map((c, i) => [c.r.row, i + 1]));
  const out: PreviewRow[] = checked.map((c) => {
    const name = c.title;
    if (c.errors.length > 0) return { row: c.r.row, fate: 'error', name, group: '', details: c.errors };
    const pos = position.get(c.r.row)!;
    const was = current[pos - 1];
    const group = hoursOf(c.hours);
    if (!was) return { row: c.r.row, fate: 'new', name, group, details: [`тема ${pos}, новая`] };
    if (was.title === c.title && was.hours === c.hours)
      return { row: c.r.row, fate: 'unchanged', name, group, details: [`тема ${pos}`] };
    return {
      row: c.r.row,
      fate: 'updated',
      name,
      group,
      details: [`тема ${pos}, было: «${was.title}», ${hoursOf(was.hours)}`],
    };
  });
  const counts: Counts = { new: 0, updated: 0, unchanged: 0, error: 0 };
  for (const r of out) counts[r.fate]++;
  return {
    rows: out,
    items: good.map((c, i) => ({ position: i + 1, title: c.title, hours: c.hours })),
    removed: current.slice(good.length).map((it) => `${it.position}. ${it.title} (${hoursOf(it.hours)})`),
    counts,
  };
}

function previewOf(
  ctx: AuthedContext,
  loadId: number,
  file: ReadFile,
): { shown: PlanPreview; planned: Planned } {
  const planned = planFile(file.rows, planItems(ctx.db, loadId));
  const version = planVersion(ctx.db, loadId);
  const plan = planOf(ctx.db, ctx.actor, loadId, localIsoDate(ctx.now));
  const totalHours = planned.items.reduce((s, i) => s + i.hours, 0);
  const hash = sha256(
    JSON.stringify({ file: file.sha256, version, rows: planned.rows, removed: planned.removed }),
  );
  return {
    planned,
    shown: {
      rows: planned.rows,
      counts: planned.counts,
      removed: planned.removed,
      warning: hoursWarning(totalHours, plan.yearHours, plan.yearHoursFrom),
      totalHours,
      hash,
    },
  };
}

export const preview = staged<'topicPlan.preview', ReadFile>({
  prepare: (_ctx, input) => read(input),
  run: (ctx, input, file) => previewOf(ctx, input.loadId, file).shown,
});

export const commit = staged<'topicPlan.commit', ReadFile>({
  prepare: (_ctx, input) => read(input),
  run(ctx, input: ParsedInput<'topicPlan.commit'>, file) {
    const { shown, planned } = previewOf(ctx, input.loadId, file);
    if (shown.hash !== input.previewHash)
      throw new ApiError(
        'CONFLICT',
        'С момента предпросмотра файл или план изменились: посмотрите предпросмотр ещё раз',
        'previewHash',
      );
    const c = shown.counts;
    if (c.error > 0 && !input.skipErrors)
      throw new ApiError(
        'VALIDATION',
        `В файле ${c.error} ${plural(c.error, 'строка', 'строки', 'строк')} с ошибками: исправьте их или отметьте «пропустить строки с ошибками». Ничего не загружено`,
        'skipErrors',
      );
    if (planned.items.length === 0)
      throw new ApiError(
        'VALIDATION',
        'В файле нет ни одной темы без ошибок: ничего не загружено',
        'content',
      );
    replacePlan(ctx, input.loadId, planned.items, planVersion(ctx.db, input.loadId));
    // The summary row: who loaded which file and what became of its rows (also when nothing changed).
    ctx.audit({
      entity: 'topic_plan_import',
      entityId: input.loadId,
      before: null,
      after: { fileName: input.fileName, sha256: file.sha256, counts: c, skipped: c.error },
    });
    return {
      counts: c,
      skipped: c.error,
      plan: planOf(ctx.db, ctx.actor, input.loadId, localIsoDate(ctx.now)),
    };
  },
});

export const template = staged<'topicPlan.template', { fileName: string; content: string }>({
  prepare: () => templateFile(),
  run: (_ctx, _input, made) => made,
});

export const exportPlan = staged<'topicPlan.export', { fileName: string; content: string }>({
  async prepare(ctx, input) {
    const plan = await ctx.db.read(() => planOf(ctx.db, ctx.actor, input.loadId, localIsoDate(ctx.now)));
    const group = plan.groupName ? ` (${plan.groupName})` : '';
    return exportFile(`${plan.className} ${plan.subjectName}${group}`, plan.items);
  },
  run: (_ctx, _input, made) => made,
});
