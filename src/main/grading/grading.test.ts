import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School } from '../../../test/school';
import type { Input } from '../../shared/api/contract';
import type { GradingSettings } from '../../shared/grading/contract';
import { gradingRules } from '../school-year/school';

/** The deputy's «Оценивание» on a real journal file: what the deputy and a teacher would check. */
let school: School;
let zavuch: string;
let teacher: string;
let fx: ReturnType<typeof fixtures>;

beforeAll(async () => {
  school = makeSchool();
  zavuch = await school.login('zavuch');
  teacher = await school.login('teacher');
  fx = fixtures(school.db);
});
afterAll(() => school.close());

async function settings(): Promise<GradingSettings> {
  const r = await school.call('grading.settings', {}, teacher);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as GradingSettings;
}

const typeNamed = (s: GradingSettings, name: string) => s.workTypes.find((w) => w.name === name);

/** The marks given with each work type, as the deputy's screen shows them. */
async function use(): Promise<Map<number, number>> {
  const r = await school.call('grading.workTypeUse', {}, zavuch);
  if (!r.ok) throw new Error(r.error.message);
  return new Map((r.value as { workTypeId: number; marks: number }[]).map((u) => [u.workTypeId, u.marks]));
}

/** What a refused write must leave as it was. */
function state(): string {
  const tables = ['work_type', 'setting', 'mark', 'audit_log'];
  return JSON.stringify(tables.map((t) => all(school.db, `SELECT * FROM ${t} ORDER BY rowid`)));
}

function saveWorkType(input: Partial<Input<'grading.saveWorkType'>>, version: number) {
  return school.call(
    'grading.saveWorkType',
    { expectedVersion: version, id: null, name: 'Устный опрос', weight: 1, archived: false, ...input },
    zavuch,
  );
}

/** A lesson of the teacher's page and a student without a mark in it. */
function emptyCell() {
  const cell = one<{ lessonId: number; studentId: number }>(
    school.db,
    `SELECT l.id AS lessonId, e.student_id AS studentId FROM lesson l
     JOIN class_enrollment e ON e.class_id = ?
     WHERE l.load_id = ? AND l.date <= '2026-11-20'
       AND NOT EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = l.id AND m.student_id = e.student_id)
       AND NOT EXISTS (SELECT 1 FROM absence a WHERE a.lesson_id = l.id AND a.student_id = e.student_id)
     ORDER BY l.date DESC, e.student_id LIMIT 1`,
    fx.ownLoad.class_id,
    fx.ownLoad.id,
  );
  return cell;
}

describe('reading the settings', () => {
  it('lists the school’s work types with their weights and how many marks use them, and the default rules', async () => {
    const s = await settings();
    expect(s.version).toBe(0);
    expect(s.rules).toEqual({ allowOne: false, rounding: 'x.5', minMarks: 3 });
    expect(typeNamed(s, 'Контрольная работа')).toMatchObject({ weight: 4, archived: false });
    expect(typeNamed(s, 'Промежуточная аттестация')).toMatchObject({ weight: 5, archived: false });
    const given = one<{ n: number }>(
      school.db,
      "SELECT count(*) AS n FROM mark m JOIN work_type w ON w.id = m.work_type_id WHERE w.name = 'Работа на уроке'",
    ).n;
    expect(given).toBeGreaterThan(0);
    const counts = await use();
    expect(counts.get(typeNamed(s, 'Работа на уроке')!.id)).toBe(given);
    expect(counts.has(typeNamed(s, 'Промежуточная аттестация')!.id)).toBe(false);
  });
});

