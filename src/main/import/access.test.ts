import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool, one, type School } from '../../../test/school';
import { api, type MethodName } from '../../shared/api/contract';
import type { Door } from '../router/context';

/**
 * The import's rows of the access policy matrix (src/main/journal/access.test.ts has the others):
 * every method × every kind of user. An import concerns the whole school, so there is no own or
 * foreign target: only the administrator (DESIGN.md: «users and credentials») may load lists.
 * Expectations written by hand, not computed from the contract.
 */
type Actor =
  | 'admin'
  | 'director'
  | 'deputy'
  | 'inspector'
  | 'teacher'
  | 'classTeacher'
  | 'parent'
  | 'student'
  | 'anonymous';

const LOGINS: Record<Exclude<Actor, 'anonymous'>, [string, Door]> = {
  admin: ['admin', 'staff'],
  director: ['director', 'staff'],
  deputy: ['zavuch', 'staff'],
  inspector: ['inspector', 'staff'],
  teacher: ['teacher', 'staff'],
  classTeacher: ['klassruk', 'staff'],
  parent: ['roditel', 'family'],
  student: ['uchenik', 'family'],
};
const ACTORS = [...Object.keys(LOGINS), 'anonymous'] as Actor[];

const ALLOWED: Record<Extract<MethodName, `import.${string}`>, Actor[]> = {
  'import.template': ['admin'],
  'import.preview': ['admin'],
  'import.commit': ['admin'],
};

// A one-row list in UTF-8 CSV: a new student of 5А, so that an allowed confirmation writes.
const CSV = Buffer.from(
  'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс\nЛебедев;Илья;Олегович;05.05.2015;м;5А\n',
).toString('base64');

let school: School;
const tokens = new Map<Actor, string | null>();
let previewHash = '';

beforeAll(async () => {
  school = makeSchool();
  for (const [actor, [login, door]] of Object.entries(LOGINS))
    tokens.set(actor as Actor, await school.login(login, door));
  tokens.set('anonymous', null);
  const p = await school.call(
    'import.preview',
    { kind: 'students', fileName: 'класс.csv', content: CSV },
    tokens.get('admin')!,
  );
  if (!p.ok) throw new Error(p.error.message);
  previewHash = (p.value as { hash: string }).hash;
});
afterAll(() => school.close());

function inputFor(method: keyof typeof ALLOWED): Record<string, unknown> {
  const file = { kind: 'students', fileName: 'класс.csv', content: CSV };
  if (method === 'import.template') return { kind: 'students' };
  if (method === 'import.preview') return file;
  return { ...file, previewHash, skipErrors: false };
}

describe('import: access policy matrix', () => {
  const cases = (Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]).flatMap((m) =>
    ACTORS.map((a) => [m, a] as const),
  );
  // The allowed confirmation runs last of its method (the admin comes first): it changes the journal.
  it.each(cases)('%s by %s', async (method, actor) => {
    const allowed = ALLOWED[method].includes(actor);
    const door = actor === 'anonymous' ? 'staff' : LOGINS[actor][1];
    const audits = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const students = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM student').n;
    const r = await school.call(method, inputFor(method) as never, tokens.get(actor) ?? null, door);
    const audited = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n - audits;
    const added = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM student').n - students;
    if (allowed) {
      expect(r.ok ? 'allowed' : r.error).toBe('allowed');
      if (api[method].write) {
        expect(audited, 'audit rows').toBeGreaterThan(0);
        expect(added, 'students written').toBe(1);
      } else expect(audited, 'audit rows').toBe(0);
    } else {
      expect(
        r.ok
          ? 'allowed'
          : ['FORBIDDEN', 'UNAUTHENTICATED', 'UNKNOWN_METHOD'].includes(r.error.code)
            ? 'refused'
            : r.error,
      ).toBe('refused');
      expect(audited, 'audit rows').toBe(0);
      expect(added, 'students written').toBe(0);
    }
  });

  it('names every import method of the contract', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(
      Object.keys(api)
        .filter((m) => m.startsWith('import.'))
        .sort(),
    );
  });
});
