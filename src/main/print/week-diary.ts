import type { DiaryWeek } from '../../shared/diary/schemas';
import { addDays, formatDate, formatDayHeading } from '../../shared/i18n/dates';
import { inSentence } from '../../shared/i18n/sentence';
import { ABSENCE_LABELS, ABSENCE_TITLES, type AbsenceCode } from '../../shared/journal/attendance';
import { fitLines, lineHeight, linesNeeded, textWidth } from './fit-text';
import { A4, type Content, mm, type TableCell, type TDocumentDefinitions } from './pdf';
import { workTypeAbbreviation } from './work-type-abbreviations';

/**
 * The weekly paper diary (бумажный дневник, 001 ЭД §1) for families without the electronic diary:
 * one half of an A4 sheet per student, two per sheet with a dashed cut line across the middle. Each
 * half is laid out like the spread of a paper diary: Monday–Wednesday on the left, Thursday–Saturday
 * on the right, a row per lesson (number, subject, topic and homework, marks with their work types
 * abbreviated, absence), then the current period's average and forecast per subject, a legend of the
 * abbreviations used, and the tear-off strip the parent signs and the student brings back.
 *
 * Every part must fit its half, whatever the week: up to eight lessons a day on six days with long
 * topics. So each lesson gets a line budget — one line, and more while its column has room (see
 * lineBudgets) — and a topic or homework longer than its budget ends with «…». Type is never smaller
 * than 7 pt.
 */

export interface WeekDiaryInput {
  schoolName: string;
  weeks: DiaryWeek[];
  /** Subjects' short names («Рус. яз.») by full name, for the narrow subject column; else the full name. */
  shortSubjects?: Record<string, string> | undefined;
}

/** Text size of the grid, results and legend: the smallest on the page, still readable. */
const SIZE = 7;
const LINE = lineHeight(SIZE);
const MARGIN_X = mm(8);
const MARGIN_Y = mm(6);
/** Room above and below the cut line, so that the line lies across the middle of the sheet. */
const CUT_GAP = mm(2.5);
/** The height of one student's half: the sheet's half less the page margin and the cut line's room. */
const HALF = A4.height / 2 - MARGIN_Y - CUT_GAP;
const WIDTH = A4.width - 2 * MARGIN_X;
const COLUMN_GAP = mm(3);
const COLUMN = (WIDTH - COLUMN_GAP) / 2;

/** Cell padding of the day grid (points), and its fixed columns: №, subject, marks. */
const PAD_X = 1.5;
const PAD_Y = 0.6;
const RULE = 0.4;
const NUMBER_WIDTH = 7;
const SUBJECT_WIDTH = 46;
const MARKS_WIDTH = 42;
/** The topic-and-homework column: the rest of a day column, less paddings and 2 pt of safety. */
const TEXT_WIDTH = COLUMN - NUMBER_WIDTH - SUBJECT_WIDTH - MARKS_WIDTH - 8 * PAD_X - 2;

/** Fixed parts of a half, estimated high (points): the title and the tear-off strip. */
const TITLE_HEIGHT = 24;
const TEAR_OFF_HEIGHT = 34;
/** Lines the results and the legend may take at most (a longer one ends with «…»). */
const RESULT_LINES = 3;
const LEGEND_LINES = 2;
/** Lines a lesson may take at most, whatever the room: more would make a sparse week look odd. */
const MAX_LINES = 3;

/** "16.11.2026 – 21.11.2026": the school days of the week shown. */
export function weekRange(week: DiaryWeek): string {
  const last = week.days.at(-1)?.date ?? addDays(week.weekStart, 4);
  return `${formatDate(week.weekStart)} – ${formatDate(last)}`;
}

type Day = DiaryWeek['days'][number];
type Lesson = Day['lessons'][number];

/**
 * «Н, 5 к/р, 4 отв.»: the absence first, then each mark with its work type abbreviated, on as many
 * lines as they need (marks are never cut); a mark and its work type stay on one line.
 */
function marksLines(lesson: Lesson): string[] {
  const marks = lesson.marks.map((m) => `${m.value}\u00a0${workTypeAbbreviation(m.workType)}`);
  if (lesson.absence) marks.unshift(ABSENCE_LABELS[lesson.absence]);
  return fitLines(marks.join(', '), MARKS_WIDTH, SIZE, Number.POSITIVE_INFINITY);
}

