import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, makeSchool, one, type School, tempDir } from '../../../test/school';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import type { Door } from '../router/context';

/**
 * The administrator's accounts through the router on a real file, checked as people would: the PDF
 * as its reader sees it (pdftotext), the printed password by signing in with it.
 */

let school: School;
let admin: string;
let tmp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  school = makeSchool();
  tmp = tempDir();
  admin = await school.login('admin');
});
afterEach(() => {
  school.close();
  tmp.cleanup();
});

/** The value of an allowed call, typed by its method (the router answers unknown). */
async function ok<M extends MethodName>(
  method: M,
  input: Input<M>,
  token: string | null,
): Promise<Output<M>> {
  const a = await school.call(method, input, token);
  if (!a.ok) throw new Error(`${method}: ${JSON.stringify(a.error)}`);
  return a.value as Output<M>;
}

/** The PDF's text as pdftotext lays it out (what a reader of the printed page sees). */
function pdfText(pdf: Output<'accounts.printSlips'>['pdf'], layout = true): string {
  const file = join(tmp.dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
}

function login(loginName: string, password: string, door: Door = 'staff') {
  return school.router.call('auth.login', { login: loginName, password }, { door });
}

const WRONG = { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль' } };

function classId(name: string): number {
  return one<{ id: number }>(school.db, 'SELECT id FROM class WHERE name = ?', name).id;
}

function guardianId(lastName: string): number {
  return one<{ id: number }>(school.db, 'SELECT id FROM guardian WHERE last_name = ?', lastName).id;
}

describe('staff accounts', () => {
  it('creates a teacher with a login from the name, who cannot sign in until the slip is printed', async () => {
    const member = await ok(
      'accounts.saveStaff',
      {
        id: null,
        lastName: 'Щукина',
        firstName: 'Юлия',
        middleName: 'Андреевна',
        login: '',
        email: '',
        phone: '',
        roles: ['teacher', 'deputy'],
      },
      admin,
    );
    expect(member).toMatchObject({
      login: 'shchukina.ia',
      email: null,
      phone: null,
      roles: ['deputy', 'teacher'],
      account: { state: 'notIssued', issuedAt: null },
    });
    // The same name again gets the next free login.
    const twin = await ok(
      'accounts.saveStaff',
      {
        id: null,
        lastName: 'Щукина',
        firstName: 'Юлия',
        middleName: 'Андреевна',
        login: '',
        email: '',
        phone: '',
        roles: ['teacher'],
      },
      admin,
    );
    expect(twin.login).toBe('shchukina.ia2');
    // An account never issued has the unusable hash: any password is refused as a wrong one.
    expect(await login('shchukina.ia', '')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await login('shchukina.ia', '!')).toEqual(WRONG);
    expect(await login('shchukina.ia', 'demo2026')).toEqual(WRONG);

    const printed = await ok('accounts.printSlips', { target: 'person', userId: member.id }, admin);
    expect(printed).toMatchObject({ printed: 1, remaining: 0 });
    const text = pdfText(printed.pdf);
    expect(text).toContain('Щукина Юлия Андреевна');
    expect(text).toContain('shchukina.ia');
    expect(text).toContain('Заместитель директора по УВР, Учитель');
    expect(text).toContain('Ведомость выдачи реквизитов');
    const password = /Временный пароль\s+(\S+)/.exec(text)?.[1] ?? '';
    expect(password).toMatch(/^[a-z2-9]{10}$/);
    // The hash, never the password, is stored; the account is marked issued today.
    const row = one<{ password_hash: string; must_change_password: number; credentials_issued_at: string }>(
      school.db,
      'SELECT password_hash, must_change_password, credentials_issued_at FROM user_account WHERE id = ?',
      member.id,
    );
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(password);
    expect(row.must_change_password).toBe(1);
    expect(row.credentials_issued_at).toBe('2026-11-20T10:00:00.000Z');
    expect(JSON.stringify(all(school.db, 'SELECT before, after FROM audit_log'))).not.toContain(password);

    // The printed password signs in, and must be changed before anything else.
    const signedIn = await login('shchukina.ia', password);
    expect(signedIn).toMatchObject({ ok: true, value: { user: { mustChangePassword: true } } });
    const token = (signedIn as { value: { token: string } }).value.token;
    expect(await school.call('journal.myLoads', {}, token)).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });
    await ok('auth.changePassword', { currentPassword: password, newPassword: 'Моя-новая-тетрадь-7' }, token);
    expect((await school.call('journal.myLoads', {}, token)).ok).toBe(true);

    const list = await ok('accounts.staff', {}, admin);
    const shown = list.staff.find((s) => s.id === member.id)!;
    expect(shown.account.state).toBe('issued');
    // The class teacher is a teacher named on a class, shown beside the roles.
    expect(list.staff.find((s) => s.login === 'klassruk')).toMatchObject({
      roles: ['teacher'],
      classes: ['5А'],
    });
  });

  it('edits names, login and roles, refusing a taken login and taking the admin role from oneself', async () => {
    const teacherId = one<{ id: number }>(
      school.db,
      "SELECT id FROM user_account WHERE login = 'teacher'",
    ).id;
    const edited = await ok(
      'accounts.saveStaff',
      {
        id: teacherId,
        lastName: 'Воронцова',
        firstName: 'Елена',
        middleName: 'Андреевна',
        login: 'vorontsova.ea',
        email: '',
        phone: '',
        roles: ['teacher', 'deputy'],
      },
      admin,
    );
    expect(edited).toMatchObject({ login: 'vorontsova.ea', roles: ['deputy', 'teacher'] });
    expect(
      await school.call(
        'accounts.saveStaff',
        {
          id: teacherId,
          lastName: 'Воронцова',
          firstName: 'Елена',
          middleName: null,
          login: 'zavuch',
          email: '',
          phone: '',
          roles: ['teacher'],
        },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'login' } });
    const adminId = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'admin'").id;
    expect(
      await school.call(
        'accounts.saveStaff',
        {
          id: adminId,
          lastName: 'Смирнов',
          firstName: 'Алексей',
          middleName: null,
          login: '',
          email: '',
          phone: '',
          roles: ['teacher'],
        },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'roles' } });
    expect(
      await school.call(
        'accounts.saveStaff',
        {
          id: null,
          lastName: '',
          firstName: 'А',
          middleName: null,
          login: '',
          email: '',
          phone: '',
          roles: [],
        },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
  it("keeps a staff member's e-mail and phone: shown in the list, edited with an audit row, refused when malformed", async () => {
    const teacherId = one<{ id: number }>(
      school.db,
      "SELECT id FROM user_account WHERE login = 'teacher'",
    ).id;
    const card = {
      id: teacherId,
      lastName: 'Воронцова',
      firstName: 'Елена',
      middleName: 'Андреевна',
      login: '',
      roles: ['teacher' as const],
    };
    const audits = one<{ n: number }>(school.db, 'SELECT max(id) AS n FROM audit_log').n;
    // Typed as people type them; stored as the staff list's import stores them.
    const saved = await ok(
      'accounts.saveStaff',
      { ...card, email: ' Vorontsova@School1.RU ', phone: '8 (900) 300-00-01' },
      admin,
    );
    expect(saved).toMatchObject({
      login: 'teacher',
      email: 'vorontsova@school1.ru',
      phone: '+7 900 300-00-01',
    });
    const listed = (await ok('accounts.staff', {}, admin)).staff.find((s) => s.id === teacherId);
    expect(listed).toMatchObject({ email: 'vorontsova@school1.ru', phone: '+7 900 300-00-01' });
    // The director, who may read the list, sees them too.
    const director = await school.login('director');
    expect((await ok('accounts.staff', {}, director)).staff.find((s) => s.id === teacherId)).toMatchObject({
      phone: '+7 900 300-00-01',
    });
    const audit = all<{ action: string; entity: string; entity_id: number; before: string; after: string }>(
      school.db,
      "SELECT action, entity, entity_id, before, after FROM audit_log WHERE id > ? AND entity = 'user_account' ORDER BY id",
      audits,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'accounts.saveStaff',
      entity: 'user_account',
      entity_id: teacherId,
    });
    expect(JSON.parse(audit[0]!.before)).toMatchObject({ email: null, phone: null });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({
      email: 'vorontsova@school1.ru',
      phone: '+7 900 300-00-01',
    });

    // A malformed address or number is refused with the field named, and nothing is written.
    const before = JSON.stringify(all(school.db, 'SELECT * FROM user_account ORDER BY id'));
    const auditsNow = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    expect(
      await school.call('accounts.saveStaff', { ...card, email: 'vorontsova@', phone: '' }, admin),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'email',
        message: expect.stringContaining('E-mail «vorontsova@» не похож на адрес электронной почты'),
      },
    });
    expect(
      await school.call('accounts.saveStaff', { ...card, email: '', phone: '300-00-1' }, admin),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'phone',
        message: expect.stringContaining('Телефон «300-00-1» не похож на номер'),
      },
    });
    expect(JSON.stringify(all(school.db, 'SELECT * FROM user_account ORDER BY id'))).toBe(before);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n).toBe(auditsNow);

    // Emptied fields clear them; a new staff member may be created with contacts.
    const cleared = await ok('accounts.saveStaff', { ...card, email: '', phone: '' }, admin);
    expect(cleared).toMatchObject({ email: null, phone: null });
    expect(one(school.db, 'SELECT email, phone FROM user_account WHERE id = ?', teacherId)).toEqual({
      email: null,
      phone: null,
    });
    const created = await ok(
      'accounts.saveStaff',
      {
        ...card,
        id: null,
        lastName: 'Щукина',
        firstName: 'Юлия',
        email: 'shchukina@school1.ru',
        phone: '9003000002',
      },
      admin,
    );
    expect(one(school.db, 'SELECT email, phone FROM user_account WHERE id = ?', created.id)).toEqual({
      email: 'shchukina@school1.ru',
      phone: '+7 900 300-00-02',
    });
  });
});

