import { ABSENCE_LABELS, type AbsenceCode } from '../../shared/journal/attendance';
import { type Content, mm, type TableCell, type TDocumentDefinitions } from './pdf';

/**
 * The report card (табель успеваемости, 002 §5.2) printed for the family: the year's period marks
 * so far and the year mark per subject, the lessons missed in the period by reason, and lines for the
 * class teacher's and a parent's signatures. One A4 page per student.
 */

export interface ReportCard {
  student: string;
  className: string;
  yearName: string;
  periodName: string;
  classTeacher: string;
  /** Names of the periods shown: the year's periods up to and including the one printed. */
  periods: string[];
  subjects: { subject: string; periods: (string | null)[]; year: string | null }[];
  absences: Record<AbsenceCode, number>;
}

export interface ReportCardsInput {
  schoolName: string;
  cards: ReportCard[];
}

const ABSENCE_ROWS: { code: AbsenceCode; title: string }[] = [
  { code: 'ill', title: 'по болезни' },
  { code: 'excused', title: 'по уважительной причине' },
  { code: 'absent', title: 'без уважительной причины' },
  { code: 'late', title: 'опозданий' },
];

function marksTable(card: ReportCard): Content {
  const header = ['Предмет', ...card.periods, 'Год'].map((text) => ({
    text,
    bold: true,
    alignment: 'center' as const,
  }));
  const body: TableCell[][] = [
    header,
    ...card.subjects.map((s) => [
      s.subject,
      ...s.periods.map((m) => ({ text: m ?? '', alignment: 'center' as const })),
      { text: s.year ?? '', alignment: 'center' as const, bold: true },
    ]),
  ];
  return {
    table: { headerRows: 1, widths: ['*', ...card.periods.map(() => 55), 45], body },
    fontSize: 10,
  } as Content;
}

function absencesTable(card: ReportCard): Content {
  const missed = card.absences.ill + card.absences.excused + card.absences.absent;
  return {
    stack: [
      {
        text: `Пропущено уроков (${card.periodName}): ${missed}`,
        bold: true,
        margin: [0, 10, 0, 3],
      },
      {
        table: {
          widths: [30, 160, 40],
          body: ABSENCE_ROWS.map((r) => [ABSENCE_LABELS[r.code], r.title, String(card.absences[r.code])]),
        },
        layout: 'lightHorizontalLines',
      },
    ],
  };
}

function cardPage(schoolName: string, card: ReportCard, first: boolean): Content {
  return {
    stack: [
      { text: schoolName, alignment: 'center' as const, fontSize: 9 },
      {
        text: 'Табель успеваемости',
        alignment: 'center' as const,
        bold: true,
        fontSize: 16,
        margin: [0, 6, 0, 2],
      },
      {
        text: `${card.student}, ${card.className} класс, ${card.yearName} учебный год`,
        alignment: 'center' as const,
        fontSize: 11,
      },
      { text: card.periodName, alignment: 'center' as const, fontSize: 11, margin: [0, 0, 0, 10] },
      marksTable(card),
      absencesTable(card),
      {
        text: `Классный руководитель ______________________ ${card.classTeacher}`,
        margin: [0, 30, 0, 0],
      },
      { text: 'Подпись родителя ______________________', margin: [0, 16, 0, 0] },
    ],
    pageBreak: first ? undefined : 'before',
  };
}

export function reportCardsDocument(input: ReportCardsInput): TDocumentDefinitions {
  return {
    info: { title: 'Табели успеваемости' },
    pageMargins: [mm(15), mm(15), mm(15), mm(15)],
    content: input.cards.map((c, i) => cardPage(input.schoolName, c, i === 0)),
  };
}
