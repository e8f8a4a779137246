import { describe, expect, it } from 'vitest';
import { FEDERAL_CURRICULUM } from '../../shared/school-year/curriculum-defaults';
import { CONTROL_WORDS, controlGap, homeworkFor, yearPlan } from './topics';

const BRIEFING = /инструктаж|техник[аи] безопасности/i;
const NO_CONTROL = new Set([
  'Физическая культура',
  'Музыка',
  'Изобразительное искусство',
  'Труд (технология)',
  'Основы религиозных культур и светской этики',
  'Индивидуальный проект',
]);

const cases = FEDERAL_CURRICULUM.flatMap((s) =>
  s.hours.flatMap((h, i) => (h > 0 ? [{ subject: s.name, grade: i + 1, hours: h }] : [])),
);

function seeded(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('the demo year plan of topics', () => {
  it.each(cases)('$subject, grade $grade: a believable year', ({ subject, grade, hours }) => {
    const count = hours * (grade === 1 ? 33 : 34);
    const plan = yearPlan(subject, grade, count, hours);
    expect(plan).toHaveLength(count);
    expect(yearPlan(subject, grade, count, hours)).toEqual(plan);

    plan.forEach((l, i) => {
      expect(l.topic.trim()).not.toBe('');
      expect(l.topic).toMatch(/[А-Яа-яЁё]/);
      // The safety briefing only opens the year.
      if (i > 0) expect(l.topic).not.toMatch(BRIEFING);
      // A control lesson says so, and no other lesson does.
      expect(CONTROL_WORDS.test(l.topic)).toBe(l.control);
      if (i > 0) expect(l.topic).not.toBe(plan[i - 1]!.topic);
    });

    const controls = plan.flatMap((l, i) => (l.control ? [i] : []));
    if (grade === 1 || NO_CONTROL.has(subject)) expect(controls).toEqual([]);
    expect(controls.length).toBeLessThanOrEqual(Math.floor(count / 10));
    for (let k = 1; k < controls.length; k++) {
      expect(controls[k]! - controls[k - 1]!).toBeGreaterThanOrEqual(controlGap(hours));
    }
    if (grade > 1 && !NO_CONTROL.has(subject)) {
      expect(controls.length).toBeGreaterThanOrEqual(2);
    }

    if (grade === 1 || subject === 'Физическая культура') {
      expect(plan.every((l) => !l.homework)).toBe(true);
    } else {
      expect(plan.filter((l) => l.homework).length).toBeGreaterThan(count / 2);
    }
    expect(
      plan.some((l) => l.topic.startsWith('Повторение и обобщение') || l.topic.startsWith('Итоговый урок')),
    ).toBe(true);
    if (grade > 1)
      expect(plan.slice(-3).some((l) => l.topic.startsWith('Промежуточная аттестация'))).toBe(true);
  });

  it('opens the year with the safety briefing only where it is done', () => {
    expect(yearPlan('Физика', 7, 68, 2)[0]!.topic).toMatch(/^Вводный инструктаж по технике безопасности/);
    expect(yearPlan('Физическая культура', 3, 68, 2)[0]!.topic).toMatch(BRIEFING);
    expect(yearPlan('История', 5, 102, 3)[0]!.topic).not.toMatch(BRIEFING);
    expect(yearPlan('Математика', 5, 170, 5)[0]!.topic).not.toMatch(BRIEFING);
  });

  it('numbers the контрольные and keeps the programme order', () => {
    const plan = yearPlan('Алгебра', 8, 102, 3);
    const controls = plan.filter((l) => l.control).map((l) => l.topic);
    expect(controls[0]).toMatch(/^Диагностическая работа № 1/);
    expect(controls).toContain('Контрольная работа № 1 по теме «Рациональные дроби»');
    expect(controls.at(-1)).toBe('Промежуточная аттестация. Итоговая контрольная работа');
    const topics = plan.map((l) => l.topic);
    expect(topics.indexOf('Квадратные корни. Арифметический квадратный корень')).toBeLessThan(
      topics.indexOf('Теорема Виета'),
    );
  });

  it('spreads a short list over a long year instead of starting it again', () => {
    const plan = yearPlan('Вероятность и статистика', 7, 34, 1);
    const first = plan.findIndex((l) => l.topic === 'Представление данных. Таблицы');
    expect(plan.filter((l) => l.topic === 'Представление данных. Таблицы')).toHaveLength(1);
    expect(first).toBe(0);
  });

  it('gives homework that fits the subject', () => {
    const pick = seeded(7);
    expect(homeworkFor('Физическая культура', 7, pick)).toBe('');
    expect(homeworkFor('Русский язык', 1, pick)).toBe('');
    const english = Array.from({ length: 40 }, () => homeworkFor('Иностранный язык (английский)', 6, pick));
    expect(english.filter(Boolean).every((t) => /учебник|Рабочая тетрадь|слова/.test(t))).toBe(true);
    const history = Array.from({ length: 40 }, () => homeworkFor('История', 6, pick));
    expect(history.filter(Boolean).every((t) => t.includes('§'))).toBe(true);
    const russian = Array.from({ length: 40 }, () => homeworkFor('Русский язык', 6, pick));
    expect(russian.some((t) => /упр\. \d+/.test(t))).toBe(true);
    expect(homeworkFor('Математика', 5, seeded(3), 0.5)).toBe(homeworkFor('Математика', 5, seeded(3), 0.5));
  });
});
