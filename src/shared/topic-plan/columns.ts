import { headerKey } from '../import/columns';

/**
 * The columns of a plan of topics file, as the template names them (matched loosely, like the
 * import's lists: case, «ё», spaces and punctuation do not matter; a few usual synonyms are read too).
 * «№» orders the rows when given; without it the file's order is the plan's.
 */
export type PlanField = 'number' | 'title' | 'hours';

export const PLAN_COLUMNS: readonly {
  field: PlanField;
  header: string;
  required: boolean;
  also: string[];
}[] = [
  { field: 'number', header: '№', required: false, also: ['№ п/п', 'Номер', 'N', 'No', '№ урока'] },
  { field: 'title', header: 'Тема урока', required: true, also: ['Тема', 'Темы', 'Тема занятия'] },
  { field: 'hours', header: 'Часов', required: true, also: ['Часы', 'Кол-во часов', 'Количество часов'] },
];

/** The column a header names, or undefined. «№» has no letters, so it is compared as written. */
export function planFieldOf(header: string): PlanField | undefined {
  const raw = header.trim();
  if (raw === '№' || raw === '#') return 'number';
  const key = headerKey(raw);
  if (key === '') return undefined;
  return PLAN_COLUMNS.find((c) => [c.header, ...c.also].some((h) => headerKey(h) === key))?.field;
}
