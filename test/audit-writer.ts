/**
 * A second computer writing to the same journal file: its own process, its own connection and
 * router, setting `count` marks on one cell (src/main/audit/chain.test.ts runs two at once).
 * Usage: node --import tsx test/audit-writer.ts <file> <token> <lessonId> <studentId> <count> <now>
 */
import { openJournal } from '../src/main/db/migrate';
import { features } from '../src/main/features';
import { createRouter } from '../src/main/router/router';

const [path, token, lessonArg, studentArg, countArg, nowArg] = process.argv.slice(2);
const now = new Date(nowArg ?? '');
const lessonId = Number(lessonArg);
const studentId = Number(studentArg);
const { db } = openJournal(path ?? '');
const router = createRouter(db, features, { clock: () => now });
const version = db.sqlite.prepare(
  'SELECT version FROM mark WHERE lesson_id = ? AND student_id = ? AND slot = 1',
);
// Both writers start together: each says it is ready, then waits for the test's word on stdin.
process.stdout.write('ready\n');
await new Promise((go) => process.stdin.once('data', go));
let written = 0;
for (let i = 0; i < Number(countArg); i++) {
  const current = version.get(lessonId, studentId) as { version: number } | undefined;
  const r = await router.call(
    'journal.setMark',
    { lessonId, studentId, value: String(3 + (i % 3)), expectedVersion: current?.version ?? null },
    { token: token ?? null, door: 'staff' },
  );
  if (!r.ok) throw new Error(r.error.message);
  written++;
  // A breath between writes, as between a teacher's keystrokes, so that the other writer gets turns.
  await new Promise((r) => setTimeout(r, 1));
}
db.close();
process.stdout.write(`${written}\n`);
process.exit(0);
