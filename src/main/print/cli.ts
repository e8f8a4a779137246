import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countOf } from '../../shared/i18n/plural';
import type { Database } from '../db/database';
import { openJournal } from '../db/migrate';
import { bookData } from './book';
import { bookDocument } from './book-pdf';
import { renderPdf } from './pdf';

/**
 * Printed documents from the command line, for the host and for scripts (004 §6.6–6.7):
 *   npm run print -- book --db <file> --year 2025/2026 [--class 5А | --parallel 5] [--period "I четверть"] --out <dir>
 *   npm run print -- --help
 * The journal file is opened read-only. Each file gets a predictable name (year, class, document) and
 * its SHA-256 goes into `manifest.sha256` beside it (the format `sha256sum -c` checks), as the year
 * archive will take them. The exit code is 0 only when every file was written.
 */

type Format = 'pdf' | 'xlsx';

/** One class (or other subject of a document) to print, resolved from the command line. */
interface ClassTarget {
  id: number;
  name: string;
  grade: number;
  yearName: string;
}

interface Options {
  db: Database;
  classes: ClassTarget[];
  period: string | undefined;
  format: Format;
  week: string | undefined;
}

interface PrintedFile {
  fileName: string;
  bytes: Buffer;
}

/** A printable document: its command, its Russian and English names, its formats, how it is made. */
interface CliDocument {
  name: string;
  ru: string;
  en: string;
  formats: readonly Format[];
  /** Extra options the document takes (shown by --help). */
  options?: string;
  print(o: Options, target: ClassTarget): Promise<PrintedFile | null>;
}

/** The documents, one line each; `ledger` and `week-diaries` join here. */
const DOCUMENTS: readonly CliDocument[] = [
  {
    name: 'book',
    ru: 'Классный журнал (книга для прошивки)',
    en: 'Bound class journal',
    formats: ['pdf'],
    options: '[--period "I четверть"]',
    print: printBook,
  },
];

/**
 * `2025-2026 5А Журнал.pdf`, `2025-2026 5А Журнал I четверть.pdf`: the year without its slash (not
 * allowed in a file name), the class, the document, the period when it is one period's.
 */
export const printedFileName = (
  yearName: string,
  className: string,
  document: string,
  format: Format,
  period?: string,
) => `${yearName.replaceAll('/', '-')} ${className} ${document}${period ? ` ${period}` : ''}.${format}`;

async function printBook(o: Options, target: ClassTarget): Promise<PrintedFile | null> {
  let periodId: number | undefined;
  if (o.period) {
    const period = o.db.sqlite
      .prepare(
        `SELECT p.id FROM period p JOIN class c ON c.academic_year_id = p.academic_year_id
         WHERE c.id = ? AND p.name = ? AND p.grade_from <= c.grade AND p.grade_to >= c.grade`,
      )
      .get(target.id, o.period) as { id: number } | undefined;
    if (!period) {
      console.log(`${target.name}: нет периода «${o.period}» для ${target.grade} класса — пропущен`);
      return null;
    }
    periodId = period.id;
  }
  const data = bookData(o.db, { classId: target.id, periodId });
  const bytes = await renderPdf(bookDocument(data));
  return { fileName: printedFileName(target.yearName, target.name, 'Журнал', 'pdf', o.period), bytes };
}

function help(): string {
  const lines = DOCUMENTS.map(
    (d) =>
      `  ${d.name.padEnd(14)} ${d.ru} / ${d.en} [${d.formats.join(', ')}]${d.options ? `  ${d.options}` : ''}`,
  );
  return `Печать документов журнала / Printing the journal's documents

  npm run print -- <документ> --db <файл журнала> --year 2025/2026 [--class 5А | --parallel 5] --out <папка> [--format pdf|xlsx]

Без --class и --parallel печатаются все классы года / without --class or --parallel: every class of the year.
Рядом с файлами пишется manifest.sha256 / manifest.sha256 is written beside the files.

Документы / documents:
${lines.join('\n')}`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The classes named on the command line, in the year named; a Russian refusal for anything unknown. */
function targetsOf(
  db: Database,
  values: { year?: string | undefined; class?: string | undefined; parallel?: string | undefined },
): ClassTarget[] {
  if (!values.year) fail('Укажите учебный год: --year 2025/2026');
  const year = db.sqlite.prepare('SELECT id, name FROM academic_year WHERE name = ?').get(values.year) as
    | { id: number; name: string }
    | undefined;
  if (!year) fail(`Учебного года «${values.year}» в журнале нет`);
  const all = db.sqlite
    .prepare('SELECT id, name, grade FROM class WHERE academic_year_id = ? ORDER BY grade, name')
    .all(year.id) as { id: number; name: string; grade: number }[];
  const chosen = values.class
    ? all.filter((c) => c.name.toLowerCase() === values.class?.toLowerCase())
    : values.parallel
      ? all.filter((c) => c.grade === Number(values.parallel))
      : all;
  if (chosen.length === 0)
    fail(
      values.class
        ? `Класса «${values.class}» в ${year.name} учебном году нет`
        : `В ${year.name} учебном году нет ${values.parallel ? `${values.parallel}-х ` : ''}классов`,
    );
  return chosen.map((c) => ({ ...c, yearName: year.name }));
}

async function main(argv: string[]): Promise<boolean> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
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
    return !!values.help;
  }
  const document = DOCUMENTS.find((d) => d.name === positionals[0]);
  if (!document) fail(`Неизвестный документ «${positionals[0]}». Список: npm run print -- --help`);
  const format = (values.format ?? document.formats[0]) as Format;
  if (!document.formats.includes(format))
    fail(`«${document.name}» печатается только в ${document.formats.join(', ')}, не в «${values.format}»`);
  if (!values.db || !existsSync(values.db)) fail(`Файл журнала не найден: ${values.db ?? '(укажите --db)'}`);
  if (!values.out) fail('Укажите папку для файлов: --out <папка>');

  const { db } = openJournal(resolve(values.db), { readonly: true });
  try {
    const classes = targetsOf(db, values);
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    const manifest: string[] = [];
    for (const [i, target] of classes.entries()) {
      const started = performance.now();
      const file = await document.print(
        { db, classes, period: values.period, format, week: values.week },
        target,
      );
      if (!file) continue;
      writeFileSync(join(out, file.fileName), file.bytes);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      manifest.push(`${sha256}  ${file.fileName}\n`);
      console.log(
        `[${i + 1}/${classes.length}] ${file.fileName}: ${Math.round(file.bytes.length / 1024)} КБ, ${((performance.now() - started) / 1000).toFixed(1)} с`,
      );
    }
    writeFileSync(join(out, 'manifest.sha256'), manifest.join(''));
    console.log(`Готово: ${countOf(manifest.length, 'файл', 'файла', 'файлов')} и manifest.sha256 в ${out}`);
    // Nothing printed (no class has that period) is not a success for a script waiting for files.
    return manifest.length > 0;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (ok) => process.exit(ok ? 0 : 1),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
