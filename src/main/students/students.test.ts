import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, fixtures, makeSchool, one, type School, TODAY } from '../../../test/school';
import type { Input, Output } from '../../shared/api/contract';

/**
 * The class teacher keeps the class (issue 8): the card, movement with its orders and the journal's
 * rows by date, groups — on the hand-made school of test/fixtures.ts (5А: class teacher `klassruk`,
 * Russian by `teacher`, English in two groups; 4А: class teacher `morozova.gi`). TODAY is 2026-11-20.
 */

let school: School;
let fx: ReturnType<typeof fixtures>;
const tokens: Record<string, string> = {};
const ids = { c5: 0, c4: 0, english: 0 };

beforeAll(async () => {
  school = makeSchool();
  fx = fixtures(school.db);
  for (const login of ['klassruk', 'teacher', 'admin', 'zavuch', 'morozova.gi', 'kim.as'])
    tokens[login] = await school.login(login);
  ids.c5 = fx.ctClassId;
  ids.c4 = one<{ id: number }>(school.db, "SELECT id FROM class WHERE name = '4А'").id;
  ids.english = one<{ id: number }>(
    school.db,
    "SELECT id FROM subject WHERE name = 'Иностранный язык (английский)'",
  ).id;
});
afterAll(() => school.close());

const studentId = (lastName: string) =>
  one<{ id: number }>(school.db, 'SELECT id FROM student WHERE last_name = ?', lastName).id;

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

function cardInput(card: Output<'students.card'>, change: Partial<Input<'students.saveCard'>> = {}) {
  return {
    studentId: card.id,
    expectedVersion: card.version,
    lastName: card.lastName,
    firstName: card.firstName,
    middleName: card.middleName ?? '',
    birthDate: card.birthDate,
    gender: card.gender,
    address: card.address,
    phone: card.phone,
    homePhone: card.homePhone,
    email: card.email,
    notes: card.notes,
    guardians: card.guardians.map((g) => ({
      id: g.id,
      lastName: g.lastName,
      firstName: g.firstName,
      middleName: g.middleName ?? '',
      relation: g.relation,
      phone: g.phone,
      email: g.email,
    })),
    ...change,
  } satisfies Input<'students.saveCard'>;
}

/** Snapshot of what the feature writes, to prove a refused call changed nothing. */
const tablesNow = () =>
  JSON.stringify(
    ['student', 'class_enrollment', 'guardian', 'student_guardian', 'group_member', 'audit_log'].map((t) =>
      all(school.db, `SELECT * FROM ${t} ORDER BY rowid`),
    ),
  );

/** The journal page (the current period) of a load as `login` sees it. */
async function pageOf(loadId: number, login = 'zavuch') {
  return ok<Output<'journal.page'>>(school.call('journal.page', { loadId }, tokens[login]!));
}

const load = (className: string, subject: string, group?: string) =>
  one<{ id: number }>(
    school.db,
    `SELECT l.id FROM teaching_load l JOIN class c ON c.id = l.class_id JOIN subject s ON s.id = l.subject_id
     LEFT JOIN class_group g ON g.id = l.group_id WHERE c.name = ? AND s.name = ? AND coalesce(g.name, '') = ?`,
    className,
    subject,
    group ?? '',
  ).id;

const lessonOn = (loadId: number, date: string) =>
  one<{ id: number }>(
    school.db,
    'SELECT id FROM lesson WHERE load_id = ? AND date = ? ORDER BY number LIMIT 1',
    loadId,
    date,
  ).id;

