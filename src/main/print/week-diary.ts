import type { DiaryWeek } from '../../shared/diary/schemas';
import { addDays, formatDate, formatDayHeading } from '../../shared/i18n/dates';
import { ABSENCE_LABELS } from '../../shared/journal/attendance';
import { type Content, mm, type TableCell, type TDocumentDefinitions } from './pdf';

/**
 * The weekly paper diary (бумажный дневник, 001 ЭД §1) for families without the electronic diary:
 * one half of an A4 sheet per student, two per sheet with a dashed cut line between them. Each half
 * holds the week's lessons by day (subject, topic, homework, marks with their work type, absence),
 * the current period's marks per subject with the average and forecast, and a tear-off strip the
 * parent signs and the student brings back.
 */

export interface WeekDiaryInput {
  schoolName: string;
  weeks: DiaryWeek[];
}

const MARGIN = mm(10);

/** "16.11.2026 – 21.11.2026": the school days of the week shown. */
export function weekRange(week: DiaryWeek): string {
  const last = week.days.at(-1)?.date ?? addDays(week.weekStart, 4);
  return `${formatDate(week.weekStart)} – ${formatDate(last)}`;
}

function marksText(lesson: DiaryWeek['days'][number]['lessons'][number]): string {
  const marks = lesson.marks.map((m) => `${m.value} (${m.workType.toLowerCase()})`);
  if (lesson.absence) marks.unshift(ABSENCE_LABELS[lesson.absence]);
  return marks.join(', ');
}

/** One column of days: a lesson per row, its topic and homework stacked in one cell to save width. */
function daysTable(days: DiaryWeek['days']): Content {
  const header = ['№', 'Предмет', 'Тема урока · домашнее задание', 'Отметки'].map((text) => ({
    text,
    bold: true,
  }));
  const body: TableCell[][] = [header];
  for (const day of days) {
    const title = day.holiday ? `${formatDayHeading(day.date)} — ${day.holiday}` : formatDayHeading(day.date);
    body.push([{ text: title, colSpan: 4, bold: true, fillColor: '#eeeeee' }, '', '', '']);
    if (day.lessons.length === 0 && !day.holiday)
      body.push([{ text: 'Уроков нет', colSpan: 4, italics: true }, '', '', '']);
    for (const l of day.lessons)
      body.push([
        String(l.number),
        l.subject,
        { stack: [l.topic, ...(l.homework ? [{ text: `Д/з: ${l.homework}`, italics: true }] : [])] },
        { text: marksText(l), bold: true },
      ]);
  }
  return {
    table: { headerRows: 1, widths: [7, 52, '*', 46], body },
    layout: 'lightHorizontalLines',
    fontSize: 6,
  };
}

/** The week's days in two columns (Monday–Wednesday, then the rest), so a full week fits half a sheet. */
function weekColumns(week: DiaryWeek): Content {
  const half = Math.ceil(week.days.length / 2);
  return {
    columns: [daysTable(week.days.slice(0, half)), daysTable(week.days.slice(half))],
    columnGap: mm(4),
  };
}

/** The current period per subject on a few lines: «Русский язык: 4,25 (прогноз 4)». */
function resultsLine(week: DiaryWeek): Content {
  const { current, subjects } = week.results;
  if (!current || subjects.length === 0) return { text: '' };
  const items = subjects.map((s) => {
    const average = s.average === null ? '—' : s.average.toFixed(2).replace('.', ',');
    return `${s.subject}: ${average}${s.forecast ? ` (прогноз ${s.forecast.mark})` : ''}`;
  });
  return {
    text: [{ text: `Текущие итоги (${current.name}, средний балл): `, bold: true }, items.join('; ')],
    fontSize: 6.5,
    margin: [0, 3, 0, 0],
  };
}

function tearOff(week: DiaryWeek): Content {
  return {
    stack: [
      {
        text: '- - - - - - - - - - - - - - - - - - - - отрезать и вернуть классному руководителю',
        fontSize: 6,
      },
      {
        text: `${week.student.name}, ${week.student.className} — неделя ${weekRange(week)}`,
        fontSize: 7.5,
        margin: [0, 2, 0, 0],
      },
      { text: 'Ознакомлен(а): ______________________ подпись родителя', fontSize: 9, margin: [0, 4, 0, 0] },
    ],
    margin: [0, 4, 0, 0],
  };
}

function studentPart(schoolName: string, week: DiaryWeek): Content {
  return {
    stack: [
      {
        columns: [
          { text: `Дневник за неделю ${weekRange(week)}`, bold: true, fontSize: 10 },
          { text: schoolName, alignment: 'right', fontSize: 7 },
        ],
      },
      { text: `${week.student.name}, ${week.student.className} класс`, fontSize: 9, margin: [0, 1, 0, 3] },
      weekColumns(week),
      resultsLine(week),
      tearOff(week),
    ],
  };
}

/** A dashed line across the sheet: where the two students' parts are cut apart. */
const cutLine: Content = {
  canvas: [{ type: 'line', x1: 0, y1: 0, x2: mm(190), y2: 0, dash: { length: 4 }, lineWidth: 0.7 }],
  margin: [0, mm(4), 0, mm(4)],
};

/**
 * Two students a sheet: the first at the top, then the cut line and the second below it. The parts
 * flow rather than sit at fixed halves, because a week of six or seven lessons a day with long topics
 * is taller than half a sheet (an absolutely placed second half was printed over such a first half);
 * the second part is unbreakable, so when the pair does not fit one sheet it moves whole to the next
 * sheet instead of overlapping or being cut across.
 */
export function weekDiaryDocument(input: WeekDiaryInput): TDocumentDefinitions {
  const content: Content[] = input.weeks.map((week, i) => {
    const part = studentPart(input.schoolName, week);
    if (i % 2 === 0) return { stack: [part], pageBreak: i > 0 ? 'before' : undefined } as Content;
    return { stack: [cutLine, part], unbreakable: true } as Content;
  });
  return {
    info: { title: 'Дневники за неделю' },
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    content,
  };
}
