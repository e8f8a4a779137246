import { describe } from 'vitest';
import { type Actor, accessMatrix, methodsOf } from '../../../test/access-matrix';

/**
 * The import's rows of the access policy matrix (src/main/journal/access.test.ts has the others):
 * every method × every kind of user. An import concerns the whole school, so there is no own or
 * foreign target: only the administrator (DESIGN.md: «users and credentials») may load lists.
 * Expectations written by hand, not computed from the contract.
 */
const IMPORT_METHODS = methodsOf('import');

const ALLOWED: Record<(typeof IMPORT_METHODS)[number], Actor[]> = {
  'import.template': ['admin'],
  'import.preview': ['admin'],
  'import.commit': ['admin'],
};

// A one-row list in UTF-8 CSV: a new student of 5А, so that an allowed confirmation writes.
const CSV = Buffer.from(
  'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс\nЛебедев;Илья;Олегович;05.05.2015;м;5А\n',
).toString('base64');

let previewHash = '';

function inputFor(method: keyof typeof ALLOWED): Record<string, unknown> {
  const file = { kind: 'students', fileName: 'класс.csv', content: CSV };
  if (method === 'import.template') return { kind: 'students' };
  if (method === 'import.preview') return file;
  return { ...file, previewHash, skipErrors: false };
}

describe('import: access policy matrix', () => {
  // The allowed confirmation runs last of its method (the admin comes first): it changes the journal.
  accessMatrix({
    methods: IMPORT_METHODS,
    allowed: ALLOWED,
    async setup(school, token) {
      const p = await school.call(
        'import.preview',
        { kind: 'students', fileName: 'класс.csv', content: CSV },
        token('admin'),
      );
      if (!p.ok) throw new Error(p.error.message);
      previewHash = (p.value as { hash: string }).hash;
    },
    inputFor,
    // An allowed confirmation writes the one student of the list; a refused one writes nobody.
    written: { label: 'students written', count: 'SELECT count(*) AS n FROM student', byAllowedWrite: 1 },
  });
});
