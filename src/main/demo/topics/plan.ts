import { topicList } from './lists';

/**
 * The demo school's календарно-тематическое планирование: for one subject in one grade, the year's
 * lessons in the order of a рабочая программа, with the оценочные процедуры placed as domain-defaults
 * §4.6 allows, and the homework each lesson may carry. Pure and deterministic.
 */
export interface PlannedLesson {
  topic: string;
  /** An оценочная процедура (контрольная/проверочная/диагностическая работа, контрольный диктант). */
  control: boolean;
  /** Whether homework may be set after this lesson. */
  homework: boolean;
}

/** Words that name an оценочная процедура; a topic has one exactly when its lesson is a control. */
export const CONTROL_WORDS = /контрольн|проверочн|диагностическ|диктант/i;

const NO_CONTROL = new Set([
  'Физическая культура',
  'Музыка',
  'Изобразительное искусство',
  'Труд (технология)',
  'Основы религиозных культур и светской этики',
  'Индивидуальный проект',
]);

/** Subjects whose first lesson of the year is the вводный инструктаж. */
export const SAFETY_BRIEFING = new Set([
  'Физическая культура',
  'Физика',
  'Химия',
  'Биология',
  'Информатика',
  'Труд (технология)',
  'Основы безопасности и защиты Родины',
]);

const PROBLEM_SOLVING = new Set([
  'Математика',
  'Алгебра',
  'Алгебра и начала математического анализа',
  'Геометрия',
  'Вероятность и статистика',
  'Физика',
  'Химия',
  'Информатика',
]);

const ATTESTATION: Record<string, string> = {
  'Русский язык': 'Промежуточная аттестация. Итоговая контрольная работа (диктант с грамматическим заданием)',
  'Физическая культура': 'Промежуточная аттестация. Выполнение учебных нормативов',
  Музыка: 'Промежуточная аттестация. Итоговый урок-концерт',
  'Изобразительное искусство': 'Промежуточная аттестация. Итоговая выставка работ',
  'Труд (технология)': 'Промежуточная аттестация. Защита творческого проекта',
  'Основы религиозных культур и светской этики': 'Промежуточная аттестация. Презентация творческих проектов',
  'Индивидуальный проект': 'Промежуточная аттестация. Публичная защита индивидуального проекта',
};

export function controlsAllowed(subject: string, grade: number): boolean {
  return grade > 1 && !NO_CONTROL.has(subject);
}

/** The fewest lessons between two оценочные процедуры: 2.5 weeks (§4.6). */
export function controlGap(hoursPerWeek: number): number {
  return Math.ceil(2.5 * Math.max(1, hoursPerWeek));
}

/** The most оценочные процедуры a year: 10 % of the subject's lessons (§4.6). */
export function controlCap(subject: string, grade: number, count: number): number {
  return controlsAllowed(subject, grade) ? Math.floor(count / 10) : 0;
}

interface Draft {
  topic: string;
  control: boolean;
  anchor?: number;
}

interface Anchor {
  id: number;
  /** Index of the regular topic after which the control comes. */
  after: number;
  topic: string;
}

/** The k-th lesson spent on one topic: the name, then practice lessons that never repeat back to back. */
function variant(topic: string, k: number, subject: string): string {
  if (k === 0) return topic;
  const forms = PROBLEM_SOLVING.has(subject)
    ? [`Решение задач по теме «${topic}»`, `${topic} (продолжение)`, `Закрепление по теме «${topic}»`]
    : subject === 'Физическая культура'
      ? [`${topic}. Совершенствование техники`, `${topic}. Закрепление`]
      : [`${topic} (продолжение)`, `Закрепление по теме «${topic}»`, `Упражнения по теме «${topic}»`];
  return forms[(k - 1) % forms.length]!;
}

/** `m` of `n` indices, spread evenly and in order. */
function spread(n: number, m: number): number[] {
  return Array.from({ length: m }, (_, k) => Math.floor((k * n) / m));
}

