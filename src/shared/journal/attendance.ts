/**
 * Absences (пропуски). Stored as a reason; shown as the codes staff know (Н, Б, УП, ОП) and printed
 * as a plain «н» in a paper-style journal (domain-defaults §6).
 */
export const ABSENCE_CODES = ['absent', 'ill', 'excused', 'late'] as const;
export type AbsenceCode = (typeof ABSENCE_CODES)[number];

export const ABSENCE_LABELS: Record<AbsenceCode, string> = {
  absent: 'Н',
  ill: 'Б',
  excused: 'УП',
  late: 'ОП',
};

export const ABSENCE_TITLES: Record<AbsenceCode, string> = {
  absent: 'отсутствовал (без уважительной причины)',
  ill: 'отсутствовал по болезни',
  excused: 'отсутствовал по уважительной причине',
  late: 'опоздал',
};

/** A late arrival is not a missed lesson. */
export function isMissedLesson(code: AbsenceCode): boolean {
  return code !== 'late';
}
