import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { generateDemoSchool } from '../src/main/demo/generate';
import { bookData } from '../src/main/print/book';
import { enlargeClass } from './big-class';
import { asDeputy } from './deputy';

/**
 * Issue 10, the bound journal book: `print.book {classId, yearId}` through the router, as the
 * deputy's «Печатать» calls it once per class — reading the class's year (every subject, student,
 * lesson, mark and absence), laying out the PDF and rendering it. The school is the demo generator's
 * (BENCH_STUDENTS students, the year complete up to its last weeks, so every lesson has its topic,
 * marks and absences). Goals: one class's year book ≤ 10 s; the whole school's books ≤ 10 min.
 *
 * The whole school is not printed each run (it would take minutes on a shared machine): BENCH_CLASSES
 * classes spread over the grades are printed and the school's time is extrapolated from their mean,
 * printed next to the slowest class; BENCH_CLASSES=0 prints every class and measures it instead.
 * BENCH_DB=<file>: measure on a copy of an existing journal (e.g. `npm run demo`'s) instead of building one.
 *
 * Then the issue's own size (BENCH_BIG_CLASS, on unless 0): a demo school of 385 students (11 classes
 * of ~35) whose class of 35 is given 20 teaching loads of a lesson every school day (~170 each, with
 * topics, homework, marks, absences and period and year marks: bench/big-class.ts), printed
 * BENCH_BIG_RUNS times (2) — the render thread is warm by then, as in a school that prints class by class.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const SAMPLE = Number(process.env.BENCH_CLASSES ?? 6);
const BIG_CLASS = process.env.BENCH_BIG_CLASS !== '0';
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 2);
const NOW = new Date('2027-05-26T10:00:00Z');
const TODAY = '2027-05-27';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One `print.book` through the router, checked to be a PDF. */
async function printBook(
  { router, deputy }: Awaited<ReturnType<typeof asDeputy>>,
  cls: { id: number; name: string },
  yearId: number,
) {
  // The process's CPU time besides the wall time: on a shared machine the wall time is mostly
  // the other jobs' load, the CPU time (the render thread's, chiefly) much less so.
  const cpu = process.cpuUsage();
  const a = performance.now();
  const r = await router.call('print.book', { classId: cls.id, yearId }, deputy);
  const ms = performance.now() - a;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  if (!r.ok) throw new Error(`${cls.name}: ${r.error.message}`);
  const book = r.value as { fileName: string; base64: string; pages: number };
  if (!Buffer.from(book.base64.slice(0, 8), 'base64').toString('latin1').startsWith('%PDF')) {
    throw new Error(`${cls.name}: the answer is not a PDF`);
  }
  return {
    ms,
    cpuMs,
    pages: book.pages,
    kb: Math.round((book.base64.length * 3) / 4 / 1024),
    base64: book.base64,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'journal-bench-book-'));
