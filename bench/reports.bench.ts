import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { generateDemoSchool } from '../src/main/demo/generate';
import type { Input, MethodName } from '../src/shared/api/contract';
import { asDeputy } from './deputy';

/**
 * Issue 10: every report for the whole school, through the router as the deputy asks for it (the
 * budget: each ≤ 2 s), on the demo generator's school (BENCH_STUDENTS, 2,000 by default) at the end
 * of its year, so every period has its marks:
 * - the сводная ведомость of every class (one call per class; the figure is the sum over the school),
 * - the итоги успеваемости of the school for each period (classes, parallels, every load),
 * - the посещаемость summary of the school for each month, and of every class for one month,
 * - the class teacher's report of every class for one period,
 * - reports.export of the school's итоги as PDF and as XLSX (build + render).
 * Each is run ROUNDS times; the median and the worst round are printed.
 *
 * BENCH_DB=<file>: measure on a copy of an existing school instead of building one.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NOW = new Date('2027-05-26T10:00:00Z');
const BUDGET_MS = 2000;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'journal-bench-reports-'));
  const path = join(dir, 'school.sqlite');
  try {
    const built = Date.now();
    if (process.env.BENCH_DB) copyFileSync(process.env.BENCH_DB, path);
    else {
      const { db } = openJournal(path, { storage: 'local' });
      await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: '2027-05-27' });
      db.close();
    }
    console.log(`school ready in ${Math.round((Date.now() - built) / 1000)} s`);
    const { db } = openJournal(path, { storage: 'local' });
    const { router, deputy: meta } = await asDeputy(db, NOW);
    const q = <T>(sql: string) => db.sqlite.prepare(sql).all() as T[];
    const year = q<{ id: number }>(
      "SELECT id FROM academic_year WHERE archived_at IS NULL AND starts_on <= '2027-05-26' ORDER BY starts_on DESC LIMIT 1",
    )[0]!.id;
    const classes = q<{ id: number; grade: number }>(
      `SELECT id, grade FROM class WHERE academic_year_id = ${year}`,
    );
    const periods = q<{ id: number; gradeFrom: number; gradeTo: number }>(
      `SELECT id, grade_from AS gradeFrom, grade_to AS gradeTo FROM period WHERE academic_year_id = ${year} ORDER BY grade_from, starts_on`,
    );
    const firstPeriodOf = (grade: number) =>
      periods.find((p) => p.gradeFrom <= grade && grade <= p.gradeTo)!.id;
    const months = [
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
    ];
    console.log(
      `${classes.length} classes, ${q<{ n: number }>('SELECT count(*) AS n FROM student')[0]!.n} students, ${q<{ n: number }>("SELECT count(*) AS n FROM final_mark WHERE kind = 'period'")[0]!.n} period marks`,
    );

    async function call<M extends MethodName>(method: M, input: Input<M>) {
      const r = await router.call(method, input, meta);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    }
    const cases: [string, () => Promise<unknown>][] = [
      [
        'сводная ведомость, every class',
        async () => {
          for (const c of classes) await call('reports.achievementLedger', { classId: c.id, yearId: year });
        },
      ],
      [
        'итоги успеваемости, school, every period',
        async () => {
          for (const p of periods) await call('reports.results', { periodId: p.id });
        },
      ],
      [
        'посещаемость, school summary, every month',
        async () => {
          for (const month of months) await call('reports.attendance', { yearId: year, month });
        },
      ],
      [
        'посещаемость, every class, one month',
        async () => {
          for (const c of classes)
            await call('reports.attendance', { yearId: year, month: '2027-03', classId: c.id });
        },
      ],
      [
        'отчёт классного руководителя, every class',
        async () => {
          for (const c of classes)
            await call('reports.classTeacher', { classId: c.id, periodId: firstPeriodOf(c.grade) });
        },
      ],
      [
        'итоги of the school (one period) as PDF',
        () =>
          call('reports.export', {
            report: { kind: 'results', params: { periodId: periods[0]!.id } },
            format: 'pdf',
          }),
      ],
      [
        'итоги of the school (one period) as XLSX',
        () =>
          call('reports.export', {
            report: { kind: 'results', params: { periodId: periods[0]!.id } },
            format: 'xlsx',
          }),
      ],
      [
        'сводная ведомость of one class as PDF',
        () =>
          call('reports.export', {
            report: { kind: 'achievementLedger', params: { classId: classes[0]!.id, yearId: year } },
            format: 'pdf',
          }),
      ],
    ];
    let over = false;
    for (const [name, run] of cases) {
      await run(); // warm-up: statements prepared, pdfmake and exceljs loaded
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const worst = times.at(-1)!;
      if (worst > BUDGET_MS) over = true;
      console.log(`${name}: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (${ROUNDS} rounds)`);
    }
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    db.close();
    if (over) {
      console.error(`a report took more than ${BUDGET_MS} ms`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
