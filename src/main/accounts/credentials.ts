import { randomInt } from 'node:crypto';
import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { STAFF_ROLES } from '../../shared/auth/roles';
import { localIsoDate } from '../../shared/i18n/dates';
import { setPassword } from '../auth/auth';
import { hashPasswordAsync, UNUSABLE_HASH } from '../auth/passwords';
import type { Database } from '../db/database';
import { portableFileName } from '../print/file-names';
import { renderPdf } from '../print/pdf';
import type { AuthedContext, PrepareContext } from '../router/context';
import { staged } from '../router/handler';
import { notLeftBefore } from '../school-year/enrollment';
import { currentYear, schoolTitle } from '../school-year/school';
import { nameOf } from './common';
import { disableAccount } from './families';
import { slipSettingsOf } from './settings';
import { type Slip, slipsDocument, staffDetail } from './slips';

/**
 * Credentials on paper (004 §3.3) and the accounts' switch. Printing a slip is what gives an account
 * its temporary password: a fresh one for every person printed, stored only as its hash, to be
 * changed at the first sign-in; the account is marked issued that day. A reset is the same print
 * for one person. The passwords exist only in the PDF the call returns.
 */

/**
 * One print holds at most this many people: ten A4 pages, a whole class with its parents. pdfmake
 * lays the document out on the database thread (about 10 ms a slip), which other calls wait for, and
 * each password costs a hash; whoever is left is printed by the next press («ещё N ждут»). A bigger
 * document (the printed journal) belongs on a thread of its own (DESIGN.md, pdfmake).
 */
export const MAX_SLIPS = 80;

/** Letters and digits nobody misreads on paper (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const PASSWORD_LENGTH = 10;

export function temporaryPassword(): string {
  let p = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++) p += ALPHABET[randomInt(ALPHABET.length)];
  return p;
}

/** «ученица 5А класса», from the student's record (either form when it does not say). */
const pupil = (gender: string | null) =>
  gender === 'f' ? 'ученица' : gender === 'm' ? 'ученик' : 'ученик(ца)';

interface Recipient {
  userId: number;
  login: string;
  /** The hash when read: the write refuses if it changed meanwhile. */
  hashBefore: string;
  slip: Omit<Slip, 'password'>;
  /** Staff first, then families by class and family. */
  order: string;
}

interface Prepared {
  people: { userId: number; login: string; hashBefore: string; newHash: string }[];
  pdf: Buffer;
  fileName: string;
  remaining: number;
}

/** Who is printed, in printing order, with what their slip says. */
function recipients(db: Database, today: string, ids: number[] | null): Recipient[] {
  const year = currentYear(db, today);
  let q = db.builder
    .selectFrom('user_account as u')
    .select([
      'u.id',
      'u.login',
      'u.password_hash',
      'u.last_name',
      'u.first_name',
      'u.middle_name',
      'u.student_id',
      'u.guardian_id',
      'u.disabled_at',
      'u.credentials_issued_at',
    ]);
  // null: everybody not yet issued (no usable password, never printed, not disabled).
  q =
    ids === null
      ? q
          .where('u.password_hash', '=', UNUSABLE_HASH)
          .where('u.credentials_issued_at', 'is', null)
          .where('u.disabled_at', 'is', null)
      : q.where('u.id', 'in', ids.length ? ids : [-1]);
  const users = db.all(q);
  const roles = db.all(db.builder.selectFrom('user_role').select(['user_id', 'role']));
  const enrolled = db.all(
    db.builder
      .selectFrom('class_enrollment as e')
      .innerJoin('class as c', 'c.id', 'e.class_id')
      .innerJoin('student as s', 's.id', 'e.student_id')
      .select([
        'e.student_id',
        'c.name',
        'c.grade',
        'c.letter',
        's.last_name',
        's.first_name',
        's.middle_name',
        's.gender',
      ])
      .where('c.academic_year_id', '=', year?.id ?? -1)
      .where((eb) => notLeftBefore(eb, 'e', today)),
  );
  const classOf = new Map(enrolled.map((e) => [e.student_id, e]));
  const sortKey = (c: { grade: number; letter: string } | undefined) =>
    c ? `${String(c.grade).padStart(2, '0')}${c.letter}` : '99';
  return users
    .filter((u) => ids === null || !u.disabled_at)
    .map((u): Recipient => {
      const name = nameOf(u);
      const own = roles.filter((r) => r.user_id === u.id).map((r) => r.role);
      const base = { userId: u.id, login: u.login, hashBefore: u.password_hash };
      if (u.student_id !== null) {
        const c = classOf.get(u.student_id);
        return {
          ...base,
          slip: {
            name,
            login: u.login,
            kind: 'student',
            detail: c ? `${pupil(c.gender)} ${c.name} класса` : pupil(null),
          },
          order: `1 ${sortKey(c)} ${name} 0`,
        };
      }
      if (u.guardian_id !== null) {
        const children = db
          .all(
            db.builder
              .selectFrom('student_guardian')
              .select('student_id')
              .where('guardian_id', '=', u.guardian_id),
          )
          .map((l) => classOf.get(l.student_id))
          .filter((c) => c !== undefined)
          .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
        const first = children[0];
        return {
          ...base,
          slip: {
            name,
            login: u.login,
            kind: 'parent',
            detail: children.length
              ? `родитель: ${children.map((c) => `${c.last_name} ${c.first_name} (${c.name})`).join(', ')}`
              : 'родитель',
          },
          order: `1 ${sortKey(first)} ${first ? nameOf(first) : ''} 1 ${name}`,
        };
      }
      const staff = STAFF_ROLES.filter((r) => own.includes(r));
      return {
        ...base,
        slip: { name, login: u.login, kind: 'staff', detail: staffDetail(staff) },
        order: `0 ${name}`,
      };
    })
    .sort((a, b) => a.order.localeCompare(b.order, 'ru'));
}