try {
  const started = performance.now();
  const path = join(dir, 'bench.sqlite');
  if (process.env.BENCH_DB) copyFileSync(process.env.BENCH_DB, path);
  else {
    const { db } = openJournal(path, { storage: 'local' });
    await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: TODAY });
    db.close();
  }
  const { db } = openJournal(path, { storage: 'local' });
  const one = <T>(sql: string, ...args: unknown[]) => db.sqlite.prepare(sql).get(...args) as T;
  const yearId = one<{ id: number }>('SELECT id FROM academic_year ORDER BY starts_on DESC LIMIT 1').id;
  const classes = db.sqlite
    .prepare('SELECT id, name, grade FROM class WHERE academic_year_id = ? ORDER BY grade, name')
    .all(yearId) as { id: number; name: string; grade: number }[];
  console.log(
    `school: ${classes.length} classes, ${one<{ n: number }>('SELECT count(*) AS n FROM student').n} students, ${one<{ n: number }>('SELECT count(*) AS n FROM lesson').n} lessons, ${one<{ n: number }>('SELECT count(*) AS n FROM mark').n} marks; ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const session = await asDeputy(db, NOW);

  // The sample: classes evenly spread over the list (grades 1 to 11), so small and large books both count.
  const sample =
    SAMPLE <= 0 || SAMPLE >= classes.length
      ? classes
      : Array.from({ length: SAMPLE }, (_, i) => classes[Math.floor((i * classes.length) / SAMPLE)]!);
  const times: number[] = [];
  const reads: number[] = [];
  const wholeStarted = performance.now();
  for (const cls of sample) {
    const lessons = one<{ n: number }>(
      'SELECT count(*) AS n FROM lesson s JOIN teaching_load l ON l.id = s.load_id WHERE l.class_id = ?',
      cls.id,
    ).n;
    const subjects = one<{ n: number }>(
      'SELECT count(*) AS n FROM teaching_load WHERE class_id = ?',
      cls.id,
    ).n;
    const students = one<{ n: number }>(
      'SELECT count(DISTINCT student_id) AS n FROM class_enrollment WHERE class_id = ?',
      cls.id,
    ).n;
    // The part that holds the database thread: reading the class's year into the book's data object
    // (measured apart, outside the book's time below).
    const d = performance.now();
    bookData(db, { classId: cls.id });
    reads.push(performance.now() - d);
    const book = await printBook(session, cls, yearId);
    times.push(book.ms);
    console.log(
      `${cls.name}: ${subjects} subjects (loads) × ${students} students, ${lessons} lessons → ${book.pages} pages, ${book.kb} KB in ${seconds(book.ms)} (its data read apart: ${Math.round(reads.at(-1)!)} ms)`,
    );
  }
  const whole = performance.now() - wholeStarted - reads.reduce((s, t) => s + t, 0);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const slowest = Math.max(...times);
  console.log(
    `reading one class's year (bookData, on the database thread): slowest ${Math.round(Math.max(...reads))} ms`,
  );
  console.log(
    `one class's year book: slowest ${(slowest / 1000).toFixed(2)} s, mean ${(mean / 1000).toFixed(2)} s (goal ≤ 10 s)`,
  );
  if (sample.length === classes.length)
    console.log(
      `the whole school, ${classes.length} books, measured: ${(whole / 60_000).toFixed(1)} min (goal ≤ 10 min); per book: ${distribution(times)}`,
    );
  else
    console.log(
      `the whole school, ${classes.length} books, extrapolated from ${sample.length} (${classes.length} × mean): ${((classes.length * mean) / 60_000).toFixed(1)} min (goal ≤ 10 min)`,
    );
  db.close();
  if (BIG_CLASS) await bigClass();
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, load ${loadavg()[0]!.toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Minimum, median, 90th percentile and maximum of the books' times. */
function distribution(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `min ${seconds(sorted[0]!)}, median ${seconds(at(0.5))}, p90 ${seconds(at(0.9))}, max ${seconds(sorted.at(-1)!)}`;
}

/** The class: 35 students × 20 loads × ~170 lessons (bench/big-class.ts), its book printed. */
async function bigClass(): Promise<void> {
  const started = performance.now();
  const path = join(dir, 'big-class.sqlite');
  const { db } = openJournal(path, { storage: 'local' });
  try {
    await generateDemoSchool(db, { students: 385, seed: 1, today: TODAY, previousYear: false });
    const session = await asDeputy(db, NOW);
    const big = await enlargeClass(
      db,
      async (method, input) => {
        const r = await session.router.call(method, input, session.deputy);
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        return r.value;
      },
      { students: 35, loads: 20, today: TODAY },
    );
    const count = (sql: string) => (db.sqlite.prepare(sql).get(big.classId) as { n: number }).n;
    const marks = count(
      'SELECT count(*) AS n FROM mark m JOIN lesson s ON s.id = m.lesson_id JOIN teaching_load l ON l.id = s.load_id WHERE l.class_id = ?',
    );
    const absences = count(
      'SELECT count(*) AS n FROM absence a JOIN lesson s ON s.id = a.lesson_id JOIN teaching_load l ON l.id = s.load_id WHERE l.class_id = ?',
    );
    const finals = count(
      'SELECT count(*) AS n FROM final_mark f WHERE f.student_id IN (SELECT student_id FROM class_enrollment WHERE class_id = ?)',
    );
    console.log(
      `the issue's class ${big.name}: ${big.loads} loads × ${big.students} students, ${big.lessons} lessons (${big.addedLessons} added to the demo's), ${marks} marks, ${absences} absences, ${finals} period/year marks; built in ${seconds(performance.now() - started)}`,
    );
    for (let run = 1; run <= BIG_RUNS; run++) {
      const d = performance.now();
      bookData(db, { classId: big.classId });
      const read = performance.now() - d;
      const book = await printBook(session, { id: big.classId, name: big.name }, big.yearId);
      console.log(
        `the issue's class's year book, run ${run}: ${book.pages} pages, ${book.kb} KB in ${seconds(book.ms)}, CPU ${seconds(book.cpuMs)} (goal ≤ 10 s; its data read apart: ${Math.round(read)} ms; load ${loadavg()[0]!.toFixed(2)})`,
      );
      if (process.env.BENCH_BIG_PDF)
        writeFileSync(process.env.BENCH_BIG_PDF, Buffer.from(book.base64, 'base64'));
    }
  } finally {
    db.close();
  }
}