describe('family accounts, slips and the paper diary', () => {
  it('creates one account per student and per guardian of a class, and prints their slips with the register', async () => {
    const id = classId('5А');
    const created = await ok('accounts.createFamilyAccounts', { target: 'class', classId: id }, admin);
    // Six students, one of whom (Захаров Максим) already has «uchenik»; six guardians, two of whom
    // already have «roditel» and «guseva.ev».
    expect(created.created).toHaveLength(5 + 4);
    expect(created.skipped).toEqual([]);
    // Nothing twice: the second run creates nothing.
    expect(
      (await ok('accounts.createFamilyAccounts', { target: 'class', classId: id }, admin)).created,
    ).toEqual([]);

    const families = await ok('accounts.classFamilies', { classId: id }, admin);
    expect(families.students.map((s) => s.account.state)).toEqual([
      'notIssued',
      'notIssued',
      'issued',
      'notIssued',
      'notIssued',
      'notIssued',
    ]);
    const summary = (await ok('accounts.classes', {}, admin)).classes.find((c) => c.id === id);
    expect(summary).toEqual({ id, name: '5А', students: 6, notIssued: 9, withoutAccount: 0 });

    const printed = await ok('accounts.printSlips', { target: 'class', classId: id }, admin);
    expect(printed.printed).toBe(9);
    const text = pdfText(printed.pdf);
    const logins = all<{ login: string }>(
      school.db,
      'SELECT login FROM user_account WHERE credentials_issued_at IS NOT NULL ORDER BY login',
    ).map((r) => r.login);
    expect(logins).toHaveLength(9);
    for (const l of logins) expect(text).toContain(l);
    for (const name of ['Абрамов Кирилл Денисович', 'Абрамова Светлана Юрьевна', 'Куликова Ева Сергеевна'])
      expect(text).toContain(name);
    expect(text).toContain('родитель: Абрамов Кирилл (5А)');
    // The register: one numbered row per person printed, with the signature column.
    const register = text.slice(text.indexOf('Ведомость выдачи'));
    expect(register).toContain('Подпись получателя');
    for (const l of logins) expect(register).toContain(l);
    expect(register).toMatch(/\n\s*9\s+\S/);
    // Printing the class again: nobody is waiting for a slip any more.
    expect(await school.call('accounts.printSlips', { target: 'class', classId: id }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });

    // A parent's printed password signs in at the family door.
    const raw = pdfText(printed.pdf, false);
    const parentLogin = one<{ login: string }>(
      school.db,
      'SELECT login FROM user_account WHERE guardian_id = ?',
      guardianId('Абрамова'),
    ).login;
    // Without -layout a slip reads «Логин / Временный пароль / <login> / <password>».
    const password = new RegExp(`${parentLogin.replace('.', '\\.')}\\s+([a-z2-9]{10})`).exec(raw)?.[1] ?? '';
    expect(await login(parentLogin, password, 'family')).toMatchObject({
      ok: true,
      value: { user: { roles: ['parent'], mustChangePassword: true } },
    });
  });

  it('a family on the paper diary gets no account and is listed for paper printouts', async () => {
    const kulikov = guardianId('Куликов');
    await ok('accounts.setPaperDiary', { guardianId: kulikov, statementOn: '2026-09-02' }, admin);
    expect(
      await school.call('accounts.createFamilyAccounts', { target: 'guardian', guardianId: kulikov }, admin),
    ).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'Куликов Сергей Иванович: Семья отказалась от электронного дневника (заявление от 02.09.2026): дневник выдаётся на бумаге',
      },
    });
    const created = await ok(
      'accounts.createFamilyAccounts',
      { target: 'class', classId: classId('5А') },
      admin,
    );
    // Neither the father nor his daughter (he is her only guardian).
    expect(created.skipped.map((s) => s.name).sort()).toEqual([
      'Куликов Сергей Иванович',
      'Куликова Ева Сергеевна',
    ]);
    expect(created.created.map((c) => c.name)).not.toContain('Куликов Сергей Иванович');
    const paper = await ok('accounts.paperDiary', {}, admin);
    expect(paper.families).toEqual([
      {
        guardianId: kulikov,
        name: 'Куликов Сергей Иванович',
        phone: '+7 900 100-05-04',
        statementOn: '2026-09-02',
        children: [{ studentId: expect.any(Number), name: 'Куликова Ева Сергеевна', className: '5А' }],
      },
    ]);
    const families = await ok('accounts.classFamilies', { classId: classId('5А') }, admin);
    expect(families.students.find((s) => s.lastName === 'Куликова')).toMatchObject({
      paperOnly: true,
      account: { state: 'none' },
    });

    // A parent with an account who refuses: the account is disabled and its sessions end.
    const roditel = await school.login('roditel', 'family');
    const zakharova = guardianId('Захарова');
    expect(
      await ok('accounts.setPaperDiary', { guardianId: zakharova, statementOn: '2026-11-20' }, admin),
    ).toEqual({ disabledAccount: true });
    expect(await school.call('diary.children', {}, roditel, 'family')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    // Statements cannot come from the future.
    expect(
      await school.call('accounts.setPaperDiary', { guardianId: kulikov, statementOn: '2026-12-01' }, admin),
    ).toMatchObject({ ok: false, error: { field: 'statementOn' } });
  });

  it('records and withdraws consent to the processing of personal data', async () => {
    const studentId = one<{ id: number }>(school.db, "SELECT id FROM student WHERE last_name = 'Гусева'").id;
    const r = await ok(
      'accounts.setConsent',
      { person: 'student', studentId, consent: { givenOn: '2026-09-01', form: 'paper' } },
      admin,
    );
    expect(r.consent).toMatchObject({
      givenOn: '2026-09-01',
      form: 'paper',
      recordedBy: 'Смирнов Алексей Игоревич',
    });
    const g = guardianId('Гусева');
    await ok(
      'accounts.setConsent',
      { person: 'guardian', guardianId: g, consent: { givenOn: '2026-09-01', form: 'electronic' } },
      admin,
    );
    const families = await ok('accounts.classFamilies', { classId: classId('5А') }, admin);
    expect(families.students.find((s) => s.id === studentId)?.consent?.form).toBe('paper');
    expect(families.guardians.find((x) => x.id === g)?.consent?.form).toBe('electronic');
    expect(await ok('accounts.setConsent', { person: 'student', studentId, consent: null }, admin)).toEqual({
      consent: null,
    });
    expect(
      await school.call(
        'accounts.setConsent',
        { person: 'student', studentId, consent: { givenOn: '2027-01-01', form: 'paper' } },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(all(school.db, "SELECT entity FROM audit_log WHERE action = 'accounts.setConsent'").length).toBe(
      3,
    );
  });
});