function layout(regular: string[], anchors: Anchor[], slots: number, subject: string): Draft[] {
  if (slots <= 0 || regular.length === 0) return [];
  let topics = regular;
  let marks = anchors;
  if (slots < regular.length) {
    // Too few lessons for the list: keep an even selection, each control after its topic's survivor.
    const kept = spread(regular.length, slots);
    topics = kept.map((i) => regular[i]!);
    marks = anchors
      .map((a) => ({ ...a, after: kept.filter((i) => i <= a.after).length - 1 }))
      .filter((a) => a.after >= 0);
  }
  // One lesson each, the rest shared by weight: a lab or an introduction needs no second lesson.
  const weights = topics.map((t) =>
    /^(Лабораторная|Практическая) работа/.test(t) ? 0.15 : INTRODUCTORY.test(t) ? 0.3 : 1,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const rest = slots - topics.length;
  let before = 0;
  const spans = weights.map((w) => {
    const from = Math.round((rest * before) / total);
    before += w;
    return 1 + Math.round((rest * before) / total) - from;
  });
  const out: Draft[] = [];
  topics.forEach((topic, i) => {
    const span = spans[i]!;
    for (let k = 0; k < span; k++) out.push({ topic: variant(topic, k, subject), control: false });
    for (const a of marks) if (a.after === i) out.push({ topic: a.topic, control: true, anchor: a.id });
  });
  return out;
}

/** An opening or revision topic: one short stretch, never a subject of the year-end revision. */
const INTRODUCTORY = /^(Повторение|Введение|Вводный|Что изучает|Цели изучения)|система занятий/;

function closing(
  subject: string,
  grade: number,
  count: number,
  regular: string[],
  withControl: boolean,
): Draft[] {
  if (count < 6) return [];
  if (grade === 1) return [{ topic: 'Итоговый урок. Чему мы научились в 1 классе', control: false }];
  const reviews = Math.min(6, Math.max(1, Math.round(count * 0.03)));
  const out: Draft[] = [{ topic: 'Повторение и обобщение изученного за год', control: false }];
  const themes = regular.filter((t) => !INTRODUCTORY.test(t)).map((t) => t.replace(/[.:].*$/, ''));
  for (const i of spread(themes.length, Math.min(themes.length, reviews - 1))) {
    out.push({ topic: `Повторение по теме «${themes[i]!}»`, control: false });
  }
  if (withControl) {
    out.push({
      topic: ATTESTATION[subject] ?? 'Промежуточная аттестация. Итоговая контрольная работа',
      control: true,
    });
    out.push({ topic: 'Работа над ошибками. Итоговый урок', control: false });
  } else {
    out.push({
      topic: ATTESTATION[subject] ?? 'Промежуточная аттестация. Итоговое тестирование',
      control: false,
    });
  }
  return out;
}

function numberControls(lessons: Draft[]): void {
  const seen = new Map<string, number>();
  for (const l of lessons) {
    const m =
      /^(Контрольная работа|Контрольный диктант|Проверочная работа|Диагностическая работа)(?! №)/.exec(
        l.topic,
      );
    if (!l.control || !m) continue;
    const n = (seen.get(m[1]!) ?? 0) + 1;
    seen.set(m[1]!, n);
    l.topic = `${m[1]} № ${n}${l.topic.slice(m[1]!.length)}`;
  }
}

/** The year's sequence of lessons for one subject in one grade: `count` lessons, `hoursPerWeek` per week. */
export function yearPlan(
  subject: string,
  grade: number,
  count: number,
  hoursPerWeek: number,
): PlannedLesson[] {
  if (count <= 0) return [];
  const allowed = controlsAllowed(subject, grade);
  const cap = controlCap(subject, grade, count);
  const gap = controlGap(hoursPerWeek);
  const regular: string[] = [];
  let anchors: Anchor[] = [];
  for (const t of topicList(subject, grade)) {
    if (!t.startsWith('!')) regular.push(t);
    else if (allowed && regular.length > 0)
      anchors.push({ id: anchors.length, after: regular.length - 1, topic: t.slice(1) });
  }
  const end = closing(subject, grade, count, regular, cap > 0);
  const body = count - end.length;
  const endControls = end.filter((d) => d.control).length;
  // The cap first (an even selection of the programme's controls), then the 2.5-week spacing.
  const room = Math.max(0, cap - endControls);
  if (anchors.length > room) anchors = spread(anchors.length, room).map((i) => anchors[i]!);
  let lessons: Draft[] = [];
  for (;;) {
    lessons = [...layout(regular, anchors, body - anchors.length, subject), ...end];
    const at = lessons.flatMap((l, i) => (l.control ? [i] : []));
    const tooClose = at.findIndex((p, k) => k > 0 && p - at[k - 1]! < gap);
    if (tooClose < 0) break;
    // Drop a programme control (never the промежуточная аттестация): the later one unless it is the last.
    const drop = tooClose === at.length - 1 && endControls > 0 ? tooClose - 1 : tooClose;
    const dropId = lessons[at[drop]!]!.anchor;
    const before = anchors.length;
    anchors = anchors.filter((a) => a.id !== dropId);
    if (anchors.length === before) break;
  }
  numberControls(lessons);
  for (let i = 1; i < lessons.length; i++) {
    if (
      lessons[i - 1]!.control &&
      !lessons[i]!.control &&
      !lessons[i]!.topic.startsWith('Работа над ошибками')
    ) {
      lessons[i]!.topic = `Работа над ошибками. ${lessons[i]!.topic}`;
    }
  }
  if (SAFETY_BRIEFING.has(subject) && lessons[0]) {
    lessons[0].topic = `Вводный инструктаж по технике безопасности. ${lessons[0].topic}`;
  }
  const noHomework = grade === 1 || subject === 'Физическая культура';
  return lessons.map((l, i) => ({
    topic: l.topic,
    control: l.control,
    homework: !noHomework && !l.control && i < lessons.length - 1,
  }));
}
