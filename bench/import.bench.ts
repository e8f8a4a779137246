import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { hashPassword } from '../src/main/auth/passwords';
import { openJournal } from '../src/main/db/migrate';
import { features } from '../src/main/features';
import { readTable } from '../src/main/import/parse';
import { applyStudents, planStudents, readStudents } from '../src/main/import/students';
import { auditRowHash } from '../src/main/router/audit-chain';
import { createRouter } from '../src/main/router/router';
import { searchKey } from '../src/shared/i18n/names';
import { STUDENT_COLUMNS } from '../src/shared/import/columns';
import { federalCalendar } from '../src/shared/school-year/calendar-defaults';
import { insertYear, inserts as q } from '../test/inserts';

/**
 * Importing a whole school's students with their guardians from .xlsx (issue 8): through the router
 * (`import.commit`: the file read with exceljs outside the transaction, then in one write transaction
 * the plan made again — every row matched against the journal — and written with its audit rows and
 * change topics), next to the same rows inserted by a bare loop of prepared statements in one
 * transaction. Each round starts from a fresh copy of the same school (80 classes, no students yet);
 * the two are interleaved so the machine's noise hits both alike. Goal (issue 8): ≤ 2× the bare loop.
 */
const STUDENTS = Number(process.env.BENCH_IMPORT_STUDENTS ?? 2000);
const CLASSES = 80;
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 5);
const NOW = new Date('2026-11-20T10:00:00Z');
const PASSWORD = 'bench2026';
const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'И'];
/** The classes in the order they are made: grades 1–11 of А, then of Б, …, 80 in all. */
const CLASS_NAMES = LETTERS.flatMap((l) => Array.from({ length: 11 }, (_, g) => `${g + 1}${l}`)).slice(
  0,
  CLASSES,
);
/** Prefixes that make 2,000 different surnames out of a few («Новоиванов», «Староиванов», …). */
const SUFFIXES = [
  'Ново',
  'Старо',
  'Бело',
  'Черно',
  'Красно',
  'Добро',
  'Велико',
  'Мало',
  'Сверх',
  'Пере',
  'За',
  'При',
  'Под',
];

interface Family {
  mother: [string, string, string];
  father: [string, string, string];
}

/** 2,000 students in 80 classes; every fifth is the younger sibling of the one before (same parents). */
function people() {
  const surnames = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов'];
  const boys = ['Артём', 'Максим', 'Иван', 'Марк', 'Лев', 'Тимофей', 'Матвей', 'Егор'];
  const girls = ['Анна', 'Мария', 'Ева', 'Алиса', 'София', 'Виктория', 'Полина', 'Варвара'];
  const rows: (string | Date)[][] = [];
  let family: Family | null = null;
  for (let i = 0; i < STUDENTS; i++) {
    const boy = i % 2 === 0;
    const base = `${SUFFIXES[i % SUFFIXES.length]}${surnames[i % surnames.length]!.toLowerCase()}`;
    const last = boy ? base : `${base}а`;
    const sibling = i % 5 === 1 && family !== null;
    if (!sibling) {
      family = {
        mother: [`${base}а`, girls[(i * 3) % 8]!, 'Ивановна'],
        father: [base, boys[(i * 5) % 8]!, 'Петрович'],
      };
    }
    const f = family!;
    const cls = CLASS_NAMES[i % CLASSES]!;
    const grade = Number.parseInt(cls, 10);
    const phone = (n: number) => `+7 9${String(i - (sibling ? 1 : 0)).padStart(4, '0')}${n}0000`;
    rows.push([
      last,
      boy ? boys[i % 8]! : girls[i % 8]!,
      boy ? 'Сергеевич' : 'Сергеевна',
      new Date(Date.UTC(2019 - grade, i % 12, 1 + (i % 28))),
      boy ? 'м' : 'ж',
      cls,
      f.mother.join(' '),
      'мать',
      phone(1),
      i % 3 === 0 ? `parent${i - (sibling ? 1 : 0)}@example.ru` : '',
      f.father.join(' '),
      'отец',
      phone(2),
      '',
    ]);
  }
  return rows;
}

/** The school before the import: the year, 80 classes (grades 1–11, up to 8 letters), the administrator. */
function makeSchool(path: string) {
  const { db } = openJournal(path, { storage: 'local' });
  db.bulk(() => {
    db.run(q.school, { name: 'Школа для замеров', shortName: 'Школа', at: NOW.toISOString() });
    const yearId = insertYear(db, federalCalendar(2026));
    let made = 0;
    for (const letter of LETTERS)
      for (let grade = 1; grade <= 11 && made < CLASSES; grade++, made++)
        db.run(q.class, { yearId, grade, letter, name: `${grade}${letter}` });
    const adminId = db.run(q.user, {
      login: 'admin',
      hash: hashPassword(PASSWORD),
      mustChange: 0,
      passwordChangedAt: null,
      last: 'Смирнов',
      first: 'Алексей',
      middle: null,
      search: searchKey('Смирнов', 'Алексей'),
      guardianId: null,
      studentId: null,
      at: NOW.toISOString(),
    }).lastId;
    db.run(q.role, { userId: adminId, role: 'admin' });
  });
  db.close();
}

