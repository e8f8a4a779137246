import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import { openJournal } from '../src/main/db/migrate';
import { DEMO_PASSWORD, generateDemoSchool } from '../src/main/demo/generate';
import { features } from '../src/main/features';
import type { CallMeta } from '../src/main/router/answer';
import { auditRowHash } from '../src/main/router/audit-chain';
import { CHANGES_KEPT } from '../src/main/router/changes';
import { createRouter } from '../src/main/router/router';
import type { Output } from '../src/shared/api/contract';
import { fullName } from '../src/shared/i18n/names';
import { DEFAULT_GRADING_RULES, type GradingRules } from '../src/shared/journal/grading';
import { DEFAULT_MARK_SCALE, type MarkScale } from '../src/shared/journal/marks';
import {
  finalValuesFor,
  meanSuggestion,
  NOT_ASSESSED,
  periodSuggestion,
} from '../src/shared/periods/final-marks';
import { addPastYears } from './past-years';

/**
 * Issue 9: opening a whole-year journal page with its pinned columns, and setting a mark, through the
 * router next to raw better-sqlite3 statements doing the same work, on the five-year school of
 * journal.bench.ts (the demo generator's 2,000 students, then bench/past-years.ts).
 *
 * "Opening the page" is what the grid asks for: `journal.page {loadId, wholeYear: true}` and
 * `periods.finalMarks {loadId}` (the pinned period/year/exam/final columns with their suggestions).
 * The raw side runs the statements src/main/journal/page.ts and src/main/periods/final-marks.ts run
 * (their SQL as Kysely compiles it, the scope check's read before each, one read transaction per call)
 * and the same per-student work (grouping, sorting, the suggestions of shared/periods/final-marks.ts).
 * Before measuring, its answers are compared with the router's for every page: a change of either
 * service that the raw side does not mirror stops the bench instead of measuring something else.
 *
 * "Setting a mark" is `journal.setMark` replacing a mark next to the writes its transaction makes
 * (the UPDATE, the late-entry flag, the audit row chained by hash, the data_change topics) and next
 * to those writes with the reads the router makes before them (scope, lesson, period, enrollment,
 * scale, the cell).
 *
 * BENCH_DB=<file>: measure on a copy of an existing five-year school instead of building one.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 200);
const MARK_RUNS = Number(process.env.BENCH_MARK_RUNS ?? 300);
const WARMUP = 20;
/** The router's "today": the last days of the current year, as in journal.bench.ts. */
const NOW = new Date('2027-05-26T10:00:00Z');

interface Round {
  sides: number[][];
}

function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const median = (xs: number[]) => quantile(xs, 0.5);

