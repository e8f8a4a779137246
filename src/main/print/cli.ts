import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api/errors';
import { Database } from '../db/database';
import { classWeeks } from '../diary/paper';
import { achievementLedger } from '../reports/achievement-ledger';
import { classesOfYear, classRow } from '../school-year/class-row';
import { schoolTitle } from '../school-year/school';
import { bookData } from './book';
import { bookFileName } from './file-names';
import { renderPdf } from './pdf';
import { pdfPages } from './pdf-pages';
import { renderOnThread, stopRenderThreads } from './render';
import { reportPdf } from './report-pdf';
import { reportXlsx } from './report-xlsx';
import { weekDiaryDocument } from './week-diary';

/**
 * Printing from the command line (the host, a deputy's script): opens the journal read-only, never
 * writes to it, and writes each document as a PDF named predictably, with `manifest.sha256` beside
 * them in `sha256sum` format (check with `sha256sum -c manifest.sha256` in that folder).
 *
 *   npm run print -- book --db <file> --year 2025/2026 [--class 5А | --parallel 5] [--period "I четверть"] --out <dir>
 *   npm run print -- --help
 */

interface Printed {
  fileName: string;
  bytes: Buffer;
  pages: number;
}

interface CliDocument {
  /** Russian and English names for --help. */
  title: string;
  english: string;
  formats: readonly ('pdf' | 'xlsx')[];
  print(db: Database, options: CliOptions, format: 'pdf' | 'xlsx'): AsyncIterable<Printed>;
}

interface CliOptions {
  year: string;
  class?: string | undefined;
  parallel?: number | undefined;
  period?: string | undefined;
  week?: string | undefined;
}

/** The classes of a year the options name: one class, a parallel, or every class. */
function classesOf(
  db: Database,
  options: CliOptions,
): { id: number; name: string; yearId: number; yearName: string }[] {
  const year = db.first(
    db.builder.selectFrom('academic_year').select(['id', 'name']).where('name', '=', options.year),
  );
  if (!year) throw new ApiError('NOT_FOUND', `Учебный год ${options.year} не найден в журнале`);
  const classes = db
    .all(classesOfYear, { yearId: year.id })
    .filter(
      (c) =>
        (!options.class || c.name === options.class) &&
        (options.parallel === undefined || c.grade === options.parallel),
    )
    .map((c) => ({ id: c.id, name: c.name, yearId: year.id, yearName: year.name }));
  if (classes.length === 0)
    throw new ApiError('NOT_FOUND', `В ${options.year} учебном году нет такого класса`);
  return classes;
}

function periodId(db: Database, classId: number, name: string | undefined): number | undefined {
  if (!name) return undefined;
  const found = db.first(
    db.builder
      .selectFrom('period as p')
      .innerJoin('class as c', 'c.academic_year_id', 'p.academic_year_id')
      .select('p.id')
      .where('c.id', '=', classId)
      .where('p.name', '=', name)
      .whereRef('p.grade_from', '<=', 'c.grade')
      .whereRef('p.grade_to', '>=', 'c.grade'),
  );
  if (!found) throw new ApiError('NOT_FOUND', `Учебный период «${name}» не найден для этого класса`);
  return found.id;
}

/** The documents the CLI prints; the lead adds `ledger`, `week-diaries`… here, one entry each. */
const DOCUMENTS: Record<string, CliDocument> = {
  book: {
    title: 'Классный журнал (для прошивки)',
    english: 'class journal book',
    formats: ['pdf'],
    async *print(db, options) {
      for (const c of classesOf(db, options)) {
        const data = bookData(db, { classId: c.id, periodId: periodId(db, c.id, options.period) });
        const bytes = await renderOnThread('book', data);
        yield { fileName: bookFileName(data), bytes, pages: pdfPages(bytes) };
      }
    },
  },
  ledger: {
    title: 'Сводная ведомость успеваемости',
    english: 'summary ledger of marks',
    formats: ['pdf', 'xlsx'],
    async *print(db, options, format) {
      for (const c of classesOf(db, options)) {
        const cls = classRow(db, c.id);
        if (!cls) continue;
        const report = achievementLedger(db, cls, { classId: c.id, yearId: c.yearId });
        const bytes = format === 'pdf' ? await reportPdf(report) : await reportXlsx(report);
        yield {
          fileName: `${report.fileName}.${format}`,
          bytes,
          pages: format === 'pdf' ? pdfPages(bytes) : 0,
        };
      }
    },
  },
  'week-diaries': {
    title: 'Бумажные дневники за неделю',
    english: 'weekly paper diaries',
    formats: ['pdf'],
    async *print(db, options) {
      if (!options.week)
        throw new ApiError('VALIDATION', 'Укажите день недели, за которую печатать: --week 2026-11-16');
      const school = schoolTitle(db);
      for (const c of classesOf(db, options)) {
        const { className, weeks, shortSubjects } = classWeeks(db, {
          classId: c.id,
          date: options.week,
          onlyPaper: false,
        });
        if (weeks.length === 0) continue;
        const bytes = await renderPdf(weekDiaryDocument({ schoolName: school, weeks, shortSubjects }));
        const name = `${c.yearName.replace('/', '-')} ${className} Дневники неделя с ${weeks[0]!.weekStart}.pdf`;
        yield { fileName: name, bytes, pages: pdfPages(bytes) };
      }
    },
  },
};