/** The same students, enrollments, guardians and links, written by prepared statements in one transaction. */
function bareLoop(path: string, rows: (string | Date)[][]): number {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const classes = new Map(
    (db.prepare('SELECT id, name FROM class').all() as { id: number; name: string }[]).map((c) => [
      c.name,
      c.id,
    ]),
  );
  const student = db.prepare(
    'INSERT INTO student (last_name, first_name, middle_name, birth_date, gender, search_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const enroll = db.prepare(
    'INSERT INTO class_enrollment (class_id, student_id, enrolled_on, left_on) VALUES (?, ?, ?, NULL)',
  );
  const guardian = db.prepare(
    'INSERT INTO guardian (last_name, first_name, middle_name, phone, email, search_name) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const link = db.prepare(
    'INSERT INTO student_guardian (student_id, guardian_id, relation) VALUES (?, ?, ?)',
  );
  const at = NOW.toISOString();
  const started = performance.now();
  db.transaction(() => {
    const guardians = new Map<string, number>();
    for (const r of rows) {
      const [last, first, middle, born, sex, cls] = r as [string, string, string, Date, string, string];
      const id = Number(
        student.run(
          last,
          first,
          middle,
          born.toISOString().slice(0, 10),
          sex === 'м' ? 'm' : 'f',
          searchKey(last, first, middle),
          at,
        ).lastInsertRowid,
      );
      enroll.run(classes.get(cls), id, '2026-11-20');
      for (const [at6, relation] of [
        [6, 'mother'],
        [10, 'father'],
      ] as const) {
        const [gl, gf, gm] = String(r[at6]).split(' ');
        const key = `${r[at6]}|${r[at6 + 2]}`;
        let gid = guardians.get(key);
        if (gid === undefined) {
          gid = Number(
            guardian.run(gl, gf, gm, r[at6 + 2], r[at6 + 3] || null, searchKey(gl, gf, gm)).lastInsertRowid,
          );
          guardians.set(key, gid);
        }
        link.run(id, gid, relation);
      }
    }
  }).immediate();
  const ms = performance.now() - started;
  db.close();
  return ms;
}

/**
 * Where the commit's transaction goes, step by step on another fresh copy: matching the rows against
 * the journal (the plan), writing them (the same inserts as the bare loop), and hashing the audit
 * rows into the chain as the router does (their inserts are not in these three).
 */
