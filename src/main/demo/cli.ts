import { rmSync } from 'node:fs';
import { localIsoDate } from '../../shared/i18n/dates';
import { writeDemoFile } from './generate';

/** npm run demo -- <file> [students] [seed]: writes a fresh demo school to a file. */
const [file = 'data/demo.sqlite', students = '550', seed = '2026'] = process.argv.slice(2);
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
const started = performance.now();
writeDemoFile(file, { students: Number(students), seed: Number(seed), today: localIsoDate(new Date()) }).then(
  ({ accounts, ...counts }) =>
    console.log(`${file}: ${JSON.stringify(counts)} in ${Math.round(performance.now() - started)} ms`),
);
