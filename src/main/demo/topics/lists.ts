import { ARTS } from './arts';
import { HUMANITIES } from './humanities';
import { LANGUAGES } from './languages';
import { MATHS } from './maths';
import { PRIMARY } from './primary';
import type { Programme } from './programme';
import { SCIENCES } from './sciences';

const ALL: readonly Programme[] = [PRIMARY, LANGUAGES, MATHS, SCIENCES, HUMANITIES, ARTS];

/** For a subject the demo does not know (a ЧФУОО course, a second language): a plain course outline. */
const GENERIC: readonly string[] = [
  'Введение. Цели и задачи курса',
  'Основные понятия курса',
  'Изучение нового материала',
  'Практическое занятие',
  'Работа с источниками информации',
  'Обсуждение и анализ',
  'Выполнение практических заданий',
  'Подготовка сообщений',
  'Защита сообщений',
  'Обобщение изученного',
];

function inBand(key: string, grade: number): boolean {
  const [from, to] = key.split('-').map(Number);
  return grade >= from! && grade <= (to ?? from)!;
}

/** The ordered topics (with «!» controls) for one subject in one grade. */
export function topicList(subject: string, grade: number): readonly string[] {
  for (const programme of ALL) {
    const byGrade = programme[subject];
    if (!byGrade) continue;
    const key = Object.keys(byGrade).find((k) => inBand(k, grade));
    if (key) return byGrade[key]!;
  }
  return GENERIC;
}