describe('work types', () => {
  it('adds a work type at the end of the list, audited', async () => {
    const r = await saveWorkType({ name: '  Устный опрос ', weight: 1.5 }, 0);
    expect(r.ok).toBe(true);
    const s = r.ok ? (r.value as GradingSettings) : await settings();
    expect(s.version).toBe(1);
    const added = typeNamed(s, 'Устный опрос');
    expect(added).toMatchObject({ weight: 1.5, archived: false });
    expect(Math.max(...s.workTypes.map((w) => w.sortOrder))).toBe(added?.sortOrder);
    const audit = one<{ action: string; entity: string; entity_id: number; before: null; after: string }>(
      school.db,
      'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    expect(audit).toMatchObject({
      action: 'grading.saveWorkType',
      entity: 'work_type',
      entity_id: added?.id,
    });
    expect(JSON.parse(audit.after)).toEqual({ name: 'Устный опрос', weight: 1.5, archived_at: null });
  });

  it('changes a weight without rewriting a mark or an average already given', async () => {
    const before = await settings();
    const lessonWork = typeNamed(before, 'Работа на уроке')!;
    expect((await use()).get(lessonWork.id)).toBeGreaterThan(0);
    const marksBefore = all(
      school.db,
      'SELECT id, weight FROM mark WHERE work_type_id = ? ORDER BY id',
      lessonWork.id,
    );
    const page = async () => {
      const r = await school.call('journal.page', { loadId: fx.ownLoad.id }, teacher);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { marks: { weight: number }[] };
    };
    const weightsBefore = (await page()).marks.map((m) => m.weight);
    const r = await saveWorkType({ id: lessonWork.id, name: 'Работа на уроке', weight: 2 }, before.version);
    expect(r.ok).toBe(true);
    expect(
      all(school.db, 'SELECT id, weight FROM mark WHERE work_type_id = ? ORDER BY id', lessonWork.id),
    ).toEqual(marksBefore);
    expect((await page()).marks.map((m) => m.weight)).toEqual(weightsBefore);
    // A new mark of that type copies the new weight.
    const cell = emptyCell();
    const mark = await school.call(
      'journal.setMark',
      { ...cell, value: '5', workTypeId: lessonWork.id, expectedVersion: null },
      teacher,
    );
    expect(mark).toMatchObject({ ok: true, value: { weight: 2 } });
  });

  it('renames a work type; its marks keep it', async () => {
    const s = await settings();
    const before = await use();
    const test = typeNamed(s, 'Тест')!;
    const r = await saveWorkType({ id: test.id, name: 'Тестирование', weight: 2 }, s.version);
    expect(r.ok).toBe(true);
    const after = await settings();
    expect(typeNamed(after, 'Тест')).toBeUndefined();
    expect(typeNamed(after, 'Тестирование')).toMatchObject({ id: test.id, weight: 2 });
    expect((await use()).get(test.id)).toBe(before.get(test.id));
  });

  it.each([
    [{ weight: 0 }, 'Вес: должен быть больше нуля', 'weight'],
    [{ weight: -2 }, 'Вес: должен быть больше нуля', 'weight'],
    [{ weight: 11 }, 'Вес: не больше 10', 'weight'],
    [{ weight: 1.234 }, 'Вес: не больше двух знаков после запятой', 'weight'],
    [{ name: '   ' }, 'Название вида работы: поле не должно быть пустым', 'name'],
    [{ name: 'контрольная работа' }, 'Вид работы «Контрольная работа» уже есть', 'name'],
    [{ id: 424242 }, 'Вид работы не найден', 'id'],
  ])('refuses %o with a Russian message and changes nothing', async (bad, message, field) => {
    const s = await settings();
    const before = state();
    const r = await saveWorkType(bad, s.version);
    expect(r.ok ? 'saved' : { message: r.error.message, field: r.error.field }).toEqual({ message, field });
    expect(state()).toBe(before);
  });

  it('refuses a stale write with what is there now, and changes nothing', async () => {
    const s = await settings();
    const control = typeNamed(s, 'Контрольная работа')!;
    const ok = await saveWorkType({ id: control.id, name: 'Контрольная работа', weight: 5 }, s.version);
    expect(ok.ok).toBe(true);
    const before = state();
    // A second deputy's screen still shows the old version.
    const stale = await saveWorkType({ id: control.id, name: 'Контрольная работа', weight: 3 }, s.version);
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Настройки оценивания уже изменил другой пользователь (сейчас: «Контрольная работа», вес 5). Экран обновлён — проверьте и повторите.',
        field: 'expectedVersion',
      },
    });
    const staleRules = await school.call(
      'grading.saveRules',
      { expectedVersion: s.version, allowOne: true, rounding: 'x.65', minMarks: 5 },
      zavuch,
    );
    expect(staleRules.ok ? 'saved' : staleRules.error.code).toBe('CONFLICT');
    expect(state()).toBe(before);
  });

  it('archives a used work type instead of deleting it, and deletes an unused one', async () => {
    let s = await settings();
    const counts = await use();
    const used = s.workTypes.find((w) => (counts.get(w.id) ?? 0) > 0 && !w.archived)!;
    const marks = all(school.db, 'SELECT * FROM mark WHERE work_type_id = ? ORDER BY id', used.id);
    const archived = await school.call(
      'grading.removeWorkType',
      { expectedVersion: s.version, id: used.id },
      zavuch,
    );
    expect(archived).toMatchObject({ ok: true, value: { outcome: 'archived' } });
    s = await settings();
    expect(typeNamed(s, used.name)).toMatchObject({ archived: true });
    expect((await use()).get(used.id)).toBe(counts.get(used.id));
    expect(all(school.db, 'SELECT * FROM mark WHERE work_type_id = ? ORDER BY id', used.id)).toEqual(marks);
    // No new mark of an archived type.
    const cell = emptyCell();
    const refused = await school.call(
      'journal.setMark',
      { ...cell, value: '4', workTypeId: used.id, expectedVersion: null },
      teacher,
    );
    expect(refused.ok).toBe(false);
    // Brought back from the archive.
    const back = await saveWorkType(
      { id: used.id, name: used.name, weight: used.weight, archived: false },
      s.version,
    );
    expect(back.ok && typeNamed(back.value as GradingSettings, used.name)?.archived).toBe(false);

    s = await settings();
    const unused = typeNamed(s, 'Устный опрос')!;
    const deleted = await school.call(
      'grading.removeWorkType',
      { expectedVersion: s.version, id: unused.id },
      zavuch,
    );
    expect(deleted).toMatchObject({ ok: true, value: { outcome: 'deleted' } });
    expect(typeNamed(await settings(), 'Устный опрос')).toBeUndefined();
    const audit = one<{ entity: string; before: string; after: string | null }>(
      school.db,
      'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    expect(audit).toMatchObject({ entity: 'work_type', after: null });
    expect(JSON.parse(audit.before)).toMatchObject({ name: 'Устный опрос', weight: 1.5 });
  });
});

