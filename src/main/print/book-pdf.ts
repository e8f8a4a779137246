import type { Content, ContentTable, TableCell } from 'pdfmake/interfaces';
import { formatDate, formatDayMonth } from '../../shared/i18n/dates';
import { isMissedLesson } from '../../shared/journal/attendance';
import type { BookCell, BookData, BookSubject } from './book';
import { mm, type TDocumentDefinitions } from './pdf';

/**
 * The printed class journal (004 §6.6–6.7, domain-defaults §7) as a pdfmake document, A4 portrait,
 * ready to stitch: title page, contents with page numbers, each subject as the spreads of a paper
 * journal (left page: students × dates with marks and «н»; right page: the same dates with topic and
 * homework), attendance, the summary ledger of final marks, the students' list and the closing page.
 *
 * Every page is numbered; every page of a subject repeats the class and subject in its table header,
 * and rows are never cut between pages.
 */

/** Lesson dates per spread: what fits on the left page beside the names at a readable size. */
export const DATES_PER_SPREAD = 25;

const NAME_WIDTH = 104;
const NUMBER_WIDTH = 14;
const CLOSING_ID = 'closing-page';

const MARGINS: [number, number, number, number] = [mm(12), mm(14), mm(10), mm(14)];
const A4_CONTENT_WIDTH = Math.floor(mm(210) - MARGINS[0] - MARGINS[2]);
/** The grids' cells: 1 pt of padding on each side (pdfmake's default 4 pt leaves no room for 25 dates). */
const GRID_LAYOUT = {
  paddingLeft: () => 1,
  paddingRight: () => 1,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};
/** What a grid cell takes beside its width: its padding and a 1 pt rule. */
const CELL_EXTRA = 3;

/** The width of each of `count` equal columns beside the number and name columns of a grid. */
function columnWidth(count: number): number {
  const free = A4_CONTENT_WIDTH - NUMBER_WIDTH - NAME_WIDTH - (count + 2) * CELL_EXTRA - 1;
  return Math.max(8, Math.floor(free / Math.max(1, count)));
}

/** A cell as the paper journal has it: «н» for a missed lesson, marks as «4/5», «н/4» for a retake. */
export function cellText(cell: BookCell): string {
  if (!cell.enrolled) return '×';
  const parts = cell.absence !== null && isMissedLesson(cell.absence) ? ['н', ...cell.marks] : cell.marks;
  return parts.join('/');
}

const small = { fontSize: 7 };
/** What a grid's cells inherit from their table (see leftPage). */
const GRID_STYLE = { fontSize: 7, alignment: 'center' } as const;

/**
 * A grid cell's content: its text, or for an empty cell (most of a journal's) an empty stack, which
 * pdfmake lays out without measuring a line of text — a third of a year's book's time. A new object
 * each time: pdfmake writes its layout into the nodes it is given.
 */
function gridText(text: string): TableCell {
  return text === '' ? { stack: [] } : text;
}
const head = (text: string, extra: Record<string, unknown> = {}): TableCell => ({
  text,
  bold: true,
  alignment: 'center',
  fontSize: 7,
  ...extra,
});

/** The table header's first row: the class and the subject, repeated on every page the table runs to. */
function titleRow(book: BookData, subject: BookSubject, columns: number, side: string): TableCell[] {
  return [
    {
      text: [
        { text: `${book.className} класс · ${subject.title}`, bold: true },
        { text: ` · ${subject.teacher} · ${side}`, color: '#444' },
      ],
      colSpan: columns,
      fontSize: 8,
      alignment: 'left',
      margin: [0, 1, 0, 1],
    },
    ...Array<TableCell>(columns - 1).fill(''),
  ];
}

function leftPage(
  book: BookData,
  subject: BookSubject,
  from: number,
  to: number,
  last: boolean,
): ContentTable {
  const lessons = subject.lessons.slice(from, to);
  const finals = last ? book.finalColumns : [];
  const columns = 2 + lessons.length + finals.length;
  const dateWidth = Math.min(24, columnWidth(lessons.length + finals.length));
  return {
    layout: GRID_LAYOUT,
    // The grid's thousands of cells inherit their size and centring from the table: a cell with no
    // style of its own is a plain string, which pdfmake measures and lays out far faster.
    ...GRID_STYLE,
    table: {
      headerRows: 2,
      dontBreakRows: true,
      widths: [NUMBER_WIDTH, NAME_WIDTH, ...Array(lessons.length + finals.length).fill(dateWidth)],
      body: [
        titleRow(book, subject, columns, 'успеваемость и посещаемость'),
        [
          head('№'),
          head('Фамилия, имя'),
          ...lessons.map((l) => head(formatDayMonth(l.date).replace('.', '\n'))),
          ...finals.map((f) => head(f.title, { fontSize: 6 })),
        ],
        ...subject.rows.map((row, i) => [
          { text: String(i + 1), alignment: 'right' },
          { text: row.note ? `${row.name} (${row.note})` : row.name, alignment: 'left' },
          ...row.cells.slice(from, to).map((c) => gridText(cellText(c))),
          ...finals.map((f) => {
            const mark = subject.finals[row.studentId]?.[f.key];
            return mark ? { text: mark, bold: true } : gridText('');
          }),
        ]),
      ] as TableCell[][],
    },
  } as ContentTable;
}

