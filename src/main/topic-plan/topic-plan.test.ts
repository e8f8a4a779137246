import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School } from '../../../test/school';
import type { ApiResult } from '../../shared/api/errors';
import type { PlanPreview, TopicPlan } from '../../shared/topic-plan/contract';

/**
 * The plan of topics (КТП) on the hand-made school: the teacher's Russian in 5А has 21 lessons in the
 * test year; the first 15 (up to 19 November) carry topics the teacher wrote («Русский язык: урок N»),
 * the 6 from «today» (20 November) on are empty.
 */

let school: School;
let teacher: string;
let deputy: string;
let loadId: number;

beforeEach(async () => {
  school = makeSchool();
  teacher = await school.login('teacher');
  deputy = await school.login('zavuch');
  loadId = fixtures(school.db).ownLoad.id;
});
afterEach(() => school.close());

function ok<T>(r: ApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const lessons = () =>
  all<{ id: number; date: string; topic: string }>(
    school.db,
    'SELECT id, date, topic FROM lesson WHERE load_id = ? ORDER BY date, number',
    loadId,
  );
const topics = () => lessons().map((l) => l.topic);
/** What a refused call must leave as it was: the plan, the lessons, the audit log. */
const state = () =>
  JSON.stringify(
    ['topic_plan', 'topic_plan_item', 'lesson', 'audit_log', 'data_change'].map((t) =>
      school.db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
    ),
  );
const HAND = Array.from({ length: 15 }, (_, i) => `Русский язык: урок ${i + 1}`);

const save = (items: { title: string; hours: number }[], expectedVersion: number, token = teacher) =>
  school.call('topicPlan.save', { loadId, items, expectedVersion }, token);

async function xlsx(
  rows: (string | number | null)[][],
  header = ['№', 'Тема урока', 'Часов'],
): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('КТП');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

const PLAN = [
  [1, 'Повторение изученного в 4 классе', 15],
  [2, 'Фонетика. Звуки и буквы', 2],
  [3, 'Орфоэпия', 3],
  [4, 'Лексика', 2],
];

const preview = (content: string, fileName = 'ктп.xlsx', token = teacher) =>
  school.call('topicPlan.preview', { loadId, fileName, content }, token);
const commit = (content: string, previewHash: string, skipErrors = false, fileName = 'ктп.xlsx') =>
  school.call('topicPlan.commit', { loadId, fileName, content, previewHash, skipErrors }, teacher);

describe('saving a plan fills the year’s lessons in order', () => {
  it('a topic of N hours fills N consecutive lessons, leaves hand-written topics and warns of a mismatch', async () => {
    const plan = ok<TopicPlan>(
      await save(
        [
          { title: 'Повторение', hours: 15 },
          { title: 'Фонетика', hours: 2 },
          { title: 'Орфоэпия', hours: 3 },
          { title: 'Лексика', hours: 2 },
        ],
        0,
      ),
    );
    // The 15 hand-written topics stay; the plan's first 15 hours are theirs, so nothing shifts.
    expect(topics()).toEqual([
      ...HAND,
      'Фонетика',
      'Фонетика',
      'Орфоэпия',
      'Орфоэпия',
      'Орфоэпия',
      'Лексика',
    ]);
    expect(plan.items.map((i) => [i.title, i.hours, i.lessons, i.given])).toEqual([
      ['Повторение', 15, 15, 15],
      ['Фонетика', 2, 2, 1],
      ['Орфоэпия', 3, 3, 0],
      ['Лексика', 2, 1, 0],
    ]);
    expect(plan.items[1]).toMatchObject({ from: '2026-11-20', to: '2026-11-23' });
    expect(plan).toMatchObject({
      version: 1,
      totalHours: 22,
      yearHours: 21,
      yearHoursFrom: 'lessons',
      plannedToDate: 16,
      givenToDate: 16,
      handWritten: 15,
      writable: true,
    });
    expect(plan.warning).toBe(
      'В плане 22 часа, а уроков в году по расписанию — 21: последним темам не хватит уроков (1 час).',
    );
    // The journal's page shows them, and each filled lesson left an audit row.
    const page = ok<{ lessons: { topic: string }[] }>(
      await school.call('journal.page', { loadId, wholeYear: true }, teacher),
    );
    expect(page.lessons.map((l) => l.topic).slice(15)).toEqual(topics().slice(15));
    expect(
      one<{ n: number }>(school.db, "SELECT count(*) AS n FROM audit_log WHERE entity = 'lesson'").n,
    ).toBe(6);
  });

  it('a lesson whose topic the teacher changed keeps it; a topic cleared by hand is the plan’s again', async () => {
    ok(
      await save(
        [
          { title: 'Повторение', hours: 15 },
          { title: 'Фонетика', hours: 6 },
        ],
        0,
      ),
    );
    const [first] = lessons();
    const sixth = lessons()[16]!;
    const lesson = (id: number) =>
      one<{ version: number }>(school.db, 'SELECT version FROM lesson WHERE id = ?', id).version;
    ok(
      await school.call(
        'journal.updateLesson',
        { lessonId: sixth.id, topic: 'Моя тема', homework: '', expectedVersion: lesson(sixth.id) },
        teacher,
      ),
    );
    ok(
      await school.call(
        'journal.updateLesson',
        { lessonId: first!.id, topic: '', homework: '', expectedVersion: lesson(first!.id) },
        teacher,
      ),
    );
    const plan = ok<TopicPlan>(
      await save(
        [
          { title: 'Повторение', hours: 15 },
          { title: 'Звуки речи', hours: 6 },
        ],
        1,
      ),
    );
    const t = topics();
    expect(t[0]).toBe('Повторение');
    expect(t.slice(1, 15)).toEqual(HAND.slice(1));
    expect(t.slice(15)).toEqual([
      'Звуки речи',
      'Моя тема',
      'Звуки речи',
      'Звуки речи',
      'Звуки речи',
      'Звуки речи',
    ]);
    expect(plan.handWritten).toBe(15);
    // A shorter plan takes its topics off the lessons it no longer reaches, never a hand-written one.
    ok(
      await save(
        [
          { title: 'Повторение', hours: 15 },
          { title: 'Звуки речи', hours: 1 },
        ],
        2,
      ),
    );
    expect(topics().slice(15)).toEqual(['Звуки речи', 'Моя тема', '', '', '', '']);
  });

  it('leaves the lessons of a closed period', async () => {
    // The deputy closes the II quarter for this class («Закрытие периодов»).
    const place = school.db.sqlite
      .prepare(
        `SELECT p.id AS periodId, l.class_id AS classId FROM teaching_load l JOIN class c ON c.id = l.class_id
         JOIN period p ON p.academic_year_id = l.academic_year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
         WHERE l.id = ? AND p.name = 'II четверть'`,
      )
      .get(loadId) as { periodId: number; classId: number };
    ok(
      await school.call(
        'periods.close',
        { periodId: place.periodId, target: { scope: 'class', classId: place.classId } },
        deputy,
      ),
    );
    // The deputy may still keep the plan; the closed quarter's lessons are not touched.
    ok(await save([{ title: 'Повторение', hours: 21 }], 0, deputy));
    expect(topics()).toEqual([...HAND, '', '', '', '', '', '']);
  });

  it('refuses a stale save with what the plan holds now, and bad input, leaving everything as it was', async () => {
    ok(await save([{ title: 'Фонетика', hours: 3 }], 0));
    const before = state();
    const stale = await save([{ title: 'Лексика', hours: 2 }], 0, deputy);
    expect(stale.ok ? null : stale.error).toMatchObject({
      code: 'CONFLICT',
      message:
        'План уже изменил другой пользователь: сейчас в нём 1 тема, 3 часа. Страница обновлена — проверьте и повторите.',
    });
    for (const [items, message] of [
      [[{ title: 'Лексика', hours: 0 }], 'Часов: от 1 до 200'],
      [[{ title: '   ', hours: 2 }], 'Тема урока: не заполнена'],
      [[{ title: 'Лексика', hours: 1.5 }], 'Часов: целое число'],
      [[{ title: 'Тема\u0007', hours: 1 }], 'Тема урока: недопустимый невидимый символ'],
    ] as const) {
      const r = await save([...items], 1);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION');
      expect(r.ok ? '' : r.error.message).toContain(message);
    }
    expect(state()).toBe(before);
  });
});

describe('import from a spreadsheet: preview, then confirm', () => {
  it('previews every row, imports on confirmation, fills the lessons; the same file again changes nothing', async () => {
    const content = await xlsx(PLAN);
    const before = state();
    const shown = ok<PlanPreview>(await preview(content));
    // A preview writes nothing.
    expect(state()).toBe(before);
    expect(shown.rows.map((r) => [r.row, r.fate, r.name, r.group])).toEqual([
      [2, 'new', 'Повторение изученного в 4 классе', '15 часов'],
      [3, 'new', 'Фонетика. Звуки и буквы', '2 часа'],
      [4, 'new', 'Орфоэпия', '3 часа'],
      [5, 'new', 'Лексика', '2 часа'],
    ]);
    expect(shown.totalHours).toBe(22);
    expect(shown.warning).toContain('В плане 22 часа');
    const done = ok<{ counts: { new: number }; plan: TopicPlan }>(await commit(content, shown.hash));
    expect(done.counts.new).toBe(4);
    expect(done.plan.items.map((i) => i.title)).toEqual(PLAN.map((p) => p[1]));
    expect(topics().slice(15)).toEqual([
      'Фонетика. Звуки и буквы',
      'Фонетика. Звуки и буквы',
      'Орфоэпия',
      'Орфоэпия',
      'Орфоэпия',
      'Лексика',
    ]);

    const plan = () =>
      JSON.stringify(
        ['topic_plan', 'topic_plan_item', 'lesson'].map((t) =>
          school.db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
        ),
      );
    const imported = plan();
    const again = ok<PlanPreview>(await preview(content));
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 4, error: 0 });
    ok(await commit(content, again.hash));
    expect(plan()).toBe(imported);
  });

  it('orders by «№», shows changed and dropped topics, and reads a Windows-1251 .csv', async () => {
    ok(
      await save(
        [
          { title: 'А', hours: 1 },
          { title: 'Б', hours: 1 },
          { title: 'В', hours: 1 },
        ],
        0,
      ),
    );
    const csv = '№;Тема урока;Часов\r\n2;Орфоэпия;"3"\r\n1;А;1\r\n';
    // Windows-1251, as Excel in Russia saves a .csv: encode the Cyrillic letters by hand.
    const cp1251 = Uint8Array.from(
      [...csv].map((c) =>
        c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x350 : c === '№' ? 0xb9 : c.charCodeAt(0),
      ),
    );
    const content = Buffer.from(cp1251).toString('base64');
    const shown = ok<PlanPreview>(await preview(content, 'ktp.csv'));
    expect(shown.rows.map((r) => [r.row, r.fate, r.details])).toEqual([
      [2, 'updated', ['тема 2, было: «Б», 1 час']],
      [3, 'unchanged', ['тема 1']],
    ]);
    expect(shown.removed).toEqual(['3. В (1 час)']);
    ok(await commit(content, shown.hash, false, 'ktp.csv'));
    const items = all(school.db, 'SELECT position, title, hours FROM topic_plan_item ORDER BY position');
    expect(items).toEqual([
      { position: 1, title: 'А', hours: 1 },
      { position: 2, title: 'Орфоэпия', hours: 3 },
    ]);
  });

  it('a file with broken rows imports nothing unless the rows are skipped', async () => {
    const content = await xlsx([
      [1, 'Фонетика', 2],
      [2, '', 1],
      [3, 'Лексика', 'два'],
      [3, 'Морфемика', 2],
      [null, 'Синтаксис', 1],
      [5, 'Орфография', 4],
    ]);
    const shown = ok<PlanPreview>(await preview(content));
    expect(shown.rows.map((r) => [r.row, r.fate, r.details])).toEqual([
      [2, 'new', ['тема 1, новая']],
      [3, 'error', ['Тема урока: не заполнена']],
      [4, 'error', ['Часов: «два» — нужно целое число от 1 до 200']],
      [5, 'error', ['№ 3 уже есть в строке 4']],
      [6, 'error', ['№: не заполнен, а у других строк он есть']],
      [7, 'new', ['тема 2, новая']],
    ]);
    const before = state();
    const refused = await commit(content, shown.hash);
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'VALIDATION',
      message:
        'В файле 4 строки с ошибками: исправьте их или отметьте «пропустить строки с ошибками». Ничего не загружено',
    });
    expect(state()).toBe(before);
    const done = ok<{ skipped: number }>(await commit(content, shown.hash, true));
    expect(done.skipped).toBe(4);
    expect(all(school.db, 'SELECT title, hours FROM topic_plan_item ORDER BY position')).toEqual([
      { title: 'Фонетика', hours: 2 },
      { title: 'Орфография', hours: 4 },
    ]);
  });

  it('refuses a file that is not a plan, and a confirmation of a preview the plan has since changed', async () => {
    const notPlan = await xlsx([['Иванов', 'Пётр']], ['Фамилия', 'Имя']);
    const r = await preview(notPlan);
    expect(r.ok ? null : r.error.message).toBe(
      'В первой строке файла нет столбцов «Тема урока», «Часов»: это не план по шаблону. Скачайте шаблон и перенесите темы в него',
    );
    const content = await xlsx(PLAN);
    const shown = ok<PlanPreview>(await preview(content));
    ok(await save([{ title: 'Фонетика', hours: 3 }], 0, deputy));
    const before = state();
    const stale = await commit(content, shown.hash);
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    expect(state()).toBe(before);
  });

  it('rolls everything back when a write fails half-way: no topic saved, no lesson filled', async () => {
    const content = await xlsx(PLAN);
    const shown = ok<PlanPreview>(await preview(content));
    const last = lessons().at(-1)!.id;
    // The last lesson's update fails after the plan and five lessons were written in the transaction.
    school.db.sqlite.exec(
      `CREATE TEMP TRIGGER fail_fill BEFORE UPDATE ON lesson WHEN NEW.id = ${last} BEGIN SELECT RAISE(ABORT, 'disk'); END`,
    );
    const before = state();
    const r = await commit(content, shown.hash);
    expect(r.ok).toBe(false);
    expect(state()).toBe(before);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM topic_plan_item').n).toBe(0);
  });

  it('exports the plan as .xlsx that reads back unchanged; the template reads as two example topics', async () => {
    // One file for both steps: two builds differ in their timestamps when a second passes between them.
    const plan = await xlsx(PLAN);
    ok(await commit(plan, ok<PlanPreview>(await preview(plan)).hash));
    const file = ok<{ fileName: string; content: string }>(
      await school.call('topicPlan.export', { loadId }, teacher),
    );
    expect(file.fileName).toBe('КТП — 5А Русский язык.xlsx');
    const back = ok<PlanPreview>(await preview(file.content));
    expect(back.counts).toEqual({ new: 0, updated: 0, unchanged: 4, error: 0 });
    const template = ok<{ content: string }>(await school.call('topicPlan.template', {}, teacher));
    const t = ok<PlanPreview>(await preview(template.content));
    expect(t.rows.map((r) => r.group)).toEqual(['2 часа', '1 час']);
  });
});