/** Sides of one sample back to back, each sample starting with the next side (see journal.bench.ts). */
async function interleaved(i: number, sides: (() => unknown)[]): Promise<number[]> {
  const times = new Array<number>(sides.length);
  for (let k = 0; k < sides.length; k++) {
    const side = (i + k) % sides.length;
    const a = performance.now();
    const pending = sides[side]!();
    if (pending instanceof Promise) await pending;
    times[side] = performance.now() - a;
  }
  return times;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-year-'));
  const path = join(dir, 'bench.sqlite');
  const load0 = loadavg()[0]!;
  const started = performance.now();
  if (process.env.BENCH_DB) {
    copyFileSync(process.env.BENCH_DB, path);
  } else {
    const { db } = openJournal(path, { storage: 'local' });
    await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: '2027-05-27' });
    addPastYears(db.sqlite, YEARS);
    db.close();
  }
  const { db } = openJournal(path, { storage: 'local' });
  const count = (table: string) =>
    (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    `school: ${count('student')} students, ${count('academic_year')} years, ${count('lesson')} lessons, ${count('mark')} marks, ${count('final_mark')} final marks; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const router = createRouter(db, features, { clock: () => NOW });
  const login = await router.call(
    'auth.login',
    { login: 'teacher', password: DEMO_PASSWORD },
    { door: 'staff' },
  );
  if (!login.ok) throw new Error(login.error.message);
  const staff = { token: (login.value as { token: string }).token, door: 'staff' as const };
  const teacherId = (
    db.sqlite.prepare("SELECT id FROM user_account WHERE login = 'teacher'").get() as { id: number }
  ).id;
  const yearId = (
    db.sqlite.prepare('SELECT id FROM academic_year ORDER BY starts_on DESC LIMIT 1').get() as { id: number }
  ).id;
  const loads = (
    db.sqlite
      .prepare('SELECT id FROM teaching_load WHERE teacher_id = ? AND academic_year_id = ? ORDER BY id')
      .all(teacherId, yearId) as { id: number }[]
  ).map((l) => l.id);
  const set = await setPeriodMarks(router, staff, loads);
  if (set > 0) console.log(`set ${set} period marks of the finished quarters through periods.setFinalMark`);
  const raw = rawStatements(db.sqlite, teacherId);

  // The raw side must give what the router gives, page by page.
  const cells: number[] = [];
  const finals: number[] = [];
  for (const loadId of loads) {
    const viaRouter = await router.call('journal.page', { loadId, wholeYear: true }, staff);
    const pinned = await router.call('periods.finalMarks', { loadId }, staff);
    if (!viaRouter.ok || !pinned.ok) throw new Error(`load ${loadId}: the router refused the page`);
    const same = (what: string, a: unknown, b: unknown) => {
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))))
        throw new Error(
          `load ${loadId}: the raw ${what} differs from the router's: update rawStatements to mirror the service`,
        );
    };
    same('journal.page', raw.page(loadId), viaRouter.value);
    same('periods.finalMarks', raw.finalMarks(loadId), pinned.value);
    const p = viaRouter.value as { students: unknown[]; lessons: unknown[] };
    cells.push(p.students.length * p.lessons.length);
    finals.push((pinned.value as { marks: unknown[] }).marks.length);
  }
  console.log(
    `${loads.length} pages of the teacher's (whole year: ${Math.min(...cells)}–${Math.max(...cells)} cells, ${Math.min(...finals)}–${Math.max(...finals)} final marks); raw answers equal the router's`,
  );

  const open: Round[] = [];
  const write: Round[] = [];
  const markCount = (
    db.sqlite
      .prepare(
        `SELECT count(*) AS n FROM mark m JOIN lesson s ON s.id = m.lesson_id WHERE s.load_id IN (${loads.join(',')})`,
      )
      .get() as { n: number }
  ).n;
  const perRound = 3 * (MARK_RUNS + WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    const r: Round = { sides: [[], []] };
    for (let i = 0; i < PAGE_RUNS + WARMUP; i++) {
      const loadId = loads[i % loads.length]!;
      const t = await interleaved(i, [
        async () => {
          const a = await router.call('journal.page', { loadId, wholeYear: true }, staff);
          const b = await router.call('periods.finalMarks', { loadId }, staff);
          if (!a.ok || !b.ok) throw new Error('the router refused the page');
        },
        () => {
          raw.page(loadId);
          raw.finalMarks(loadId);
        },
      ]);
      if (i >= WARMUP) for (const [k, x] of t.entries()) r.sides[k]!.push(x);
    }
    open.push(r);

    // Marks of the teacher's pages, fresh each round while there are enough (versions read anew).
    const targets = db.sqlite
      .prepare(
        `SELECT m.lesson_id AS lessonId, m.student_id AS studentId, m.version, m.value FROM mark m JOIN lesson s ON s.id = m.lesson_id
         WHERE s.load_id IN (${loads.join(',')}) AND m.slot = 1 ORDER BY m.id LIMIT ? OFFSET ?`,
      )
      .all(perRound, (round * perRound) % Math.max(1, markCount - perRound)) as {
      lessonId: number;
      studentId: number;
      version: number;
      value: string;
    }[];
    const w: Round = { sides: [[], [], []] };
    const next = (v: string) => (v === '5' ? '4' : '5');
    for (let i = 0; i < MARK_RUNS + WARMUP; i++) {
      const [x, y, z] = [targets[3 * i]!, targets[3 * i + 1]!, targets[3 * i + 2]!];
      const t = await interleaved(i, [
        async () => {
          const a = await router.call(
            'journal.setMark',
            {
              lessonId: x.lessonId,
              studentId: x.studentId,
              value: next(x.value),
              expectedVersion: x.version,
            },
            staff,
          );
          if (!a.ok) throw new Error(a.error.message);
        },
        () => raw.setMark(y.lessonId, y.studentId, next(y.value), y.version, false),
        () => raw.setMark(z.lessonId, z.studentId, next(z.value), z.version, true),
      ]);
      if (i >= WARMUP) for (const [k, v] of t.entries()) w.sides[k]!.push(v);
    }
    write.push(w);
  }
  const chain = db.sqlite.prepare('SELECT count(*) AS n FROM audit_log WHERE row_hash IS NULL').get() as {
    n: number;
  };
  if (chain.n > 0) throw new Error(`${chain.n} audit rows without a hash: the raw side broke the chain`);
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const fmt = (n: number) => n.toFixed(3);
  const spread = (xs: number[], f: (n: number) => string) => {
    const lo = f(Math.min(...xs));
    const hi = f(Math.max(...xs));
    return lo === hi ? lo : `${lo}–${hi}`;
  };
  const line = (what: string, rounds: Round[], a: number, b: number) => {
    const med = (k: number) => rounds.map((r) => median(r.sides[k]!));
    const p95 = (k: number) => rounds.map((r) => quantile(r.sides[k]!, 0.95));
    const ratios = rounds.map((r) => median(r.sides[a]!) / median(r.sides[b]!));
    const paired = rounds.map((r) => median(r.sides[a]!.map((x, i) => x / r.sides[b]![i]!)));
    return `| ${what} | ${spread(med(a), fmt)} | ${spread(p95(a), fmt)} | ${spread(med(b), fmt)} | ${spread(p95(b), fmt)} | ${spread(ratios, (n) => n.toFixed(2))} (${median(ratios).toFixed(2)}) | ${spread(paired, (n) => n.toFixed(2))} (${median(paired).toFixed(2)}) |`;
  };
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end. ${ROUNDS} rounds; per round ${PAGE_RUNS} page opens and ${MARK_RUNS} marks per side, interleaved, after ${WARMUP} warm-up runs. Cells: min–max over the rounds (median of the rounds in brackets).\n`,
  );
  console.log(
    '| operation | router median, ms | router p95, ms | raw median, ms | raw p95, ms | ratio of medians | ratio, paired median |',
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(line('open a whole-year page: journal.page + periods.finalMarks', open, 0, 1));
  console.log(
    line('set one mark: journal.setMark vs its writes (update, late entry, audit, data_change)', write, 0, 1),
  );
  console.log(line('set one mark: journal.setMark vs its reads and writes', write, 0, 2));
}

/**
 * The pinned columns as a teacher has them in May: the period marks of the quarters already over,
 * the suggested mark (or «н/а» below the minimum of marks), set through the router where a page has
 * none yet (the demo generator may not set them). Returns how many were set.
 */
async function setPeriodMarks(router: ReturnType<typeof createRouter>, staff: CallMeta, loads: number[]) {
  const today = NOW.toISOString().slice(0, 10);
  let set = 0;
  for (const loadId of loads) {
    const answer = await router.call('periods.finalMarks', { loadId }, staff);
    if (!answer.ok) throw new Error(answer.error.message);
    const pinned = answer.value as Output<'periods.finalMarks'>;
    if (pinned.marks.length > 0 || !pinned.load.writable) continue;
    for (const student of pinned.students) {
      for (const p of student.periods) {
        const period = pinned.periods.find((x) => x.id === p.periodId)!;
        if (period.endsOn >= today) continue;
        const value = p.suggested !== null && p.count >= pinned.minimumMarks ? p.suggested : NOT_ASSESSED;
        const r = await router.call(
          'periods.setFinalMark',
          {
            loadId,
            studentId: student.id,
            kind: 'period',
            periodId: p.periodId,
            value,
            expectedVersion: null,
          },
          staff,
        );
        if (!r.ok) throw new Error(`periods.setFinalMark: ${r.error.message}`);
        set++;
      }
    }
  }
  return set;
}

/**
 * The statements of journal.page, periods.finalMarks and journal.setMark as the router runs them
 * (the SQL text is what Kysely compiles their queries to), with the same work on their rows. The
 * caller is the page's teacher, so the access rules reduce to comparing teacher ids.
 */
function rawStatements(sqlite: BetterSqlite3.Database, userId: number) {
  const q = (sql: string) => sqlite.prepare(sql);
  // The scope check (journal/access.ts loadOwners), before each call.
  const owners = q(
    `select "l"."id" as "loadId", "l"."teacher_id" as "teacherId", "c"."class_teacher_id" as "classTeacherId", "l"."academic_year_id" as "yearId" from "teaching_load" as "l" inner join "class" as "c" on "c"."id" = "l"."class_id" where "l"."id" = ?`,
  );
  const setting = q(`select "value" from "setting" where "key" = ?`);
  const getSetting = <T>(key: string, fallback: T): T => {
    const row = setting.get(key) as { value: string } | undefined;
    return row ? { ...fallback, ...(JSON.parse(row.value) as T) } : fallback;
  };
  const markScale = () => getSetting<MarkScale>('marks.scale', DEFAULT_MARK_SCALE);
  const gradingRules = (): GradingRules => {
    const { rounding, minMarks } = getSetting('marks.rules', {
      rounding: DEFAULT_GRADING_RULES.rounding,
      minMarks: DEFAULT_GRADING_RULES.minMarks,
    });
    return { allowOne: markScale().allowOne, rounding, minMarks };
  };
  const collator = new Intl.Collator('ru-RU');
  const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
    collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
  const read = <T>(fn: () => T): T => {
    sqlite.exec('BEGIN DEFERRED');
    try {
      return fn();
    } finally {
      sqlite.exec('COMMIT');
    }
  };

  // journal/page.ts
  const pageLoad = q(
    `select "l"."id" as "loadId", "l"."class_id" as "classId", "c"."name" as "className", "c"."grade" as "grade", "c"."class_teacher_id" as "classTeacherId", "l"."subject_id" as "subjectId", "s"."name" as "subjectName", "g"."name" as "groupName", "l"."group_id" as "groupId", "l"."teacher_id" as "teacherId", "t"."last_name" as "tLast", "t"."first_name" as "tFirst", "t"."middle_name" as "tMiddle", "l"."hours_per_week" as "hoursPerWeek", "l"."marking_mode" as "markingMode", "l"."academic_year_id" as "yearId", "y"."name" as "yearName", "y"."starts_on" as "yearStartsOn", "y"."ends_on" as "yearEndsOn" from "teaching_load" as "l" inner join "class" as "c" on "c"."id" = "l"."class_id" inner join "subject" as "s" on "s"."id" = "l"."subject_id" inner join "user_account" as "t" on "t"."id" = "l"."teacher_id" inner join "academic_year" as "y" on "y"."id" = "l"."academic_year_id" left join "class_group" as "g" on "g"."id" = "l"."group_id" where "l"."id" = ?`,
  );
  const pagePeriods = q(
    `select "p"."id", "p"."name", "p"."starts_on" as "startsOn", "p"."ends_on" as "endsOn", "pc"."closed_at" from "period" as "p" left join "period_closure" as "pc" on "pc"."period_id" = "p"."id" and "pc"."class_id" = ? and "pc"."reopened_at" is null where "p"."academic_year_id" = ? and "p"."grade_from" <= ? and "p"."grade_to" >= ? order by "p"."starts_on"`,
  );
  const rosterOfClass = q(
    `select "s"."id", "s"."last_name" as "lastName", "s"."first_name" as "firstName", "s"."middle_name" as "middleName", "e"."enrolled_on" as "from", "e"."left_on" as "to", "e"."enrolled_kind" as "enrolledKind", "e"."left_kind" as "leftKind" from "class_enrollment" as "e" inner join "student" as "s" on "s"."id" = "e"."student_id" where "e"."class_id" = ? and ("e"."enrolled_on" <= ? and ("e"."left_on" is null or "e"."left_on" >= ?))`,
  );
  const rosterOfGroup = q(
    `select "s"."id", "s"."last_name" as "lastName", "s"."first_name" as "firstName", "s"."middle_name" as "middleName", "e"."enrolled_on" as "from", "e"."left_on" as "to", "e"."enrolled_kind" as "enrolledKind", "e"."left_kind" as "leftKind" from "class_enrollment" as "e" inner join "student" as "s" on "s"."id" = "e"."student_id" inner join "group_member" as "gm" on "gm"."student_id" = "s"."id" and "gm"."group_id" = ? where "e"."class_id" = ? and ("e"."enrolled_on" <= ? and ("e"."left_on" is null or "e"."left_on" >= ?))`,
  );
  const workTypes = q(
    `select "id", "name", "weight" from "work_type" where "archived_at" is null order by "sort_order"`,
  );
  const lessons = q(
    `select "id", "date", "number", "topic", "homework", "version", "cancel_reason" as "cancelReason", "work_type_id" as "workTypeId", "teacher_id" as "givenBy", "cancelled_at" is not null as "cancelled" from "lesson" where "load_id" = ? and "date" >= ? and "date" <= ? order by "date", "number"`,
  );
  const marks = q(
    `select "m"."id", "m"."lesson_id" as "lessonId", "m"."student_id" as "studentId", "m"."slot", "m"."value", "m"."work_type_id" as "workTypeId", "m"."weight", coalesce("m"."comment", ?) as "comment", "m"."version" from "mark" as "m" inner join "lesson" as "s" on "s"."id" = "m"."lesson_id" where "s"."load_id" = ? and "s"."date" >= ? and "s"."date" <= ? order by "m"."slot"`,
  );
  const absences = q(
    `select "a"."id", "a"."lesson_id" as "lessonId", "a"."student_id" as "studentId", "a"."code", "a"."version" from "absence" as "a" inner join "lesson" as "s" on "s"."id" = "a"."lesson_id" where "s"."load_id" = ? and "s"."date" >= ? and "s"."date" <= ?`,
  );

  // periods/final-marks.ts
  const finalLoad = q(
    `select "l"."id" as "loadId", "l"."class_id" as "classId", "c"."name" as "className", "c"."grade", "l"."subject_id" as "subjectId", "s"."name" as "subjectName", "l"."group_id" as "groupId", "g"."name" as "groupName", "l"."teacher_id" as "teacherId", "l"."marking_mode" as "markingMode", "l"."academic_year_id" as "yearId", "y"."starts_on" as "yearStartsOn", "y"."ends_on" as "yearEndsOn", "y"."archived_at" as "archivedAt" from "teaching_load" as "l" inner join "class" as "c" on "c"."id" = "l"."class_id" inner join "subject" as "s" on "s"."id" = "l"."subject_id" inner join "academic_year" as "y" on "y"."id" = "l"."academic_year_id" left join "class_group" as "g" on "g"."id" = "l"."group_id" where "l"."id" = ?`,
  );
  const finalPeriods = q(
    `select "p"."id", "p"."name", "p"."starts_on" as "startsOn", "p"."ends_on" as "endsOn", "pc"."id" as "closingId" from "period" as "p" left join "period_closure" as "pc" on "pc"."period_id" = "p"."id" and "pc"."class_id" = ? and "pc"."reopened_at" is null where "p"."academic_year_id" = ? and "p"."grade_from" <= ? and "p"."grade_to" >= ? order by "p"."starts_on"`,
  );
  const finalRoster = q(
    `select distinct "s"."id", "s"."last_name" as "lastName", "s"."first_name" as "firstName", "s"."middle_name" as "middleName" from "class_enrollment" as "e" inner join "student" as "s" on "s"."id" = "e"."student_id" where "e"."class_id" = ? and ("e"."enrolled_on" <= ? and ("e"."left_on" is null or "e"."left_on" >= ?)) and (? is null or exists (select "gm"."student_id" from "group_member" as "gm" where "gm"."group_id" = ? and "gm"."student_id" = "s"."id"))`,
  );
  const currentMarks = q(
    `select "m"."student_id" as "studentId", "m"."value", "m"."weight", "s"."date" from "mark" as "m" inner join "lesson" as "s" on "s"."id" = "m"."lesson_id" where "s"."load_id" = ? and "s"."date" >= ? and "s"."date" <= ?`,
  );
  const finalMarksOf = q(
    `select "id", "student_id" as "studentId", "kind", "period_id" as "periodId", "value", "version", "updated_at" as "updatedAt" from "final_mark" where "academic_year_id" = ? and "subject_id" = ?`,
  );

  // journal/cells.ts setMark, its scope check (lessonOwners) and the router's writes.
  const lessonOwners = q(
    `select "l"."id" as "loadId", "l"."teacher_id" as "teacherId", "c"."class_teacher_id" as "classTeacherId", "l"."academic_year_id" as "yearId", "s"."teacher_id" as "givenBy" from "lesson" as "s" inner join "teaching_load" as "l" on "l"."id" = "s"."load_id" inner join "class" as "c" on "c"."id" = "l"."class_id" where "s"."id" = ?`,
  );
  const yearById = q(
    `select "id", "name", "starts_on", "ends_on", "archived_at" from "academic_year" where "id" = ?`,
  );
  const lessonContext = q(
    `select "s"."id", "s"."date", "s"."number", "s"."topic", "s"."homework", "s"."version", "s"."cancelled_at" as "cancelledAt", "s"."cancel_reason" as "cancelReason", "s"."teacher_id" as "givenBy", "s"."work_type_id" as "workTypeId", "l"."teacher_id" as "loadTeacherId", "l"."id" as "loadId", "l"."class_id" as "classId", "l"."group_id" as "groupId", "l"."marking_mode" as "markingMode", "l"."academic_year_id" as "yearId", "c"."grade" as "grade" from "lesson" as "s" inner join "teaching_load" as "l" on "l"."id" = "s"."load_id" inner join "class" as "c" on "c"."id" = "l"."class_id" where "s"."id" = ?`,
  );
  const periodAt = q(
    `select "p"."id", "p"."name", "c"."name" as "className", "pc"."closed_at" as "closedAt" from "period" as "p" inner join "class" as "c" on "c"."id" = ? left join "period_closure" as "pc" on "pc"."period_id" = "p"."id" and "pc"."class_id" = "c"."id" and "pc"."reopened_at" is null where "p"."academic_year_id" = ? and "p"."grade_from" <= ? and "p"."grade_to" >= ? and "p"."starts_on" <= ? and "p"."ends_on" >= ?`,
  );
  const enrollmentOn = q(
    `select "id" from "class_enrollment" where "class_id" = ? and "student_id" = ? and ("class_enrollment"."enrolled_on" <= ? and ("class_enrollment"."left_on" is null or "class_enrollment"."left_on" >= ?))`,
  );
  const marksIn = q(
    `select "id", "lesson_id" as "lessonId", "student_id" as "studentId", "slot", "value", "work_type_id" as "workTypeId", "weight", "comment", "version" from "mark" where "lesson_id" = ? and "student_id" = ? order by "slot"`,
  );
  const cellLesson = q(
    `select "s"."id" as "lessonId", "s"."load_id" as "loadId" from "lesson" as "s" where "s"."id" = ?`,
  );
  const updateMark = q(
    `update "mark" set "value" = ?, "work_type_id" = ?, "weight" = ?, "comment" = ?, "version" = version + 1, "updated_at" = ?, "updated_by" = ? where "id" = ? and "version" = ?`,
  );
  const lessonDate = q(`select "date" from "lesson" where "id" = ?`);
  const lateEntry = q(
    `insert into "late_entry" ("lesson_id", "kind", "entered_at", "entered_by") values (?, ?, ?, ?) on conflict do nothing`,
  );
  const chainHead = q(`select "id", "row_hash" from "audit_log" order by "id" desc limit ?`);
  const insertAudit = q(
    `insert into "audit_log" ("id", "at", "user_id", "session_id", "action", "entity", "entity_id", "before", "after", "prev_hash", "row_hash") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertChange = q(`insert into "data_change" ("topic", "at") values (?, ?)`);
  const pruneChanges = q(`delete from "data_change" where "id" <= ?`);
  const sessionId = (
    sqlite
      .prepare('SELECT id FROM session WHERE user_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1')
      .get(userId) as { id: number }
  ).id;

  return {
    page(loadId: number) {
      return read(() => {
        owners.get(loadId);
        const load = pageLoad.get(loadId) as {
          loadId: number;
          classId: number;
          className: string;
          grade: number;
          subjectId: number;
          subjectName: string;
          groupName: string | null;
          groupId: number | null;
          teacherId: number;
          tLast: string;
          tFirst: string;
          tMiddle: string | null;
          hoursPerWeek: number;
          markingMode: string;
          yearName: string;
          yearId: number;
          yearStartsOn: string;
          yearEndsOn: string;
        };
        const periods = pagePeriods.all(load.classId, load.yearId, load.grade, load.grade) as {
          id: number;
          name: string;
          startsOn: string;
          endsOn: string;
          closed_at: string | null;
        }[];
        const range = { from: load.yearStartsOn, to: load.yearEndsOn };
        const rows = (
          load.groupId === null
            ? rosterOfClass.all(load.classId, range.to, range.from)
            : rosterOfGroup.all(load.groupId, load.classId, range.to, range.from)
        ) as {
          id: number;
          lastName: string;
          firstName: string;
          middleName: string | null;
          from: string;
          to: string | null;
          enrolledKind: string;
          leftKind: string | null;
        }[];
        const students = new Map<number, { id: number; enrolled: object[] } & Record<string, unknown>>();
        for (const { from, to, enrolledKind, leftKind, ...name } of rows) {
          const s = students.get(name.id) ?? { ...name, enrolled: [] };
          s.enrolled.push({ from, to, enrolledKind, leftKind });
          students.set(name.id, s);
        }
        for (const s of students.values())
          (s.enrolled as { from: string }[]).sort((a, b) => a.from.localeCompare(b.from));
        const roster = [...students.values()] as unknown as { lastName: string; firstName: string }[];
        roster.sort(byName);
        const types = workTypes.all() as { id: number }[];
        const rules = gradingRules();
        const writable = load.teacherId === userId;
        return {
          load: {
            loadId: load.loadId,
            classId: load.classId,
            className: load.className,
            grade: load.grade,
            subjectId: load.subjectId,
            subjectName: load.subjectName,
            groupName: load.groupName,
            teacherName: fullName({ lastName: load.tLast, firstName: load.tFirst, middleName: load.tMiddle }),
            hoursPerWeek: load.hoursPerWeek,
            writable,
            markingMode: load.markingMode,
            academicYear: load.yearName,
          },
          periods: periods.map((p) => ({
            id: p.id,
            name: p.name,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            closed: p.closed_at !== null,
          })),
          periodId: null,
          range,
          students: roster,
          lessons: (
            lessons.all(loadId, range.from, range.to) as { givenBy: number; cancelled: number }[]
          ).map(({ givenBy, ...l }) => ({
            ...l,
            cancelled: l.cancelled === 1,
            givenByMe: givenBy === userId && load.teacherId !== userId,
          })),
          marks: marks.all('', loadId, range.from, range.to),
          absences: absences.all(loadId, range.from, range.to),
          workTypes: types,
          defaultWorkTypeId: types[0]!.id,
          allowOne: rules.allowOne,
          rules,
        };
      });
    },

    finalMarks(loadId: number) {
      return read(() => {
        owners.get(loadId);
        const load = finalLoad.get(loadId) as {
          loadId: number;
          classId: number;
          className: string;
          grade: number;
          subjectId: number;
          subjectName: string;
          groupId: number | null;
          groupName: string | null;
          teacherId: number;
          markingMode: 'points' | 'pass_fail' | 'none';
          yearId: number;
          yearStartsOn: string;
          yearEndsOn: string;
          archivedAt: string | null;
        };
        const periods = finalPeriods.all(load.classId, load.yearId, load.grade, load.grade) as {
          id: number;
          name: string;
          startsOn: string;
          endsOn: string;
          closingId: number | null;
        }[];
        const roster = finalRoster.all(
          load.classId,
          load.yearEndsOn,
          load.yearStartsOn,
          load.groupId,
          load.groupId,
        ) as { id: number; lastName: string; firstName: string; middleName: string | null }[];
        roster.sort(byName);
        const onPage = new Set(roster.map((s) => s.id));
        const current = currentMarks.all(load.loadId, load.yearStartsOn, load.yearEndsOn) as {
          studentId: number;
          value: string;
          weight: number;
          date: string;
        }[];
        const finals = (
          finalMarksOf.all(load.yearId, load.subjectId) as {
            studentId: number;
            kind: string;
            value: string;
          }[]
        ).filter((m) => onPage.has(m.studentId));
        const rules = gradingRules();
        const students = roster.map((s) => {
          const own = current.filter((m) => m.studentId === s.id);
          const mine = finals.filter((m) => m.studentId === s.id);
          const finalOf = (kind: string) => mine.find((m) => m.kind === kind)?.value;
          const yearSuggested = meanSuggestion(
            mine.filter((m) => m.kind === 'period').map((m) => m.value),
            rules,
          );
          const year = finalOf('year');
          const exam = finalOf('exam');
          return {
            ...s,
            periods: periods.map((p) => {
              const inPeriod = own.filter((m) => m.date >= p.startsOn && m.date <= p.endsOn);
              return { periodId: p.id, count: inPeriod.length, ...periodSuggestion(inPeriod, rules) };
            }),
            yearSuggested,
            finalSuggested:
              year === undefined ? null : meanSuggestion(exam === undefined ? [year] : [year, exam], rules),
          };
        });
        return {
          load: {
            loadId: load.loadId,
            classId: load.classId,
            className: load.className,
            subjectName: load.subjectName,
            groupName: load.groupName,
            markingMode: load.markingMode,
            writable: load.archivedAt === null && load.markingMode !== 'none' && load.teacherId === userId,
          },
          periods: periods.map((p) => ({
            id: p.id,
            name: p.name,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            closed: p.closingId !== null,
          })),
          yearClosed: periods.at(-1)?.closingId != null,
          minimumMarks: gradingRules().minMarks,
          values: finalValuesFor(load.markingMode, markScale()),
          students,
          marks: finals,
        };
      });
    },

    /**
     * Replaces the mark in slot 1 of a cell. `checks`: with the reads the router makes before writing
     * (scope, lesson, period, enrollment, scale, the cell); without them only the cell is read, for its id.
     */
    setMark(lessonId: number, studentId: number, value: string, version: number, checks: boolean) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        let loadId: number;
        if (checks) {
          const o = lessonOwners.get(lessonId) as { yearId: number };
          yearById.get(o.yearId);
          const l = lessonContext.get(lessonId) as {
            loadId: number;
            classId: number;
            yearId: number;
            grade: number;
            date: string;
          };
          periodAt.get(l.classId, l.yearId, l.grade, l.grade, l.date, l.date);
          enrollmentOn.get(l.classId, studentId, l.date, l.date);
          markScale();
          loadId = l.loadId;
        } else {
          loadId = (cellLesson.get(lessonId) as { loadId: number }).loadId;
        }
        const m = (
          marksIn.all(lessonId, studentId) as {
            id: number;
            slot: number;
            workTypeId: number;
            weight: number;
            comment: string | null;
            version: number;
          }[]
        ).find((c) => c.slot === 1)!;
        const at = NOW.toISOString();
        const changed = updateMark.run(value, m.workTypeId, m.weight, m.comment, at, userId, m.id, version);
        if (changed.changes !== 1) throw new Error('raw setMark: stale version');
        // noteEntry: the lesson's date against the school's deadline, then the flag (once per kind).
        lessonDate.get(lessonId);
        if (checks) getSetting('journal.deadline', {});
        lateEntry.run(lessonId, 'marks', at, userId);
        const before = { ...m, comment: m.comment ?? '' };
        const after = { ...before, value, version: version + 1 };
        const last = chainHead.get(1) as { id: number; row_hash: string | null } | undefined;
        const row = {
          id: (last?.id ?? 0) + 1,
          at,
          user_id: userId,
          session_id: sessionId,
          action: 'journal.setMark',
          entity: 'mark',
          entity_id: m.id,
          before: JSON.stringify(before),
          after: JSON.stringify(after),
        };
        if (!last?.row_hash) throw new Error('raw setMark: the audit chain has no head');
        const prev = last.row_hash;
        const hash = auditRowHash(prev, row);
        insertAudit.run(
          row.id,
          row.at,
          row.user_id,
          row.session_id,
          row.action,
          row.entity,
          row.entity_id,
          row.before,
          row.after,
          prev,
          hash,
        );
        insertChange.run(`load:${loadId}`, at);
        const newest = Number(insertChange.run(`student:${studentId}`, at).lastInsertRowid);
        if (newest > CHANGES_KEPT) pruneChanges.run(newest - CHANGES_KEPT);
        sqlite.exec('COMMIT');
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },
  };
}

await main();