describe('resetting and disabling', () => {
  it('a reset prints a new temporary password and ends the person’s sessions', async () => {
    const teacherToken = await school.login('teacher');
    const teacherId = one<{ id: number }>(
      school.db,
      "SELECT id FROM user_account WHERE login = 'teacher'",
    ).id;
    const printed = await ok('accounts.printSlips', { target: 'person', userId: teacherId }, admin);
    expect((await school.call('auth.me', {}, teacherToken)).ok).toBe(false);
    expect(await login('teacher', 'demo2026')).toEqual(WRONG);
    const password = /Временный пароль\s+(\S+)/.exec(pdfText(printed.pdf))?.[1] ?? '';
    expect((await login('teacher', password)).ok).toBe(true);
    // One's own password is changed, not printed.
    const adminId = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'admin'").id;
    expect(
      await school.call('accounts.printSlips', { target: 'person', userId: adminId }, admin),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'userId' },
    });
  });

  it('disabling ends the sessions at once, refuses the login, and enabling gives the account back', async () => {
    const parent = await school.login('roditel', 'family');
    expect((await school.call('diary.children', {}, parent, 'family')).ok).toBe(true);
    const id = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'roditel'").id;
    expect(await ok('accounts.setDisabled', { userId: id, disabled: true }, admin)).toEqual({
      endedSessions: 1,
    });
    // The very next call on the session the router had remembered is refused.
    expect(await school.call('diary.children', {}, parent, 'family')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await login('roditel', 'demo2026', 'family')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Учётная запись отключена. Обратитесь к администратору.' },
    });
    // A disabled account gets no slip until it is enabled.
    expect(await school.call('accounts.printSlips', { target: 'person', userId: id }, admin)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await ok('accounts.setDisabled', { userId: id, disabled: false }, admin);
    expect((await login('roditel', 'demo2026', 'family')).ok).toBe(true);
    // Nobody disables themself, or the last administrator.
    const adminId = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'admin'").id;
    expect(
      await school.call('accounts.setDisabled', { userId: adminId, disabled: true }, admin),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('a disabled session is refused on a second connection to the same file too', async () => {
    const { openJournal } = await import('../db/migrate');
    const { createRouter } = await import('../router/router');
    const { features } = await import('../features');
    const other = openJournal(school.path).db;
    const router2 = createRouter(other, features, { clock: () => new Date('2026-11-20T10:00:00Z') });
    try {
      const r = await router2.call(
        'auth.login',
        { login: 'teacher', password: 'demo2026' },
        { door: 'staff' },
      );
      const token = (r as { value: { token: string } }).value.token;
      expect((await router2.call('journal.myLoads', {}, { token, door: 'staff' })).ok).toBe(true);
      const id = one<{ id: number }>(school.db, "SELECT id FROM user_account WHERE login = 'teacher'").id;
      await ok('accounts.setDisabled', { userId: id, disabled: true }, admin);
      // The other computer's router remembered the session; the file changed, so it reads it again.
      expect(await router2.call('journal.myLoads', {}, { token, door: 'staff' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      other.close();
    }
  });
});