async function steps(path: string, file: Buffer) {
  const rows = readStudents(await readTable('students', 'ученики.xlsx', file), '2026-11-20');
  const { db } = openJournal(path, { storage: 'local' });
  const audits: { entity: string; entityId: number | null; before: unknown; after: unknown }[] = [];
  const took = { plan: 0, writes: 0, hashes: 0 };
  await db.write(() => {
    let t = performance.now();
    const plan = planStudents(db, rows, '2026-11-20');
    took.plan = performance.now() - t;
    t = performance.now();
    const ctx = {
      db,
      actor: null,
      door: 'staff' as const,
      now: NOW,
      audit: (e: (typeof audits)[number]) => audits.push(e),
      changed: () => {},
    };
    applyStudents(ctx, plan);
    took.writes = performance.now() - t;
    t = performance.now();
    let hash = '0'.repeat(64);
    audits.forEach((e, i) => {
      hash = auditRowHash(hash, {
        id: i + 1,
        at: NOW.toISOString(),
        user_id: 1,
        session_id: 1,
        action: 'import.commit',
        entity: e.entity,
        entity_id: e.entityId,
        before: e.before == null ? null : JSON.stringify(e.before),
        after: JSON.stringify(e.after),
      });
    });
    took.hashes = performance.now() - t;
  });
  db.close();
  return took;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-import-'));
  try {
    const base = join(dir, 'school.sqlite');
    makeSchool(base);
    const rows = people();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Ученики');
    sheet.addRow(STUDENT_COLUMNS.map((c) => c.header));
    for (const r of rows) sheet.addRow(r);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const content = file.toString('base64');

    const fresh = (name: string) => {
      const path = join(dir, name);
      for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
      copyFileSync(base, path);
      return path;
    };
    const results: {
      read: number;
      preview: number;
      commit: number;
      transaction: number;
      bare: number;
      counts: string;
      plan: number;
      writes: number;
      hashes: number;
    }[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      // The file read alone (exceljs), as the commit's prepare step does it.
      let t = performance.now();
      await readTable('students', 'ученики.xlsx', file);
      const read = performance.now() - t;

      const path = fresh('router.sqlite');
      const { db } = openJournal(path, { storage: 'local' });
      const router = createRouter(db, features, { clock: () => NOW });
      // The write transaction's own time (BEGIN IMMEDIATE … COMMIT), as the router runs it.
      let inWrite = 0;
      const write = db.write.bind(db);
      db.write = async <T>(fn: () => Promise<T> | T): Promise<T> => {
        const started = performance.now();
        try {
          return await write(fn);
        } finally {
          inWrite = performance.now() - started;
        }
      };
      const login = await router.call(
        'auth.login',
        { login: 'admin', password: PASSWORD },
        { door: 'staff' },
      );
      if (!login.ok) throw new Error(login.error.message);
      const meta = { token: (login.value as { token: string }).token, door: 'staff' as const };
      const input = { kind: 'students' as const, fileName: 'ученики.xlsx', content };
      t = performance.now();
      const p = await router.call('import.preview', input, meta);
      const preview = performance.now() - t;
      if (!p.ok) throw new Error(p.error.message);
      const shown = p.value as { hash: string; counts: Record<string, number> };
      if (shown.counts.error)
        throw new Error(
          `errors in the bench file: ${JSON.stringify((p.value as { rows: { fate: string }[] }).rows.filter((r) => r.fate === 'error').slice(0, 3))}`,
        );
      t = performance.now();
      const c = await router.call(
        'import.commit',
        { ...input, previewHash: shown.hash, skipErrors: false },
        meta,
      );
      const commit = performance.now() - t;
      const transaction = inWrite;
      if (!c.ok) throw new Error(c.error.message);
      const written = db.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM student) AS students, (SELECT count(*) FROM guardian) AS guardians,
                  (SELECT count(*) FROM student_guardian) AS links, (SELECT count(*) FROM audit_log) AS audit`,
        )
        .get() as Record<string, number>;
      db.close();

      const bare = bareLoop(fresh('bare.sqlite'), rows);
      const counts = `${written.students} students, ${written.guardians} guardians, ${written.links} links, ${written.audit} audit rows`;
      const step = await steps(fresh('steps.sqlite'), file);
      if (round > 0) results.push({ read, preview, commit, transaction, bare, counts, ...step }); // round 0 warms up
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const range = (xs: number[]) =>
      `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    const col = (k: 'read' | 'preview' | 'commit' | 'transaction' | 'bare' | 'plan' | 'writes' | 'hashes') =>
      results.map((r) => r[k]);
    const inTx = col('transaction');
    const ratio = results.map((r) => r.transaction / r.bare);
    const whole = results.map((r) => r.commit / r.bare);
    console.log(
      `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log(
      `Import of ${STUDENTS} students with two guardians each from .xlsx (${(file.length / 1024).toFixed(0)} KiB) into a school of ${CLASSES} classes; ${ROUNDS} rounds after a warm-up, each on a fresh copy. Written: ${results[0]?.counts}.\n`,
    );
    console.log('| step | ms, median (min–max) |');
    console.log('|---|---|');
    console.log(`| reading the .xlsx (exceljs), outside any transaction | ${range(col('read'))} |`);
    console.log(`| import.preview through the router (read + plan) | ${range(col('preview'))} |`);
    console.log(
      `| import.commit through the router (read + plan again + writes + audit) | ${range(col('commit'))} |`,
    );
    console.log(
      `| of which the write transaction (plan again, writes, audit rows, BEGIN … COMMIT) | ${range(inTx)} |`,
    );
    console.log(`| — in it: matching the rows against the journal (plan) | ${range(col('plan'))} |`);
    console.log(
      `| — in it: the writes (students, enrollments, guardians, links) | ${range(col('writes'))} |`,
    );
    console.log(
      `| — in it: hashing the audit rows into the chain (their inserts apart) | ${range(col('hashes'))} |`,
    );
    console.log(`| bare prepared-statement loop, one transaction, same rows | ${range(col('bare'))} |`);
    console.log(
      `\nRatio, the commit's transaction / bare loop: median ${median(ratio).toFixed(2)}× (${Math.min(...ratio).toFixed(2)}–${Math.max(...ratio).toFixed(2)}); goal ≤ 2.`,
    );
    console.log(
      `Ratio, the whole commit call (with reading the file) / bare loop: median ${median(whole).toFixed(2)}× (${Math.min(...whole).toFixed(2)}–${Math.max(...whole).toFixed(2)}).`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
