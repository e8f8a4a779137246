import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, checked on the real import graph (docs/architecture.md, "Layout"): an arrow that
 * runs the wrong way fails here with the file and the import that broke the rule.
 */
const ROOT = resolve(import.meta.dirname, '..');
const FEATURES = [
  'auth',
  'journal',
  'diary',
  'school-year',
  'sync',
  'audit',
  'backups',
  'setup',
  'accounts',
  'import',
  'students',
  'timetable',
  'timeliness',
  'grading',
  'topic-plan',
  'periods',
];
const TRANSPORTS = ['host', 'electron', 'worker', 'remote'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Arrow {
  from: string;
  to: string;
  dynamic: boolean;
}

function arrows(): Arrow[] {
  const result: Arrow[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)) {
      const spec = m[2] ?? '';
      const to = relative(ROOT, resolve(dirname(file), spec));
      result.push({ from: relative(ROOT, file), to, dynamic: m[0].includes('(') });
    }
  }
  return result;
}

const under = (path: string, ...dirs: string[]) => dirs.some((d) => path === d || path.startsWith(`${d}/`));
const mainFeature = (path: string) => FEATURES.some((f) => under(path, `src/main/${f}`));
const broken = (rule: (a: Arrow) => boolean) =>
  arrows()
    .filter(rule)
    .map((a) => `${a.from} → ${a.to}`);

describe('layout rules on the import graph', () => {
  it('finds the arrows it checks (the scan is not empty)', () => {
    const all = arrows();
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContainEqual({
      from: 'src/main/features.ts',
      to: 'src/main/journal/cells',
      dynamic: false,
    });
  });

  it('shared code imports neither the main process nor the renderer', () => {
    expect(broken((a) => under(a.from, 'src/shared') && under(a.to, 'src/main', 'src/renderer'))).toEqual([]);
  });

  it('the renderer never imports the main process', () => {
    expect(broken((a) => under(a.from, 'src/renderer') && under(a.to, 'src/main'))).toEqual([]);
  });

  it('features never import a transport (HTTP host, Electron, worker)', () => {
    const transports = TRANSPORTS.map((t) => `src/main/${t}`);
    expect(broken((a) => mainFeature(a.from) && under(a.to, ...transports))).toEqual([]);
  });

  it('the router and the database layer import no feature and no transport', () => {
    const platform = (p: string) => under(p, 'src/main/router', 'src/main/db');
    const transports = TRANSPORTS.map((t) => `src/main/${t}`);
    expect(
      broken(
        (a) => platform(a.from) && (mainFeature(a.to) || under(a.to, ...transports, 'src/main/features')),
      ),
    ).toEqual([]);
  });

  it('the demo generator is never imported statically by what a real school starts', () => {
    expect(
      broken((a) => !a.dynamic && under(a.to, 'src/main/demo') && !under(a.from, 'src/main/demo')),
    ).toEqual([]);
  });

  it('one feature reaches another only through shared code, never main-process internals', () => {
    const featureOf = (p: string) => FEATURES.find((f) => under(p, `src/main/${f}`));
    // Three features are bases every other may use: school-year (the year, the period, settings),
    // auth (who the caller is, whose diary a family reads) and audit (the audit chain, which backups verify).
    expect(
      broken((a) => {
        const from = featureOf(a.from);
        const to = featureOf(a.to);
        // journal/rows.ts is how a lesson is first written: the timetable's generation writes lessons
        // exactly as the journal and the demo do.
        const sharedRows = a.to === 'src/main/journal/rows';
        return !!from && !!to && from !== to && !['school-year', 'auth', 'audit'].includes(to) && !sharedRows;
      }),
    ).toEqual([]);
  });
});