/** The accounts of a class's students and their parents whose slips were never printed. */
function classAccountIds(db: Database, classId: number, today: string): number[] {
  const students = db
    .all(
      db.builder
        .selectFrom('class_enrollment')
        .select('student_id')
        .where('class_id', '=', classId)
        .where((eb) => notLeftBefore(eb, 'class_enrollment', today)),
    )
    .map((r) => r.student_id);
  if (students.length === 0) return [];
  return db
    .all(
      db.builder
        .selectFrom('user_account')
        .select('id')
        .where('password_hash', '=', UNUSABLE_HASH)
        .where('credentials_issued_at', 'is', null)
        .where('disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('student_id', 'in', students),
            eb(
              'guardian_id',
              'in',
              eb.selectFrom('student_guardian').select('guardian_id').where('student_id', 'in', students),
            ),
          ]),
        ),
    )
    .map((r) => r.id);
}

async function prepareSlips(
  ctx: PrepareContext & { actor: { userId: number } },
  input: ParsedInput<'accounts.printSlips'>,
): Promise<Prepared> {
  const today = localIsoDate(ctx.now);
  const read = await ctx.db.read(() => {
    const { db } = ctx;
    let label: string;
    let people: Recipient[];
    if (input.target === 'person') {
      if (input.userId === ctx.actor.userId)
        throw new ApiError(
          'VALIDATION',
          'Свой пароль меняйте кнопкой «Сменить пароль», а не листком',
          'userId',
        );
      const u = db.first(
        db.builder.selectFrom('user_account').select(['id', 'disabled_at']).where('id', '=', input.userId),
      );
      if (!u) throw new ApiError('NOT_FOUND', 'Учётная запись не найдена: обновите список', 'userId');
      if (u.disabled_at)
        throw new ApiError('VALIDATION', 'Учётная запись отключена: сначала включите её', 'userId');
      people = recipients(db, today, [input.userId]);
      label = people[0]?.login ?? '';
    } else if (input.target === 'class') {
      const cls = db.first(db.builder.selectFrom('class').select('name').where('id', '=', input.classId));
      if (!cls) throw new ApiError('NOT_FOUND', 'Класс не найден: обновите список', 'classId');
      people = recipients(db, today, classAccountIds(db, input.classId, today));
      label = cls.name;
      if (people.length === 0)
        throw new ApiError(
          'VALIDATION',
          `В ${cls.name} классе нет учётных записей, ожидающих листков: все выданы или ещё не созданы`,
        );
    } else {
      people = recipients(db, today, null).filter((p) => p.userId !== ctx.actor.userId);
      label = 'все';
      if (people.length === 0) throw new ApiError('VALIDATION', 'Все учётные записи уже выданы');
    }
    const me = db.first(
      db.builder
        .selectFrom('user_account')
        .select(['last_name', 'first_name', 'middle_name'])
        .where('id', '=', ctx.actor.userId),
    );
    return {
      people: people.slice(0, MAX_SLIPS),
      remaining: Math.max(0, people.length - MAX_SLIPS),
      label,
      schoolName: schoolTitle(db),
      issuedBy: me ? nameOf(me) : '',
      settings: slipSettingsOf(db),
    };
  });
  const passwords = read.people.map(() => temporaryPassword());
  // One at a time: the hashing threads are shared with sign-ins, and a login that arrives meanwhile
  // waits for one hash of this print, not for all of them.
  const hashes: string[] = [];
  for (const p of passwords) hashes.push(await hashPasswordAsync(p));
  const pdf = await renderPdf(
    slipsDocument({
      schoolName: read.schoolName,
      issuedOn: today,
      diaryAddress: read.settings.diaryAddress,
      staffAddress: read.settings.staffAddress,
      issuedBy: read.issuedBy,
      slips: read.people.map((p, i) => ({ ...p.slip, password: passwords[i]! })),
    }),
  );
  return {
    people: read.people.map((p, i) => ({
      userId: p.userId,
      login: p.login,
      hashBefore: p.hashBefore,
      newHash: hashes[i]!,
    })),
    pdf,
    fileName: portableFileName(`Реквизиты доступа (${read.label}) ${today}.pdf`),
    remaining: read.remaining,
  };
}