describe("the student's card", () => {
  it('is kept by the class teacher of the class: a phone, the guardians, a version for each save', async () => {
    const id = studentId('Абрамов');
    const card = await ok<Output<'students.card'>>(
      school.call('students.card', { studentId: id }, tokens.klassruk!),
    );
    expect(card).toMatchObject({ lastName: 'Абрамов', birthDate: '2015-01-17', canEdit: true, version: 1 });
    expect(card.guardians).toMatchObject([
      { lastName: 'Абрамова', relation: 'mother', phone: '+7 900 100-05-01' },
    ]);
    expect(card.history).toMatchObject([
      { className: '5А', from: '2026-09-01', to: null, enrolledKind: 'listed' },
    ]);

    const saved = await ok<Output<'students.saveCard'>>(
      school.call(
        'students.saveCard',
        cardInput(card, {
          phone: '+7 912 345-67-89',
          address: 'г. Тюмень, ул. Мира, д. 5, кв. 12',
          guardians: [
            { ...cardInput(card).guardians[0]!, phone: '+7 900 555-00-01', email: 'abramova@mail.ru' },
            {
              id: null,
              lastName: 'Абрамов',
              firstName: 'Денис',
              middleName: 'Олегович',
              relation: 'father',
              phone: '+7 900 555-00-02',
              email: '',
            },
          ],
        }),
        tokens.klassruk!,
      ),
    );
    expect(saved).toMatchObject({
      phone: '+7 912 345-67-89',
      address: 'г. Тюмень, ул. Мира, д. 5, кв. 12',
      version: 2,
    });
    expect(saved.guardians.map((g) => [g.firstName, g.relation, g.phone, g.email])).toEqual([
      ['Светлана', 'mother', '+7 900 555-00-01', 'abramova@mail.ru'],
      ['Денис', 'father', '+7 900 555-00-02', ''],
    ]);
    const audit = one<{ action: string; entity: string }>(
      school.db,
      'SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    expect(audit).toEqual({ action: 'students.saveCard', entity: 'student' });

    // A second save from a card read before the first one is refused, and changes nothing.
    const before = tablesNow();
    const stale = await school.call(
      'students.saveCard',
      cardInput(card, { phone: '+7 900 000-00-00' }),
      tokens.admin!,
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(tablesNow()).toBe(before);

    // The administrator edits cards too; a guardian left off is unlinked (the person stays).
    const adminSaved = await ok<Output<'students.saveCard'>>(
      school.call(
        'students.saveCard',
        cardInput(saved, { guardians: cardInput(saved).guardians.slice(0, 1) }),
        tokens.admin!,
      ),
    );
    expect(adminSaved.guardians).toHaveLength(1);
    expect(
      one<{ n: number }>(school.db, "SELECT count(*) AS n FROM guardian WHERE first_name = 'Денис'").n,
    ).toBe(1);
  });

  it('is refused to the class teacher of another class and to a subject teacher; read-only to the deputy', async () => {
    const id = studentId('Гусева');
    const card = await ok<Output<'students.card'>>(
      school.call('students.card', { studentId: id }, tokens.zavuch!),
    );
    expect(card.canEdit).toBe(false);
    for (const login of ['morozova.gi', 'teacher']) {
      expect(await school.call('students.card', { studentId: id }, tokens[login]!), login).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(
        await school.call('students.saveCard', cardInput(card, { phone: '+7 900 1' }), tokens[login]!),
        login,
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(
      await school.call('students.saveCard', cardInput(card, { notes: 'x' }), tokens.zavuch!),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses bad input in Russian, naming the field, and saves nothing', async () => {
    const card = await ok<Output<'students.card'>>(
      school.call('students.card', { studentId: studentId('Куликова') }, tokens.klassruk!),
    );
    const cases: [Partial<Input<'students.saveCard'>>, string, RegExp][] = [
      [{ phone: 'позвонить маме' }, 'phone', /Мобильный телефон: только цифры/],
      [{ email: 'kulikova@' }, 'email', /E-mail: неверный адрес/],
      [{ birthDate: '2015-02-30' }, 'birthDate', /Дата рождения: неверная дата/],
      [{ birthDate: '2027-01-01' }, 'birthDate', /такой даты рождения у ученика быть не может/],
      [{ lastName: '  ' }, 'lastName', /Фамилия: поле не должно быть пустым/],
    ];
    const before = tablesNow();
    for (const [change, field, message] of cases) {
      const r = await school.call('students.saveCard', cardInput(card, change), tokens.klassruk!);
      expect(r, field).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!r.ok) {
        expect(r.error.message, field).toMatch(message);
        expect(r.error.field, field).toBe(field);
      }
    }
    expect(tablesNow()).toBe(before);
  });

  it('shows a subject teacher the list of a class they teach, without birthdays', async () => {
    const list = await ok<Output<'students.classList'>>(
      school.call('students.classList', { classId: ids.c5 }, tokens.teacher!),
    );
    expect(list.class.access).toBe('list');
    expect(list.students.length).toBe(6);
    expect(list.students.every((s) => s.birthDate === null)).toBe(true);
    const own = await ok<Output<'students.classList'>>(
      school.call('students.classList', { classId: ids.c5 }, tokens.klassruk!),
    );
    expect(own.class.access).toBe('edit');
    expect(own.students.find((s) => s.lastName === 'Гусева')?.birthDate).toBe('2015-03-08');
  });
});

describe('movement and the journal by date', () => {
  it('a student who left: refused while marks stand after the date; then the row stays, cells after are closed', async () => {
    const id = studentId('Новиков');
    const russian = load('5А', 'Русский язык');
    const order = { orderNo: '112-у', orderDate: '2026-11-19' };
    // Marks and absences were entered after 10 November: leaving on that day would hide them.
    const before = tablesNow();
    const early = await school.call(
      'students.leave',
      { classId: ids.c5, studentId: id, date: '2026-11-10', ...order, leftTo: '' },
      tokens.klassruk!,
    );
    expect(early).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'date',
        message: expect.stringMatching(
          /^После 10\.11\.2026 у ученика есть отметки или пропуски в журнале 5А/,
        ),
      },
    });
    expect(tablesNow()).toBe(before);

    await ok(
      school.call(
        'students.leave',
        { classId: ids.c5, studentId: id, date: TODAY, ...order, leftTo: 'МАОУ СОШ № 20 г. Тюмени' },
        tokens.klassruk!,
      ),
    );
    const row = one<Record<string, unknown>>(
      school.db,
      'SELECT left_on, left_kind, left_order_no, left_order_date, left_to FROM class_enrollment WHERE student_id = ?',
      id,
    );
    expect(row).toEqual({
      left_on: TODAY,
      left_kind: 'left',
      left_order_no: '112-у',
      left_order_date: '2026-11-19',
      left_to: 'МАОУ СОШ № 20 г. Тюмени',
    });
    // The page keeps the row, with the spans that close the cells after the day of leaving.
    const page = await pageOf(russian);
    expect(page.students.find((s) => s.id === id)?.enrolled).toEqual([
      { from: '2026-09-01', to: TODAY, enrolledKind: 'listed', leftKind: 'left' },
    ]);
    // The teacher tries to mark him on Monday's lesson: refused, saying why (before anything else).
    {
      const after = await school.call(
        'journal.setMark',
        { lessonId: lessonOn(russian, '2026-11-23'), studentId: id, value: '4', expectedVersion: null },
        tokens.teacher!,
      );
      expect(after).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          field: 'studentId',
          message: 'Ученик выбыл 20.11.2026: отметки и пропуски за 23.11.2026 ему не ставятся',
        },
      });
      // His last day is still his.
      const last = await school.call(
        'journal.setMark',
        { lessonId: lessonOn(russian, TODAY), studentId: id, value: '5', expectedVersion: null },
        tokens.teacher!,
      );
      expect(last.ok).toBe(true);
    }
    // Leaving twice is refused with what is the case.
    expect(
      await school.call(
        'students.leave',
        { classId: ids.c5, studentId: id, date: TODAY, ...order, leftTo: '' },
        tokens.klassruk!,
      ),
    ).toMatchObject({
      ok: false,
      error: { field: 'studentId', message: expect.stringContaining('уже выбыл из 5А') },
    });
  });

  it('a transfer keeps the old marks on the old class pages and starts the new class clean', async () => {
    const id = studentId('Павлова');
    const old5 = load('5А', 'Русский язык');
    const new4 = load('4А', 'Русский язык');
    const marksBefore = (await pageOf(old5)).marks.filter((m) => m.studentId === id);
    expect(marksBefore.length).toBeGreaterThan(0);
    const order = { orderNo: '115-у', orderDate: TODAY };

    // Bad transfers, each refused naming the field, nothing half-saved.
    const before = tablesNow();
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [{ toClassId: ids.c5 }, 'toClassId', /Ученик уже в 5А: выберите другой класс/],
      [{ toClassId: 99999 }, 'toClassId', /не найден/],
      [{ date: '2027-07-01' }, 'date', /Дата 01\.07\.2027 вне учебного года 2026\/2027/],
      [{ date: '2026-09-01' }, 'date', /должна быть позже дня зачисления в 5А \(01\.09\.2026\)/],
      [{ date: '2026-11-31' }, 'date', /Дата перевода: неверная дата/],
      [{ date: '2026-11-16' }, 'date', /^После 15\.11\.2026 у ученика есть отметки или пропуски/],
    ];
    for (const [change, field, message] of bad) {
      const r = await school.call(
        'students.transfer',
        {
          classId: ids.c5,
          studentId: id,
          toClassId: ids.c4,
          date: '2026-11-23',
          ...order,
          ...change,
        } as never,
        tokens.klassruk!,
      );
      expect(r.ok, JSON.stringify(change)).toBe(false);
      if (!r.ok) {
        expect(r.error.message, JSON.stringify(change)).toMatch(message);
        if (r.error.field) expect(r.error.field).toBe(field);
      }
    }
    expect(tablesNow()).toBe(before);

    await ok(
      school.call(
        'students.transfer',
        { classId: ids.c5, studentId: id, toClassId: ids.c4, date: '2026-11-23', ...order },
        tokens.klassruk!,
      ),
    );
    expect(
      all(
        school.db,
        'SELECT class_id, enrolled_on, left_on, enrolled_kind, left_kind FROM class_enrollment WHERE student_id = ? ORDER BY enrolled_on',
        id,
      ),
    ).toEqual([
      {
        class_id: ids.c5,
        enrolled_on: '2026-09-01',
        left_on: '2026-11-22',
        enrolled_kind: 'listed',
        left_kind: 'transferred',
      },
      {
        class_id: ids.c4,
        enrolled_on: '2026-11-23',
        left_on: null,
        enrolled_kind: 'transferred',
        left_kind: null,
      },
    ]);
    // Nothing entered before the transfer is lost or moved: 5А's page still shows her marks.
    const oldPage = await pageOf(old5);
    expect(oldPage.marks.filter((m) => m.studentId === id)).toEqual(marksBefore);
    expect(oldPage.students.find((s) => s.id === id)?.enrolled).toEqual([
      { from: '2026-09-01', to: '2026-11-22', enrolledKind: 'listed', leftKind: 'transferred' },
    ]);
    // 4А's page lists her from the 23rd, with nothing before.
    const newPage = await pageOf(new4);
    expect(newPage.students.find((s) => s.id === id)?.enrolled).toEqual([
      { from: '2026-11-23', to: null, enrolledKind: 'transferred', leftKind: null },
    ]);
    expect(newPage.marks.filter((m) => m.studentId === id)).toEqual([]);
    const early = await school.call(
      'journal.setMark',
      { lessonId: lessonOn(new4, '2026-11-19'), studentId: id, value: '5', expectedVersion: null },
      tokens['morozova.gi']!,
    );
    expect(early).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Ученик прибыл в класс 23.11.2026: отметки и пропуски за 19.11.2026 ему не ставятся',
      },
    });
    // Her card now belongs to 4А's class teacher; 5А's may still read it.
    const history = await ok<Output<'students.card'>>(
      school.call('students.card', { studentId: id }, tokens['morozova.gi']!),
    );
    expect(history.canEdit).toBe(true);
    expect(
      history.history.map((h) => [h.className, h.leftKind, h.otherClass, h.leftOrder?.no ?? null]),
    ).toEqual([
      ['5А', 'transferred', '4А', '115-у'],
      ['4А', null, '5А', null],
    ]);
    const former = await ok<Output<'students.card'>>(
      school.call('students.card', { studentId: id }, tokens.klassruk!),
    );
    expect(former.canEdit).toBe(false);
  });

  it('an arrival: a new student from a date, closed cells before it, a group to join', async () => {
    const order = { orderNo: '118-у', orderDate: '2026-11-13' };
    const input = {
      classId: ids.c5,
      date: '2026-11-16',
      ...order,
      lastName: 'Фёдоров',
      firstName: 'Лев',
      middleName: 'Артёмович',
      birthDate: '2015-04-04',
      gender: 'm' as const,
    };
    // Bad dates first: outside the year, impossible.
    for (const [date, message] of [
      ['2026-08-20', /вне учебного года/],
      ['2026-02-29', /Дата прибытия: неверная дата/],
    ] as const) {
      const r = await school.call('students.arrive', { ...input, date }, tokens.klassruk!);
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringMatching(message) },
      });
    }
    const { studentId: id } = await ok<{ studentId: number }>(
      school.call('students.arrive', input, tokens.klassruk!),
    );
    expect(one(school.db, 'SELECT search_name FROM student WHERE id = ?', id)).toEqual({
      search_name: 'федоров лев артемович',
    });

    // The same child again is a duplicate, not a second arrival.
    expect(await school.call('students.arrive', input, tokens.klassruk!)).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Фёдоров Лев Артёмович уже числится в 5А: оформите перевод, а не прибытие',
      },
    });
    // Leaving before arriving is refused.
    expect(
      await school.call(
        'students.leave',
        { classId: ids.c5, studentId: id, date: '2026-11-10', ...order, leftTo: '' },
        tokens.klassruk!,
      ),
    ).toMatchObject({
      ok: false,
      error: { field: 'date', message: 'Дата выбытия 10.11.2026 раньше дня зачисления в 5А (16.11.2026)' },
    });

    const russian = load('5А', 'Русский язык');
    const page = await pageOf(russian);
    expect(page.students.find((s) => s.id === id)?.enrolled).toEqual([
      { from: '2026-11-16', to: null, enrolledKind: 'arrived', leftKind: null },
    ]);
    const before = await school.call(
      'journal.setMark',
      { lessonId: lessonOn(russian, '2026-11-13'), studentId: id, value: '4', expectedVersion: null },
      tokens.teacher!,
    );
    expect(before).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('прибыл в класс 16.11.2026') },
    });
    const on = await school.call(
      'journal.setMark',
      { lessonId: lessonOn(russian, '2026-11-18'), studentId: id, value: '4', expectedVersion: null },
      tokens.teacher!,
    );
    expect(on.ok).toBe(true);

    // Groups: he is in neither English group yet, and the class teacher is told.
    const groups = await ok<Output<'students.groups'>>(
      school.call('students.groups', { classId: ids.c5 }, tokens.klassruk!),
    );
    expect(groups.subjects.map((s) => [s.subjectName, s.groups.map((g) => g.name)])).toEqual([
      ['Иностранный язык (английский)', ['1 группа', '2 группа']],
    ]);
    expect(groups.warnings).toEqual(['Иностранный язык (английский): не в группе — Фёдоров Лев']);
    const group2 = groups.subjects[0]!.groups[1]!;
    const after = await ok<Output<'students.setGroup'>>(
      school.call(
        'students.setGroup',
        { classId: ids.c5, subjectId: ids.english, studentId: id, groupId: group2.id },
        tokens.klassruk!,
      ),
    );
    expect(after.warnings).toEqual([]);
    expect(after.students.find((s) => s.id === id)?.groups).toEqual({ [String(ids.english)]: group2.id });
    // The group's journal page now lists him.
    const groupPage = await pageOf(load('5А', 'Иностранный язык (английский)', '2 группа'));
    expect(groupPage.students.map((s) => s.id)).toContain(id);
  });

  it('keeps a student in the group whose journal holds their marks, and refuses groups that are not there', async () => {
    const groups = await ok<Output<'students.groups'>>(
      school.call('students.groups', { classId: ids.c5 }, tokens.klassruk!),
    );
    const [g1, g2] = groups.subjects[0]!.groups;
    const abramov = studentId('Абрамов');
    expect(groups.students.find((s) => s.id === abramov)?.groups[String(ids.english)]).toBe(g1!.id);
    const before = tablesNow();
    expect(
      await school.call(
        'students.setGroup',
        { classId: ids.c5, subjectId: ids.english, studentId: abramov, groupId: g2!.id },
        tokens.klassruk!,
      ),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'groupId',
        message: expect.stringContaining(
          'В журнале группы «1 группа» (Иностранный язык (английский)) у ученика уже есть отметки',
        ),
      },
    });
    const russianId = one<{ id: number }>(school.db, "SELECT id FROM subject WHERE name = 'Русский язык'").id;
    expect(
      await school.call(
        'students.setGroup',
        { classId: ids.c5, subjectId: russianId, studentId: abramov, groupId: null },
        tokens.klassruk!,
      ),
    ).toMatchObject({
      ok: false,
      error: { field: 'subjectId', message: 'Этот предмет в классе не делится на группы' },
    });
    expect(tablesNow()).toBe(before);
  });

  it('takes back a movement recorded by mistake while nothing was entered after it', async () => {
    const id = studentId('Гусева');
    const order = { orderNo: '120-у', orderDate: TODAY };
    const auditFrom = one<{ id: number }>(school.db, 'SELECT max(id) AS id FROM audit_log').id;
    await ok(
      school.call(
        'students.transfer',
        { classId: ids.c5, studentId: id, toClassId: ids.c4, date: '2026-11-23', ...order },
        tokens.klassruk!,
      ),
    );
    // From the new class's side there is nothing to take back: she is still there.
    expect(
      await school.call('students.cancelMovement', { classId: ids.c4, studentId: id }, tokens.admin!),
    ).toMatchObject({
      ok: false,
      error: { field: 'studentId', message: 'Ученик по-прежнему в 4А: отменять нечего' },
    });
    await ok(school.call('students.cancelMovement', { classId: ids.c5, studentId: id }, tokens.klassruk!));
    expect(
      all(
        school.db,
        'SELECT class_id, enrolled_on, left_on, left_kind, left_order_no FROM class_enrollment WHERE student_id = ?',
        id,
      ),
    ).toEqual([
      { class_id: ids.c5, enrolled_on: '2026-09-01', left_on: null, left_kind: null, left_order_no: null },
    ]);
    // The audit keeps both the transfer and its cancellation.
    expect(
      all(
        school.db,
        "SELECT action FROM audit_log WHERE entity = 'class_enrollment' AND id > ? ORDER BY id",
        auditFrom,
      ).map((r) => (r as { action: string }).action),
    ).toEqual([
      'students.transfer',
      'students.transfer',
      'students.cancelMovement',
      'students.cancelMovement',
    ]);
    // A transfer whose new class already holds her marks is not taken back.
    await ok(
      school.call(
        'students.transfer',
        { classId: ids.c5, studentId: id, toClassId: ids.c4, date: '2026-11-20', ...order },
        tokens.klassruk!,
      ),
    );
    school.db.sqlite
      .prepare(
        `INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, created_at, created_by, updated_at, updated_by)
         SELECT s.id, ?, '5', 1, 1, 'x', s.teacher_id, 'x', s.teacher_id FROM lesson s WHERE s.id = ?`,
      )
      .run(id, lessonOn(load('4А', 'Русский язык'), TODAY));
    const before = tablesNow();
    expect(
      await school.call('students.cancelMovement', { classId: ids.c5, studentId: id }, tokens.klassruk!),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('В 4А у ученика уже есть отметки') },
    });
    expect(tablesNow()).toBe(before);
  });
});
