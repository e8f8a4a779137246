import { rmSync } from 'node:fs';
import { localIsoDate } from '../../shared/i18n/dates';
import { openJournal } from '../db/migrate';
import { generateDemoSchool } from './generate';

/** npm run demo -- <file> [students] [seed]: writes a fresh demo school to a file. */
const [file = 'data/demo.sqlite', students = '550', seed = '2026'] = process.argv.slice(2);
rmSync(file, { force: true });
for (const suffix of ['-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
const started = performance.now();
const { db } = openJournal(file);
const summary = generateDemoSchool(db, {
  students: Number(students),
  seed: Number(seed),
  today: localIsoDate(new Date()),
  lessonsUntil: 'period',
});
db.close();
const { accounts, ...counts } = summary;
console.log(`${file}: ${JSON.stringify(counts)} in ${Math.round(performance.now() - started)} ms`);