/**
 * Topic and homework of a lesson in `budget` lines. On one line they share it, the homework (what
 * the family checks) keeping up to 60 % when the topic is long; on more lines the homework starts a
 * line of its own.
 */
export function lessonLines(lesson: Lesson, budget: number): string[] {
  const topic = lesson.topic.trim();
  const homework = lesson.homework.trim() ? `Д/з: ${lesson.homework.trim()}` : '';
  if (!homework) return fitLines(topic, TEXT_WIDTH, SIZE, budget);
  if (!topic) return fitLines(homework, TEXT_WIDTH, SIZE, budget);
  if (budget === 1) {
    const joint = `${topic} · ${homework}`;
    if (textWidth(joint, SIZE) <= TEXT_WIDTH) return [joint];
    const separator = textWidth(' · ', SIZE);
    const forHomework = Math.min(textWidth(homework, SIZE), TEXT_WIDTH * 0.6);
    const topicPart = fitLines(topic, TEXT_WIDTH - forHomework - separator, SIZE, 1)[0] ?? '';
    const homeworkPart = fitLines(homework, TEXT_WIDTH - textWidth(topicPart, SIZE) - separator, SIZE, 1);
    return [`${topicPart} · ${homeworkPart[0] ?? ''}`];
  }
  const homeworkNeeds = linesNeeded(homework, TEXT_WIDTH, SIZE);
  const topicNeeds = linesNeeded(topic, TEXT_WIDTH, SIZE);
  const homeworkLines = Math.min(homeworkNeeds, Math.max(Math.ceil(budget / 2), budget - topicNeeds));
  return [
    ...fitLines(topic, TEXT_WIDTH, SIZE, budget - homeworkLines),
    ...fitLines(homework, TEXT_WIDTH, SIZE, homeworkLines),
  ];
}

const rowHeight = (lines: number) => Math.max(lines, 1) * LINE + 2 * PAD_Y + RULE;

/** A lesson as it may print: its topic and homework in 1..MAX_LINES lines (`text[budget - 1]`), its marks. */
interface LessonLayout {
  text: string[][];
  marks: string[];
}

function layoutOf(lesson: Lesson): LessonLayout {
  const text: string[][] = [];
  for (let budget = 1; budget <= MAX_LINES; budget++) text.push(lessonLines(lesson, budget));
  return { text, marks: marksLines(lesson) };
}

/** The lines of a lesson's row: its topic and homework within the budget, or its marks if they need more. */
const rowLines = (lesson: LessonLayout, budget: number) =>
  Math.max(lesson.text[budget - 1]!.length, lesson.marks.length);

/**
 * The line budget of each lesson of a column of days (in the order of the days and lessons): one line
 * each, then, round by round, a line more to the lessons whose topic or homework is still cut —
 * those with homework first, since homework is what the family checks — while the column fits the
 * grid's room. Up to MAX_LINES a lesson; a sparse week thus shows its topics whole.
 */
function lineBudgets(days: Day[], lessons: LessonLayout[], room: number): number[] {
  const budgets = lessons.map(() => 1);
  const emptyDays = days.filter((d) => d.lessons.length === 0 && !d.holiday).length;
  let height = (days.length + emptyDays) * rowHeight(1);
  for (const lesson of lessons) height += rowHeight(rowLines(lesson, 1));
  const full = lessons.map((l) => l.text[MAX_LINES - 1]!.length);
  // Lessons with homework first; among them the first lesson of every day, then the second…, so that
  // the spare lines spread over the days instead of all going to Monday.
  const order = days
    .flatMap((d) => d.lessons.map((l, place) => ({ place, homework: l.homework.trim() !== '' })))
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => Number(b.homework) - Number(a.homework) || a.place - b.place || a.i - b.i);
  for (let target = 2; target <= MAX_LINES; target++)
    for (const { i } of order) {
      if (budgets[i] !== target - 1 || full[i]! < target) continue;
      const grown =
        height - rowHeight(rowLines(lessons[i]!, target - 1)) + rowHeight(rowLines(lessons[i]!, target));
      if (grown > room) continue;
      height = grown;
      budgets[i] = target;
    }
  return budgets;
}

const one = (text: string, width: number) => fitLines(text, width, SIZE, 1)[0] ?? '';