function help(): string {
  const lines = Object.entries(DOCUMENTS).map(
    ([name, d]) => `  ${name.padEnd(14)} ${d.title} / ${d.english} (${d.formats.join(', ')})`,
  );
  return `Печать документов журнала / printing journal documents
Использование:
  npm run print -- <документ> --db <файл журнала> --year 2025/2026 --out <папка>
                   [--class 5А | --parallel 5] [--period "I четверть"] [--week 2026-11-16] [--format pdf|xlsx]
Без --class и --parallel печатаются все классы года.
Документы / documents:
${lines.join('\n')}
Рядом с файлами пишется manifest.sha256 (формат sha256sum: проверка — sha256sum -c manifest.sha256).`;
}

export { pdfPages };

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean' },
      db: { type: 'string' },
      year: { type: 'string' },
      class: { type: 'string' },
      parallel: { type: 'string' },
      period: { type: 'string' },
      week: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(help());
    return values.help ? 0 : 2;
  }
  const name = positionals[0] ?? '';
  const document = DOCUMENTS[name];
  if (!document)
    throw new ApiError('VALIDATION', `Неизвестный документ «${name}». Список: npm run print -- --help`);
  if (!values.db || !existsSync(values.db))
    throw new ApiError('VALIDATION', 'Укажите существующий файл журнала: --db <файл>');
  if (!values.year) throw new ApiError('VALIDATION', 'Укажите учебный год: --year 2025/2026');
  if (!values.out) throw new ApiError('VALIDATION', 'Укажите папку для файлов: --out <папка>');
  const format = (values.format ?? document.formats[0]) as 'pdf' | 'xlsx';
  if (!document.formats.includes(format))
    throw new ApiError(
      'VALIDATION',
      `Документ «${name}» печатается только в формате ${document.formats.join(', ')}`,
    );
  let parallel: number | undefined;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > 11)
      throw new ApiError('VALIDATION', 'Параллель — номер класса от 1 до 11: --parallel 5');
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const db = new Database(resolve(values.db), { readonly: true });
  // The folder's manifest keeps the files printed before (a book, then the ledgers…); a file printed
  // again replaces its own line.
  const manifestPath = join(out, 'manifest.sha256');
  const manifest = new Map<string, string>();
  if (existsSync(manifestPath))
    for (const line of readFileSync(manifestPath, 'utf8').split('\n')) {
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (m) manifest.set(m[2]!, m[1]!);
    }
  let written = 0;
  try {
    for await (const file of document.print(
      db,
      { year: values.year, class: values.class, parallel, period: values.period, week: values.week },
      format,
    )) {
      writeFileSync(join(out, file.fileName), file.bytes);
      const sha = createHash('sha256').update(file.bytes).digest('hex');
      manifest.set(file.fileName, sha);
      written += 1;
      console.log(`${file.fileName}: ${file.pages > 0 ? `${file.pages} стр., ` : ''}sha256 ${sha}`);
    }
  } finally {
    db.close();
    await stopRenderThreads();
  }
  const lines = [...manifest].map(([name, sha]) => `${sha}  ${name}`);
  writeFileSync(manifestPath, `${lines.join('\n')}\n`);
  console.log(`Записано файлов: ${written}; контрольные суммы — ${manifestPath}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('print/cli.ts')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