function rightPage(book: BookData, subject: BookSubject, from: number, to: number): ContentTable {
  const lessons = subject.lessons.slice(from, to);
  return {
    table: {
      headerRows: 2,
      dontBreakRows: true,
      widths: [44, '*', '*'],
      body: [
        titleRow(book, subject, 3, 'содержание уроков'),
        [head('Дата'), head('Что пройдено на уроке'), head('Домашнее задание')],
        ...lessons.map((l) => [
          { text: formatDate(l.date), ...small },
          {
            text: [l.topic, l.workType ? ` (${l.workType})` : '', l.cancelled ? ' — урок отменён' : ''].join(
              '',
            ),
            ...small,
          },
          { text: l.homework, ...small },
        ]),
      ] as TableCell[][],
    },
  } as ContentTable;
}

/**
 * Which lessons each of a subject's spreads holds, as [from, to) ranges: 25 a spread, the final-mark
 * columns beside the last one's. When the finals do not fit beside the last lessons, the last two
 * spreads share those lessons, so that no spread is finals alone with an empty right page.
 */
export function spreadRanges(lessons: number, finals: number): [number, number][] {
  const spreads = Math.max(1, Math.ceil((lessons + finals) / DATES_PER_SPREAD));
  const ranges: [number, number][] = [];
  for (let s = 0; s < spreads; s++)
    ranges.push([Math.min(lessons, s * DATES_PER_SPREAD), Math.min(lessons, (s + 1) * DATES_PER_SPREAD)]);
  const shared = lessons - (spreads - 2) * DATES_PER_SPREAD;
  if (spreads > 1 && lessons <= (spreads - 1) * DATES_PER_SPREAD && shared >= 2) {
    const last = Math.max(1, Math.min(Math.floor(shared / 2), DATES_PER_SPREAD - finals));
    const start = (spreads - 2) * DATES_PER_SPREAD;
    ranges[spreads - 2] = [start, lessons - last];
    ranges[spreads - 1] = [lessons - last, lessons];
  }
  return ranges;
}

/** A subject's spreads (spreadRanges): left page then right page; final marks on the last left page. */
function subjectPages(book: BookData, subject: BookSubject): Content[] {
  const pages: Content[] = [];
  const ranges = spreadRanges(subject.lessons.length, book.finalColumns.length);
  ranges.forEach(([from, to], s) => {
    pages.push(
      {
        stack: [
          s === 0
            ? { text: subject.title, tocItem: true, style: 'subject', tocMargin: [0, 1, 0, 1] }
            : { text: '' },
          leftPage(book, subject, from, to, s === ranges.length - 1),
        ],
        pageBreak: 'before',
      },
      { stack: [rightPage(book, subject, from, to)], pageBreak: 'before' },
    );
  });
  return pages;
}

function titlePage(book: BookData): Content {
  return {
    stack: [
      { text: book.school, alignment: 'center', fontSize: 12, margin: [0, 120, 0, 60] },
      { text: 'КЛАССНЫЙ ЖУРНАЛ', alignment: 'center', fontSize: 28, bold: true },
      { text: `${book.className} класс`, alignment: 'center', fontSize: 20, margin: [0, 20, 0, 8] },
      { text: `${book.yearName} учебный год`, alignment: 'center', fontSize: 14 },
      book.period ? { text: book.period.name, alignment: 'center', fontSize: 12, margin: [0, 6, 0, 0] } : '',
      {
        text: `Классный руководитель: ${book.classTeacher || '—'}`,
        alignment: 'center',
        fontSize: 12,
        margin: [0, 60, 0, 0],
      },
      {
        text: `Период: ${formatDate(book.from)} — ${formatDate(book.to)}`,
        alignment: 'center',
        fontSize: 10,
        margin: [0, 8, 0, 0],
      },
    ],
  };
}

function section(title: string): Content {
  return { text: title, style: 'section', tocItem: true, pageBreak: 'before' };
}

function attendancePages(book: BookData): Content[] {
  const periods = book.period ? book.periods.filter((p) => p.id === book.period?.id) : book.periods;
  const indexes = periods.map((p) => book.periods.indexOf(p));
  const total = book.periods.length;
  return [
    section('Сведения о пропущенных уроках'),
    {
      text: 'Число пропущенных уроков по всем предметам; в скобках — из них по болезни.',
      fontSize: 8,
      margin: [0, 0, 0, 6],
    },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [NUMBER_WIDTH, '*', ...indexes.map(() => 52), 52],
        body: [
          [head('№'), head('Фамилия, имя, отчество'), ...periods.map((p) => head(p.name)), head('Всего')],
          ...book.attendance.map((a, i) => [
            { text: String(i + 1), ...small, alignment: 'right' },
            { text: a.name, fontSize: 8 },
            ...[...indexes, total].map((at) => ({
              text: `${a.missed[at] ?? 0} (${a.ill[at] ?? 0})`,
              fontSize: 8,
              alignment: 'center',
            })),
          ]),
        ] as TableCell[][],
      },
    },
  ];
}

