import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../src/main/db/migrate';
import { generateDemoSchool } from '../src/main/demo/generate';
import { pdfPages } from '../src/main/print/pdf-pages';
import { asDeputy } from './deputy';

/**
 * Issue 10: a class's weekly paper diaries (бумажные дневники) in one PDF, `diary.classWeekPdf` for
 * the largest class of the demo school (the whole class, not only paper families), through the router
 * as the deputy: the week's data of every student, the layout and pdfmake's rendering. Target ≤ 3 s.
 */
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TODAY = '2026-11-20';
const NOW = new Date(`${TODAY}T10:00:00Z`);

const dir = mkdtempSync(join(tmpdir(), 'bench-week-diaries-'));
try {
  const path = join(dir, 'journal.sqlite');
  const { db } = openJournal(path, { storage: 'local' });
  await generateDemoSchool(db, { students: STUDENTS, seed: 1, today: TODAY });
  const { router, deputy: staff } = await asDeputy(db, NOW);
  // The class with the most students in the week of TODAY (Monday 16 – Sunday 22 November), as printed.
  const cls = db.sqlite
    .prepare(
      `SELECT c.id, c.name, count(*) AS n FROM class c JOIN class_enrollment e ON e.class_id = c.id
       WHERE e.enrolled_on <= '2026-11-22' AND (e.left_on IS NULL OR e.left_on >= '2026-11-16')
       GROUP BY c.id ORDER BY n DESC LIMIT 1`,
    )
    .get() as { id: number; name: string; n: number };
  const times: number[] = [];
  let bytes = 0;
  let pages = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    const r = await router.call(
      'diary.classWeekPdf',
      { classId: cls.id, date: TODAY, onlyPaper: false },
      staff,
    );
    if (!r.ok) throw new Error(r.error.message);
    // The first run loads pdfmake and its fonts: reported apart.
    if (i > 0) times.push(performance.now() - started);
    else console.log(`first call (pdfmake loaded): ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const pdf = Buffer.from((r.value as { base64: string }).base64, 'base64');
    bytes = pdf.length;
    pages = pdfPages(pdf);
    if (pages !== Math.ceil(cls.n / 2))
      throw new Error(`${cls.name}: ${pages} pages for ${cls.n} students, not two a sheet`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `week diaries of ${cls.name} (${cls.n} students, ${Math.round(bytes / 1024)} KB PDF, ${pages} A4 sheets): median ${(median / 1000).toFixed(2)} s, max ${(times.at(-1)! / 1000).toFixed(2)} s over ${RUNS} runs; ${cpus().length} × ${cpus()[0]?.model}`,
  );
  db.close();
  if (median > 3000) {
    console.error('slower than the 3 s target');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
