import type { MarkingMode } from '../journal/marks';

/**
 * The federal curriculum, 5-day week, as amended from 01.09.2025 (domain-defaults.md §1): hours per
 * week by grade 1–11 (index 0 = grade 1). 10–11 is the universal-profile template (unverified
 * against the ФОП СОО table; a school setting, not a rule).
 */
export interface SubjectDefault {
  name: string;
  shortName: string;
  hours: readonly number[];
  /** Grades where the subject is not marked with points. */
  marking?: Partial<Record<number, MarkingMode>>;
  /** Taught in two groups (подгруппы) in a class of more than 20 (languages). */
  split?: boolean;
}

const noMarksInGrade1 = { 1: 'none' } as const;

export const FEDERAL_CURRICULUM: readonly SubjectDefault[] = [
  {
    name: 'Русский язык',
    shortName: 'Рус. яз.',
    hours: [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2],
    marking: noMarksInGrade1,
  },
  {
    name: 'Литературное чтение',
    shortName: 'Лит. чт.',
    hours: [4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0],
    marking: noMarksInGrade1,
  },
  { name: 'Литература', shortName: 'Лит.', hours: [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3] },
  {
    name: 'Иностранный язык (английский)',
    shortName: 'Англ. яз.',
    hours: [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
    split: true,
  },
  {
    name: 'Математика',
    shortName: 'Матем.',
    hours: [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0],
    marking: noMarksInGrade1,
  },
  { name: 'Алгебра', shortName: 'Алгебра', hours: [0, 0, 0, 0, 0, 0, 3, 3, 3, 0, 0] },
  {
    name: 'Алгебра и начала математического анализа',
    shortName: 'Алг. и НМА',
    hours: [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4],
  },
  { name: 'Геометрия', shortName: 'Геом.', hours: [0, 0, 0, 0, 0, 0, 2, 2, 2, 3, 3] },
  { name: 'Вероятность и статистика', shortName: 'Вер. и стат.', hours: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1] },
  { name: 'Информатика', shortName: 'Информ.', hours: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1] },
  {
    name: 'Окружающий мир',
    shortName: 'Окр. мир',
    hours: [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0],
    marking: noMarksInGrade1,
  },
  {
    name: 'Основы религиозных культур и светской этики',
    shortName: 'ОРКСЭ',
    hours: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    marking: { 4: 'pass_fail' },
  },
  { name: 'История', shortName: 'История', hours: [0, 0, 0, 0, 3, 3, 3, 3, 2, 2, 2] },
  { name: 'Обществознание', shortName: 'Обществ.', hours: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2] },
  { name: 'География', shortName: 'Геогр.', hours: [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1] },
  { name: 'Физика', shortName: 'Физика', hours: [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2] },
  { name: 'Химия', shortName: 'Химия', hours: [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1] },
  { name: 'Биология', shortName: 'Биол.', hours: [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1] },
  {
    name: 'Изобразительное искусство',
    shortName: 'ИЗО',
    hours: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
    marking: noMarksInGrade1,
  },
  { name: 'Музыка', shortName: 'Музыка', hours: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], marking: noMarksInGrade1 },
  {
    name: 'Труд (технология)',
    shortName: 'Труд',
    hours: [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0],
    marking: noMarksInGrade1,
  },
  {
    name: 'Основы безопасности и защиты Родины',
    shortName: 'ОБЗР',
    hours: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
  },
  {
    name: 'Физическая культура',
    shortName: 'Физ-ра',
    hours: [3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    marking: noMarksInGrade1,
  },
  { name: 'Индивидуальный проект', shortName: 'Инд. проект', hours: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0] },
];

export function markingModeFor(subject: SubjectDefault, grade: number): MarkingMode {
  return subject.marking?.[grade] ?? 'points';
}