/** One column of days: a heading row per day, then a row per lesson. */
function daysTable(days: Day[], room: number, shortSubjects: Record<string, string>): Content {
  const layouts = days.flatMap((d) => d.lessons.map(layoutOf));
  const budgets = lineBudgets(days, layouts, room);
  let index = 0;
  const body: TableCell[][] = [];
  for (const day of days) {
    const title = day.holiday ? `${formatDayHeading(day.date)} — ${day.holiday}` : formatDayHeading(day.date);
    body.push([
      { text: one(title, COLUMN - 2 * PAD_X), colSpan: 4, bold: true, fillColor: '#e6e6e6' },
      '',
      '',
      '',
    ]);
    if (day.lessons.length === 0 && !day.holiday)
      body.push([{ text: 'Уроков нет', colSpan: 4, italics: true }, '', '', '']);
    for (const lesson of day.lessons) {
      const layout = layouts[index]!;
      const budget = budgets[index++] ?? 1;
      body.push([
        String(lesson.number),
        one(shortSubjects[lesson.subject] || lesson.subject, SUBJECT_WIDTH),
        layout.text[budget - 1]!.join('\n'),
        { text: layout.marks.join('\n'), bold: true },
      ]);
    }
  }
  if (body.length === 0) return { text: '' };
  return {
    table: { widths: [NUMBER_WIDTH, SUBJECT_WIDTH, '*', MARKS_WIDTH], body, dontBreakRows: true },
    layout: {
      hLineWidth: () => RULE,
      vLineWidth: () => 0,
      hLineColor: () => '#9a9a9a',
      paddingLeft: () => PAD_X,
      paddingRight: () => PAD_X,
      paddingTop: () => PAD_Y,
      paddingBottom: () => PAD_Y,
    },
  };
}

/**
 * The week's days in two columns as on a diary's spread: Monday–Wednesday, then the rest, in the room
 * (points) the half leaves them.
 */
function weekColumns(week: DiaryWeek, room: number, shortSubjects: Record<string, string>): Content {
  const half = Math.ceil(week.days.length / 2);
  const columns = [week.days.slice(0, half), week.days.slice(half)];
  return {
    columns: columns.map((days) => ({ width: COLUMN, stack: [daysTable(days, room, shortSubjects)] })),
    columnGap: COLUMN_GAP,
  };
}

const decimal = (n: number) => n.toFixed(2).replace('.', ',');

/** Spaces that must not break a line: «Рус. яз. 4,25 (4)» stays whole. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

const RESULTS_HEADING = 'средний балл (прогноз отметки за период):';

/** The current period per subject: «Рус. яз. 4,25 (4)» — the average and the forecast mark. */
function resultsLines(week: DiaryWeek, shortSubjects: Record<string, string>): string[] {
  const { current, subjects } = week.results;
  if (!current || subjects.length === 0) return [];
  const items = subjects.map((s) => {
    const average = s.average === null ? '—' : decimal(s.average);
    const forecast = s.forecast ? ` (${s.forecast.mark})` : '';
    return unbroken(`${shortSubjects[s.subject] || s.subject} ${average}${forecast}`);
  });
  return fitLines(`${current.name}, ${RESULTS_HEADING} ${items.join('; ')}`, WIDTH, SIZE, RESULT_LINES);
}

/** The results' lines with their heading (the start of the first line, never cut) in bold. */
function resultsText(lines: string[]): Content {
  const [first = '', ...rest] = lines;
  if (!first) return { text: '' };
  const at = first.indexOf(RESULTS_HEADING);
  const end = at < 0 ? 0 : at + RESULTS_HEADING.length;
  return {
    text: [{ text: first.slice(0, end), bold: true }, first.slice(end), ...rest.map((l) => `\n${l}`)],
    margin: [0, 2, 0, 0],
  };
}

/** What the abbreviations on this half mean: the work types and absence codes of the week only. */
function legendLines(week: DiaryWeek): string[] {
  const types = new Map<string, string>();
  const absences = new Set<AbsenceCode>();
  for (const lesson of week.days.flatMap((d) => d.lessons)) {
    for (const m of lesson.marks) types.set(workTypeAbbreviation(m.workType), inSentence(m.workType));
    if (lesson.absence) absences.add(lesson.absence);
  }
  const parts = [
    ...[...types].map(([short, name]) => `${short} — ${name}`),
    ...[...absences].map((code) => `${ABSENCE_LABELS[code]} — ${ABSENCE_TITLES[code]}`),
  ];
  if (parts.length === 0) return [];
  return fitLines(`Сокращения: ${parts.map(unbroken).join('; ')}`, WIDTH, SIZE, LEGEND_LINES);
}

