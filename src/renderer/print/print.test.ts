import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestText } from './files';
import { classesOf, periodNames, periodOfClass } from './scope';

const targets = [
  { id: 1, name: '5А', grade: 5 },
  { id: 2, name: '5Б', grade: 5 },
  { id: 3, name: '10А', grade: 10 },
];
const period = (id: number, name: string, gradeFrom: number, gradeTo: number) => ({
  id,
  name,
  gradeFrom,
  gradeTo,
});
// A school with четверти in grades 1–9 and полугодия in 10–11, in calendar order as print.bookTargets lists them.
const periods = [
  period(10, 'I четверть', 1, 9),
  period(20, 'I полугодие', 10, 11),
  period(11, 'II четверть', 1, 9),
];

describe('what the deputy prints at once', () => {
  it('takes one class, a parallel or the whole school', () => {
    expect(classesOf(targets, { kind: 'class', classId: 2 }).map((c) => c.name)).toEqual(['5Б']);
    expect(classesOf(targets, { kind: 'parallel', grade: 5 }).map((c) => c.name)).toEqual(['5А', '5Б']);
    expect(classesOf(targets, { kind: 'school' })).toHaveLength(3);
  });

  it('offers each period name once and finds each class its own', () => {
    expect(periodNames(periods)).toEqual(['I четверть', 'I полугодие', 'II четверть']);
    expect(periodOfClass(periods, 'I четверть', 5)?.id).toBe(10);
    expect(periodOfClass(periods, 'I полугодие', 10)?.id).toBe(20);
    expect(periodOfClass(periods, 'I четверть', 10)).toBeNull();
  });
});

describe('manifest.sha256', () => {
  it('is what sha256sum -c accepts for the files beside it, and refuses a changed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      const files = [
        { fileName: '2025-2026 5А Журнал.pdf', content: '%PDF-1.7 один' },
        { fileName: '2025-2026 5Б Журнал.pdf', content: '%PDF-1.7 два' },
      ].map((f) => {
        writeFileSync(join(dir, f.fileName), f.content);
        return { fileName: f.fileName, sha256: createHash('sha256').update(f.content).digest('hex') };
      });
      writeFileSync(join(dir, 'manifest.sha256'), manifestText(files));
      const check = () => spawnSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: dir, encoding: 'utf8' });
      const ok = check();
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('2025-2026 5Б Журнал.pdf: OK');
      writeFileSync(join(dir, files[1]!.fileName), 'подмена');
      expect(check().status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