/**
 * Prints slips, in two steps like the login: the people are read, their passwords made and hashed and
 * the PDF built outside any transaction; then one write sets the hashes, ends the people's sessions
 * (a reset: whoever had the old password is out) and marks them issued, refusing if any account
 * changed in between so that the paper and the database never disagree.
 */
export const printSlips = staged<'accounts.printSlips', Prepared>({
  prepare: prepareSlips,
  run(ctx, _input, prepared): Output<'accounts.printSlips'> {
    const at = ctx.now.toISOString();
    for (const p of prepared.people) {
      const now = ctx.db.first(
        ctx.db.builder
          .selectFrom('user_account')
          .select(['login', 'password_hash', 'disabled_at'])
          .where('id', '=', p.userId),
      );
      if (!now || now.login !== p.login || now.password_hash !== p.hashBefore || now.disabled_at)
        throw new ApiError(
          'CONFLICT',
          'Пока готовились листки, учётные записи изменились (пароль, логин или отключение). Напечатайте ещё раз.',
        );
    }
    for (const p of prepared.people) {
      const ended = setPassword(ctx, p.userId, p.newHash, { mustChange: true, keepSessionId: null });
      ctx.db.run(
        ctx.db.builder
          .updateTable('user_account')
          .set({ credentials_issued_at: at })
          .where('id', '=', p.userId),
      );
      ctx.audit({
        entity: 'user_account',
        entityId: p.userId,
        before: null,
        after: { credentialsIssuedAt: at, temporaryPassword: true, endedSessions: ended },
      });
    }
    return {
      pdf: { fileName: prepared.fileName, base64: prepared.pdf.toString('base64') },
      printed: prepared.people.length,
      remaining: prepared.remaining,
    };
  },
});

/**
 * Disables an account (a student who left, a teacher who quit): it can no longer sign in and its
 * sessions end now, on every computer (the router forgets remembered sessions: changesIdentity; other
 * computers see the file change). Enabling gives it back as it was.
 */
export function setDisabled(
  ctx: AuthedContext,
  input: ParsedInput<'accounts.setDisabled'>,
): Output<'accounts.setDisabled'> {
  const { db } = ctx;
  const user = db.first(
    db.builder
      .selectFrom('user_account')
      .select(['id', 'login', 'disabled_at', 'guardian_id'])
      .where('id', '=', input.userId),
  );
  if (!user) throw new ApiError('NOT_FOUND', 'Учётная запись не найдена: обновите список', 'userId');
  if (input.disabled && user.id === ctx.actor.userId)
    throw new ApiError('VALIDATION', 'Нельзя отключить свою собственную учётную запись', 'userId');
  if (input.disabled === (user.disabled_at !== null)) return { endedSessions: 0 };
  let endedSessions = 0;
  if (input.disabled) {
    const admins = db
      .all(
        db.builder
          .selectFrom('user_role as r')
          .innerJoin('user_account as u', 'u.id', 'r.user_id')
          .select('u.id')
          .where('r.role', '=', 'admin')
          .where('u.disabled_at', 'is', null),
      )
      .map((r) => r.id);
    if (admins.length === 1 && admins[0] === user.id)
      throw new ApiError('VALIDATION', 'Это единственный администратор: отключить его нельзя', 'userId');
    endedSessions = disableAccount(ctx, user.id);
  } else {
    if (user.guardian_id !== null) {
      const paper = db.first(
        db.builder
          .selectFrom('paper_diary')
          .select('statement_on')
          .where('guardian_id', '=', user.guardian_id),
      );
      if (paper)
        throw new ApiError(
          'VALIDATION',
          'Семья отказалась от электронного дневника: сначала отметьте, что она снова пользуется им',
          'userId',
        );
    }
    db.run(db.builder.updateTable('user_account').set({ disabled_at: null }).where('id', '=', user.id));
  }
  ctx.audit({
    entity: 'user_account',
    entityId: user.id,
    before: { disabledAt: user.disabled_at },
    after: { disabledAt: input.disabled ? ctx.now.toISOString() : null, endedSessions },
  });
  return { endedSessions };
}
