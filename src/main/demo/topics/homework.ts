/**
 * Homework as a teacher writes it in the journal: what to do and where (§, упр., №, pages), by
 * subject and grade. Numbers grow through the year when the caller says how far into it the lesson is.
 */

type Template = (n: Numbers) => string;

interface Numbers {
  /** A paragraph (§) of the textbook. */
  p: number;
  /** A page of the textbook. */
  s: number;
  /** An exercise or problem number. */
  u: number;
  /** A small number (questions, tasks). */
  q: number;
}

interface Scheme {
  /** Largest §, page and exercise number at the end of the year. */
  paragraphs: number;
  pages: number;
  exercises: number;
  /** Share of lessons that get no homework. */
  none: number;
  templates: readonly Template[];
}

const textbook: readonly Template[] = [
  ({ p, q }) => `§ ${p}, вопросы 1–${q + 2}`,
  ({ p }) => `§ ${p}, ответить на вопросы в конце параграфа`,
  ({ p }) => `§ ${p}, пересказ`,
  ({ p, q }) => `§ ${p}, задание ${q} в рубрике «Подумайте»`,
  ({ p }) => `повторить § ${p - 1}–${p}`,
];

const SCHEMES: Record<string, (grade: number) => Scheme> = {
  'Русский язык': (g) =>
    g <= 4
      ? {
          paragraphs: 0,
          pages: 130,
          exercises: 230,
          none: 0.05,
          templates: [
            ({ s, u }) => `с. ${s}, упр. ${u}`,
            ({ u }) => `упр. ${u}`,
            ({ s, u }) => `выучить правило на с. ${s}, упр. ${u}`,
            ({ s }) => `словарные слова на с. ${s} — выучить`,
          ],
        }
      : {
          paragraphs: g >= 10 ? 60 : 75,
          pages: 280,
          exercises: g >= 10 ? 380 : 620,
          none: 0.05,
          templates: [
            ({ u }) => `упр. ${u}`,
            ({ p, u }) => `§ ${p}, правило, упр. ${u}`,
            ({ u }) => `упр. ${u}, ${u + 2}`,
            ({ u }) => `упр. ${u} (списать, обозначить орфограммы)`,
            ({ p, u }) => `п. ${p}, упр. ${u}, словарные слова`,
          ],
        },
  'Литературное чтение': () => ({
    paragraphs: 0,
    pages: 190,
    exercises: 0,
    none: 0.08,
    templates: [
      ({ s }) => `с. ${s}–${s + 3}, выразительное чтение`,
      ({ s }) => `с. ${s}–${s + 2}, ответить на вопросы`,
      ({ s }) => `с. ${s}, выучить стихотворение наизусть`,
      ({ s }) => `с. ${s}–${s + 4}, пересказ`,
      () => 'нарисовать иллюстрацию к прочитанному',
    ],
  }),
  Литература: () => ({
    paragraphs: 0,
    pages: 300,
    exercises: 0,
    none: 0.05,
    templates: [
      ({ s }) => `прочитать с. ${s}–${s + 12}`,
      ({ s, q }) => `с. ${s}, вопросы 1–${q + 2}`,
      () => 'выучить стихотворение наизусть',
      () => 'подготовить выразительное чтение фрагмента',
      () => 'составить цитатный план',
      ({ q }) => `письменный ответ на вопрос ${q}`,
      () => 'дочитать произведение до конца',
    ],
  }),
  'Иностранный язык (английский)': (g) => ({
    paragraphs: 0,
    pages: g <= 4 ? 110 : 150,
    exercises: 9,
    none: 0.05,
    templates: [
      ({ s, q }) => `Рабочая тетрадь, с. ${s}, упр. ${q}`,
      ({ s, q }) => `учебник, с. ${s}, упр. ${q} (письменно)`,
      () => 'выучить слова по теме',
      ({ s, q }) => `учебник, с. ${s}, упр. ${q}, читать и переводить`,
      ({ s }) => `учебник, с. ${s}, правило выучить`,
    ],
  }),
  Математика: (g) =>
    g <= 4
      ? {
          paragraphs: 0,
          pages: 125,
          exercises: 8,
          none: 0.05,
          templates: [
            ({ s, q }) => `с. ${s}, № ${q}, ${q + 2}`,
            ({ s, q }) => `с. ${s}, № ${q}, задача`,
            ({ s }) => `с. ${s}, примеры столбиком`,
            () => 'выучить таблицу умножения',
          ],
        }
      : {
          paragraphs: 40,
          pages: 0,
          exercises: 1500,
          none: 0.03,
          templates: [
            ({ u }) => `№ ${u}, ${u + 3}`,
            ({ p, u }) => `п. ${p}, № ${u}, ${u + 2}, ${u + 5}`,
            ({ u }) => `№ ${u} (а, б), ${u + 4}`,
          ],
        },
  Алгебра: () => algebra(30, 1100),
  'Алгебра и начала математического анализа': () => algebra(45, 900),
  Геометрия: (g) => ({
    paragraphs: g >= 10 ? 60 : 90,
    pages: 0,
    exercises: g >= 10 ? 800 : 1300,
    none: 0.05,
    templates: [
      ({ p, u }) => `п. ${p}, № ${u}, ${u + 2}`,
      ({ p, q }) => `п. ${p}, вопросы ${q}–${q + 3}, выучить теорему`,
      ({ u }) => `№ ${u}, ${u + 1}, ${u + 4}`,
    ],
  }),
  'Вероятность и статистика': () => ({
    paragraphs: 25,
    pages: 0,
    exercises: 300,
    none: 0.1,
    templates: [({ p, u }) => `§ ${p}, задачи ${u}, ${u + 2}`, ({ p }) => `§ ${p}, вопросы к параграфу`],
  }),
  Информатика: () => ({
    paragraphs: 25,
    pages: 0,
    exercises: 12,
    none: 0.15,
    templates: [
      ({ p, q }) => `§ ${p}, вопросы 1–${q + 3}`,
      ({ p, q }) => `§ ${p}, задания в рабочей тетради № ${q}, ${q + 1}`,
      ({ p }) => `§ ${p}, подготовить ответы на вопросы`,
    ],
  }),
  Физика: () => ({
    paragraphs: 50,
    pages: 0,
    exercises: 40,
    none: 0.05,
    templates: [
      ({ p, q }) => `§ ${p}, упр. ${q + 5} (1–3)`,
      ({ p }) => `§ ${p}, вопросы после параграфа`,
      ({ p, q }) => `§ ${p}, задачи ${q}, ${q + 1}`,
    ],
  }),
  Химия: () => ({
    paragraphs: 40,
    pages: 0,
    exercises: 10,
    none: 0.05,
    templates: [
      ({ p, q }) => `§ ${p}, задания ${q}, ${q + 2}`,
      ({ p }) => `§ ${p}, составить уравнения реакций`,
      ({ p }) => `§ ${p}, вопросы после параграфа`,
    ],
  }),
  География: () => ({
    paragraphs: 40,
    pages: 0,
    exercises: 6,
    none: 0.08,
    templates: [...textbook, ({ p }) => `§ ${p}, работа с контурной картой`],
  }),
  Биология: () => ({
    paragraphs: 40,
    pages: 0,
    exercises: 6,
    none: 0.08,
    templates: [...textbook, ({ p }) => `§ ${p}, зарисовать схему в тетради`],
  }),
  История: () => ({
    paragraphs: 30,
    pages: 0,
    exercises: 6,
    none: 0.05,
    templates: [
      ...textbook,
      ({ p }) => `§ ${p}, работа с картой`,
      ({ p }) => `§ ${p}, выучить даты`,
      ({ p }) => `§ ${p}, заполнить таблицу`,
    ],
  }),
  Обществознание: () => ({
    paragraphs: 25,
    pages: 0,
    exercises: 6,
    none: 0.08,
    templates: [
      ({ p }) => `§ ${p}, вопросы «Проверим себя»`,
      ({ p, q }) => `§ ${p}, задания ${q}, ${q + 1} «В классе и дома»`,
      ({ p }) => `§ ${p}, выучить понятия`,
    ],
  }),
  'Окружающий мир': () => ({
    paragraphs: 0,
    pages: 150,
    exercises: 5,
    none: 0.1,
    templates: [
      ({ s }) => `с. ${s}–${s + 3}, ответить на вопросы`,
      ({ s, q }) => `рабочая тетрадь, с. ${s}, задания 1–${q + 1}`,
      ({ s }) => `с. ${s}–${s + 3}, пересказ`,
    ],
  }),
  'Основы религиозных культур и светской этики': () => ({
    paragraphs: 0,
    pages: 90,
    exercises: 4,
    none: 0.6,
    templates: [({ s }) => `с. ${s}–${s + 3}, прочитать`, () => 'подготовить небольшое сообщение'],
  }),
  'Основы безопасности и защиты Родины': () => ({
    paragraphs: 30,
    pages: 0,
    exercises: 6,
    none: 0.15,
    templates: [({ p, q }) => `§ ${p}, вопросы 1–${q + 2}`, ({ p }) => `§ ${p}, выучить правила`],
  }),
  Музыка: () => ({
    paragraphs: 0,
    pages: 0,
    exercises: 0,
    none: 0.8,
    templates: [() => 'выучить слова песни', () => 'послушать произведение, нарисовать рисунок к музыке'],
  }),
  'Изобразительное искусство': () => ({
    paragraphs: 0,
    pages: 0,
    exercises: 0,
    none: 0.7,
    templates: [() => 'закончить рисунок', () => 'принести альбом, гуашь, кисти'],
  }),
  'Труд (технология)': () => ({
    paragraphs: 0,
    pages: 0,
    exercises: 0,
    none: 0.7,
    templates: [() => 'принести материалы к следующему уроку', () => 'закончить изделие'],
  }),
  'Индивидуальный проект': () => ({
    paragraphs: 0,
    pages: 0,
    exercises: 0,
    none: 0.3,
    templates: [
      () => 'работа над проектом по плану',
      () => 'подобрать источники по теме проекта',
      () => 'подготовить презентацию проекта',
    ],
  }),
};