/** Сводная ведомость: one table per final-mark column, students × subjects. */
function ledgerPages(book: BookData): Content[] {
  const subjects = book.subjects.filter(
    (s, i, all) => all.findIndex((o) => o.subjectId === s.subjectId) === i,
  );
  const finalsOf = new Map<number, Record<number, Record<string, string>>>();
  for (const s of book.subjects) finalsOf.set(s.subjectId, { ...finalsOf.get(s.subjectId), ...s.finals });
  const width = columnWidth(subjects.length);
  const out: Content[] = [section('Сводная ведомость учёта успеваемости')];
  for (const column of book.finalColumns) {
    out.push({
      layout: GRID_LAYOUT,
      table: {
        headerRows: 2,
        dontBreakRows: true,
        widths: [NUMBER_WIDTH, NAME_WIDTH, ...subjects.map(() => width)],
        body: [
          [
            {
              text: `${book.className} класс · ${column.heading}`,
              bold: true,
              fontSize: 8,
              colSpan: subjects.length + 2,
            },
            ...Array<TableCell>(subjects.length + 1).fill(''),
          ],
          [head('№'), head('Фамилия, имя'), ...subjects.map((s) => head(s.shortTitle, { fontSize: 5 }))],
          ...book.students.map((student, i) => [
            { text: String(i + 1), ...small, alignment: 'right' },
            { text: student.shortName, ...small },
            ...subjects.map((s) => ({
              text: finalsOf.get(s.subjectId)?.[student.id]?.[column.key] ?? '',
              ...small,
              alignment: 'center',
            })),
          ]),
        ] as TableCell[][],
      },
      margin: [0, 0, 0, 10],
    });
  }
  return out;
}

function studentsPages(book: BookData): Content[] {
  return [
    section('Общие сведения об обучающихся'),
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [NUMBER_WIDTH, '*', 70, 140],
        body: [
          [head('№'), head('Фамилия, имя, отчество'), head('Дата рождения'), head('Отметка о движении')],
          ...book.students.map((s, i) => [
            { text: String(i + 1), fontSize: 8, alignment: 'right' },
            { text: s.name, fontSize: 9 },
            { text: s.birthDate ? formatDate(s.birthDate) : '', fontSize: 9, alignment: 'center' },
            { text: s.note, fontSize: 8 },
          ]),
        ] as TableCell[][],
      },
    },
  ];
}

/**
 * The closing page. The book is printed one-sided, one page per sheet, so the sheets to stitch are
 * its pages, and the number of the closing page (the last) is their count: pdfmake fills it in with
 * a page reference once the layout is known.
 */
function closingPage(book: BookData): Content {
  return {
    pageBreak: 'before',
    stack: [
      { text: `${book.school}`, id: CLOSING_ID, alignment: 'center', margin: [0, 200, 0, 30] },
      {
        text: `Классный журнал ${book.className} класса на ${book.yearName} учебный год.`,
        fontSize: 12,
        margin: [0, 0, 0, 8],
      },
      {
        columns: [
          { text: 'Прошито, пронумеровано и скреплено печатью листов:', width: 'auto', fontSize: 12 },
          {
            text: '00',
            pageReference: CLOSING_ID,
            bold: true,
            fontSize: 12,
            width: 'auto',
            margin: [4, 0, 0, 0],
          },
        ],
      },
      {
        text: `Директор ____________________ / ${book.director || '____________________'} /`,
        margin: [0, 50, 0, 0],
        fontSize: 12,
      },
      { text: 'М.П.', margin: [0, 30, 0, 0], fontSize: 12 },
      { text: 'Дата: «____» ______________ 20____ г.', margin: [0, 30, 0, 0], fontSize: 12 },
    ],
  } as Content;
}

/** The whole book as a pdfmake document definition. */
export function bookDocument(book: BookData): TDocumentDefinitions {
  const header = `${book.school} · ${book.className} класс · ${book.yearName}${book.period ? ` · ${book.period.name}` : ''}`;
  return {
    pageSize: 'A4',
    pageMargins: MARGINS,
    info: { title: `Классный журнал ${book.className} класса, ${book.yearName}` },
    header: (page: number) =>
      page === 1
        ? ''
        : { text: header, fontSize: 7, color: '#555', margin: [MARGINS[0], mm(6), MARGINS[2], 0] },
    footer: (page: number) => ({
      text: `Страница ${page}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, mm(5), 0, 0],
    }),
    styles: {
      subject: { fontSize: 10, bold: true, margin: [0, 0, 0, 3] },
      section: { fontSize: 13, bold: true, margin: [0, 0, 0, 8] },
    },
    content: [
      titlePage(book),
      {
        toc: { title: { text: 'Оглавление', style: 'section' }, numberStyle: { bold: true } },
        pageBreak: 'before',
      },
      ...book.subjects.flatMap((s) => subjectPages(book, s)),
      ...attendancePages(book),
      ...ledgerPages(book),
      ...studentsPages(book),
      closingPage(book),
    ],
  };
}
