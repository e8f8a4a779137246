import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { addDays } from '../../shared/i18n/dates';
import { fitLines, textWidth } from './fit-text';
import { renderPdf } from './pdf';
import { lessonLines, weekDiaryDocument } from './week-diary';
import { workTypeAbbreviation } from './work-type-abbreviations';

/**
 * The weekly paper diary's layout on the fullest week a school has: six days of eight lessons, every
 * topic and homework long, several marks and absences — two students must still share an A4 sheet.
 * (The diaries of a real class, read from the database, are checked in diary/paper.test.ts.)
 */

const SUBJECTS = ['Русский язык', 'Алгебра', 'Иностранный язык (английский)', 'Вероятность и статистика'];
const SHORT = { 'Русский язык': 'Рус. яз.', Алгебра: 'Алгебра', 'Вероятность и статистика': 'Вер. и стат.' };
const LONG_TOPIC =
  'Закрепление по теме «Взаимное расположение графиков линейных функций» и решение задач повышенной сложности (продолжение)';
const LONG_HOMEWORK =
  '§ 12, вопросы 1–9 после параграфа, упражнения № 345 (а, б, в, г), 347, 351, выучить определения и правила наизусть';

function denseWeek(studentId: number, name: string): DiaryWeek {
  const monday = '2026-11-16';
  return {
    student: { studentId, name, className: '7А' },
    weekStart: monday,
    academicYear: { name: '2026/2027', startsOn: '2026-09-01', endsOn: '2027-05-31' },
    days: [0, 1, 2, 3, 4, 5].map((d) => ({
      date: addDays(monday, d),
      holiday: null,
      lessons: [1, 2, 3, 4, 5, 6, 7, 8].map((number) => ({
        number,
        time: null,
        subject: SUBJECTS[(number + d) % SUBJECTS.length]!,
        topic: `${LONG_TOPIC} ${d}.${number}`,
        homework: LONG_HOMEWORK,
        marks:
          number % 3 === 0
            ? [
                { value: '5', workType: 'Контрольная работа', weight: 4 },
                { value: '4', workType: 'Устный опрос', weight: 1 },
              ]
            : [],
        absence: number === 8 ? 'ill' : null,
      })),
    })),
    results: {
      periods: [{ id: 1, name: 'I четверть' }],
      current: { id: 2, name: 'II четверть' },
      subjects: SUBJECTS.map((subject, i) => ({
        subject,
        periods: ['4'],
        year: null,
        average: 4 + i / 10,
        forecast: { mark: '4', missing: 0 },
      })),
    },
    owed: [],
  };
}

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'week-diary-')), 'f.pdf');
  writeFileSync(file, bytes);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

describe('weekly paper diary layout (бумажный дневник)', () => {
  it('prints the fullest week two students a sheet, with cut texts, abbreviated marks and the tear-off', async () => {
    const names = ['Иванов Иван', 'Петрова Мария', 'Сидоров Пётр', 'Кузнецова Анна', 'Смирнов Олег'];
    const weeks = names.map((name, i) => denseWeek(i + 1, name));
    const bytes = await renderPdf(
      weekDiaryDocument({ schoolName: 'Школа № 1', weeks, shortSubjects: SHORT }),
    );
    const { text, pages } = await pdfText(bytes);
    expect(pages).toBe(3);
    const sheets = text.split('\f');
    for (const [i, name] of names.entries()) {
      // Each student on sheet ⌊i/2⌋, with the strip to sign and bring back.
      expect(sheets[Math.floor(i / 2)]).toContain(`${name}, 7А — неделя 16.11.2026 – 21.11.2026`);
    }
    expect(text.match(/Ознакомлен\(а\): _+ подпись родителя/g)?.length).toBe(names.length);
    // Saturday is there, the subjects by their short names, a topic cut with «…».
    expect(text).toContain('Суббота, 21 ноября');
    expect(text).toContain('Вер. и стат.');
    expect(text).toMatch(/Закрепление[^\n]*…/);
    // Marks with the work type abbreviated, the absence by its code, and the legend explaining both.
    expect(text).toMatch(/Б, 5 к\/р, 4 у\/о|5 к\/р, 4 у\/о/);
    expect(text).toMatch(/к\/р\s—\sконтрольная\sработа/);
    expect(text).toMatch(/Б\s—\sотсутствовал\sпо\sболезни/);
    // The period's average and forecast.
    expect(text).toMatch(
      /II четверть, средний балл \(прогноз отметки за период\):\s+Рус\.\sяз\.\s4,00\s\(4\)/,
    );
    // A second document in the same process (the render thread lays out many) is laid out alike: a
    // node shared between documents once kept the first one's positions and lost every second student.
    const again = await pdfText(
      await renderPdf(weekDiaryDocument({ schoolName: 'Школа № 1', weeks, shortSubjects: SHORT })),
    );
    expect(again.pages).toBe(3);
    for (const name of names) expect(again.text).toContain(`${name}, 7А — неделя`);
  });

  it('a light week shows topic and homework whole, on lines of their own', () => {
    const lesson = {
      number: 1,
      time: null,
      subject: 'Алгебра',
      topic: 'Линейная функция',
      homework: '№ 320',
      marks: [],
      absence: null,
    };
    expect(lessonLines(lesson, 3)).toEqual(['Линейная функция', 'Д/з: № 320']);
    expect(lessonLines(lesson, 1)).toEqual(['Линейная функция · Д/з: № 320']);
  });
});

describe('fitting text into a line budget', () => {
  it('keeps a short text whole and cuts a long one at its last line with «…»', () => {
    expect(fitLines('Инерция. Масса тела', 200, 7, 1)).toEqual(['Инерция. Масса тела']);
    const lines = fitLines(LONG_TOPIC, 100, 7, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidth(line, 7)).toBeLessThanOrEqual(100);
    expect(`${lines.join(' ')}`.replace('…', '').length).toBeLessThan(LONG_TOPIC.length);
  });

  it('breaks a word wider than the line and never gives more lines than the budget', () => {
    const lines = fitLines('Электроэнцефалографический', 30, 7, 5);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('Электроэнцефалографический');
    expect(fitLines('а б в г д е ж з и к л м н о п', 10, 7, 3)).toHaveLength(3);
    expect(fitLines('', 100, 7, 2)).toEqual([]);
  });

  it('does not break at a no-break space', () => {
    const width = textWidth('Труд 4,00; Физ-ра', 7);
    expect(fitLines('Труд 4,00; Физ-ра\u00a0—', width, 7, 3)).toEqual(['Труд 4,00;', 'Физ-ра\u00a0—']);
    expect(fitLines('Труд 4,00; Физ-ра —', width, 7, 3)).toEqual(['Труд 4,00; Физ-ра', '—']);
  });
});

describe('work type abbreviations', () => {
  it('uses the forms teachers write and initials for a type a school added', () => {
    expect(workTypeAbbreviation('Контрольная работа')).toBe('к/р');
    expect(workTypeAbbreviation('Самостоятельная работа')).toBe('с/р');
    expect(workTypeAbbreviation('Ответ на уроке')).toBe('отв.');
    expect(workTypeAbbreviation('ВПР')).toBe('ВПР');
    expect(workTypeAbbreviation('Устный опрос')).toBe('у/о');
    expect(workTypeAbbreviation('Тест')).toBe('тест');
    expect(workTypeAbbreviation('Викторина')).toBe('викт.');
  });
});