function algebra(paragraphs: number, exercises: number): Scheme {
  return {
    paragraphs,
    pages: 0,
    exercises,
    none: 0.03,
    templates: [
      ({ p, u }) => `§ ${p}, № ${u}, ${u + 2}`,
      ({ u }) => `№ ${u} (а, в), ${u + 3}`,
      ({ p, u }) => `п. ${p}, выучить формулы, № ${u}`,
    ],
  };
}

const FALLBACK: Scheme = { paragraphs: 30, pages: 0, exercises: 6, none: 0.2, templates: textbook };

/**
 * A homework text fitting the subject and grade, '' where none is given (grade 1, физкультура, and
 * now and then elsewhere). `pick` is the caller's seeded random in [0,1); `progress` (0–1, how far
 * into the year) makes the §, pages and numbers grow; without it they are drawn from `pick`.
 */
export function homeworkFor(subject: string, grade: number, pick: () => number, progress?: number): string {
  if (grade <= 1 || subject === 'Физическая культура') return '';
  const scheme = SCHEMES[subject]?.(grade) ?? FALLBACK;
  if (pick() < scheme.none) return '';
  const template = scheme.templates[Math.floor(pick() * scheme.templates.length)]!;
  const at = Math.min(1, Math.max(0, progress ?? pick()));
  const along = (max: number, jitter: number) =>
    Math.max(2, Math.min(max, Math.round(at * max + (pick() - 0.5) * jitter)));
  return template({
    p: along(Math.max(2, scheme.paragraphs), 2),
    s: along(Math.max(4, scheme.pages), 6),
    u: along(Math.max(4, scheme.exercises), Math.max(4, scheme.exercises / 20)),
    q: 1 + Math.floor(pick() * Math.max(1, Math.min(6, scheme.exercises || 4))),
  });
}