function title(schoolName: string, week: DiaryWeek): Content {
  return {
    stack: [
      {
        columns: [
          { text: `${week.student.name}, ${week.student.className} класс`, bold: true, fontSize: 9 },
          { text: `Дневник за неделю ${weekRange(week)}`, bold: true, fontSize: 9, alignment: 'right' },
        ],
      },
      { text: one(schoolName, WIDTH), color: '#444444', margin: [0, 0, 0, 2] },
    ],
  };
}

/** The strip the parent signs, cut off along its dashed line and brought back by the student. */
function tearOff(week: DiaryWeek): Content {
  return {
    stack: [
      {
        columns: [
          {
            canvas: [
              { type: 'line', x1: 0, y1: 4, x2: WIDTH - 170, y2: 4, dash: { length: 2 }, lineWidth: 0.5 },
            ],
            width: WIDTH - 165,
          },
          { text: 'отрезать и вернуть классному руководителю', alignment: 'right' },
        ],
      },
      {
        columns: [
          {
            text: `${week.student.name}, ${week.student.className} — неделя ${weekRange(week)}`,
            fontSize: 7.5,
          },
          {
            text: 'Ознакомлен(а): ______________________ подпись родителя',
            fontSize: 8.5,
            alignment: 'right',
          },
        ],
        margin: [0, 6, 0, 0],
      },
    ],
  };
}

/**
 * One student's half: a table of two rows with minimum heights, so that the grid and results take the
 * top and the tear-off strip always sits at the bottom of the half, the cut line across the sheet's middle.
 */
function studentHalf(input: WeekDiaryInput, week: DiaryWeek): Content {
  const short = input.shortSubjects ?? {};
  const results = resultsLines(week, short);
  const legend = legendLines(week);
  // What the title, results, legend and tear-off leave to the days, with 6 pt to spare.
  const room = HALF - TEAR_OFF_HEIGHT - TITLE_HEIGHT - (results.length + legend.length) * LINE - 3 - 6;
  return {
    table: {
      widths: [WIDTH],
      heights: [HALF - TEAR_OFF_HEIGHT, TEAR_OFF_HEIGHT],
      body: [
        [
          {
            stack: [
              title(input.schoolName, week),
              weekColumns(week, room, short),
              resultsText(results),
              legend.length
                ? { text: legend.join('\n'), color: '#444444', margin: [0, 1, 0, 0] }
                : { text: '' },
            ],
          },
        ],
        [tearOff(week)],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
  } as Content;
}

/**
 * A dashed line across the sheet: where the two students' halves are cut apart. A new node for every
 * use: pdfmake writes its measurements and positions into the nodes it lays out, and a node shared
 * between documents (the render thread lays out many) kept the first one's, which pushed every second
 * student of a later document off its sheet — and out of the file.
 */
const cutLine = (): Content => ({
  canvas: [{ type: 'line', x1: 0, y1: 0, x2: WIDTH, y2: 0, dash: { length: 4 }, lineWidth: 0.7 }],
  margin: [0, CUT_GAP, 0, CUT_GAP],
});

/**
 * Two students a sheet: the first half, the cut line, the second half. The second half and its cut
 * line are unbreakable: should a half ever outgrow its room (the line budget is an estimate), the
 * pair is not printed over each other — the second moves whole to the next sheet.
 */
export function weekDiaryDocument(input: WeekDiaryInput): TDocumentDefinitions {
  const content: Content[] = input.weeks.map((week, i) => {
    const part = studentHalf(input, week);
    if (i % 2 === 0) return { stack: [part], pageBreak: i > 0 ? 'before' : undefined } as Content;
    return { stack: [cutLine(), part], unbreakable: true } as Content;
  });
  return {
    info: { title: 'Дневники за неделю' },
    pageMargins: [MARGIN_X, MARGIN_Y, MARGIN_X, MARGIN_Y],
    defaultStyle: { fontSize: SIZE },
    content,
  };
}