describe('rules', () => {
  it('saves the rounding preset, the minimum and the scale; the journal reads the same setting', async () => {
    const s = await settings();
    const cell = emptyCell();
    const one1 = { ...cell, value: '1' as const, expectedVersion: null };
    const refusedOne = await school.call('journal.setMark', one1, teacher);
    expect(refusedOne.ok ? 'saved' : refusedOne.error.message).toBe('Отметка «1» в школе не используется');
    const r = await school.call(
      'grading.saveRules',
      { expectedVersion: s.version, allowOne: true, rounding: 'x.65', minMarks: 5 },
      zavuch,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { rules: { allowOne: true, rounding: 'x.65', minMarks: 5 } },
    });
    expect(gradingRules(school.db)).toEqual({ allowOne: true, rounding: 'x.65', minMarks: 5 });
    expect((await school.call('journal.setMark', one1, teacher)).ok).toBe(true);
    const audit = one<{ action: string; before: string; after: string }>(
      school.db,
      "SELECT * FROM audit_log WHERE action = 'grading.saveRules' ORDER BY id DESC LIMIT 1",
    );
    expect(JSON.parse(audit.before)).toEqual({
      'marks.scale': { allowOne: false },
      'marks.rules': { rounding: 'x.5', minMarks: 3 },
    });
    expect(JSON.parse(audit.after)).toEqual({
      'marks.scale': { allowOne: true },
      'marks.rules': { rounding: 'x.65', minMarks: 5 },
    });
  });

  it.each([
    [{ minMarks: 0 }, 'Минимум отметок: не меньше 1', 'minMarks'],
    [{ minMarks: 2.5 }, 'Минимум отметок: целое число', 'minMarks'],
    [{ minMarks: 21 }, 'Минимум отметок: не больше 20', 'minMarks'],
    [{ rounding: 'x.7' }, 'Правило округления: выберите один из вариантов «x.5», «x.6», «x.65»', 'rounding'],
  ])('refuses %o with a Russian message and changes nothing', async (bad, message, field) => {
    const s = await settings();
    const before = state();
    const r = await school.call(
      'grading.saveRules',
      { expectedVersion: s.version, allowOne: false, rounding: 'x.5', minMarks: 3, ...bad } as never,
      zavuch,
    );
    expect(r.ok ? 'saved' : { message: r.error.message, field: r.error.field }).toEqual({ message, field });
    expect(state()).toBe(before);
  });
});
