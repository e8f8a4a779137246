import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, makeSchool, one, type School } from '../../../test/school';
import type { Output } from '../../shared/api/contract';
import { STAFF_COLUMNS, STUDENT_COLUMNS } from '../../shared/import/columns';
import { countsText, MAX_FILE_BYTES, type Preview } from '../../shared/import/contract';
import { MAX_BODY } from '../host/http';

/**
 * The import on the hand-made test school (test/fixtures.ts: classes 1А, 4А, 5А of 2026/2027, today
 * 20.11.2026), with real files made here with exceljs, and CSV in both encodings Excel writes.
 */

const HEADERS = STUDENT_COLUMNS.map((c) => c.header);
type Row = (string | number | Date | null)[];

async function xlsx(headers: string[], rows: Row[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Лист1');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

function csv(headers: string[], rows: Row[], encoding: 'utf8-bom' | 'utf8' | 'cp1251', sep = ';'): string {
  const cell = (v: Row[number]) => {
    const s = v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return s.includes(sep) || s.includes('"') ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const text = [headers, ...rows].map((r) => r.map(cell).join(sep)).join('\r\n');
  if (encoding === 'cp1251') return Buffer.from(encodeCp1251(text)).toString('base64');
  const bytes = Buffer.from(text, 'utf8');
  return (encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes).toString(
    'base64',
  );
}

/** Windows-1251 as Excel writes it (TextEncoder only writes UTF-8). */
function encodeCp1251(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((ch) => table.get(ch) ?? 0x3f));
}

const student = (
  last: string,
  first: string,
  middle: string,
  born: string | Date,
  sex: string,
  cls: string,
  g1: [string, string, string, string] | null = null,
  g2: [string, string, string, string] | null = null,
): Row => [last, first, middle, born, sex, cls, ...(g1 ?? ['', '', '', '']), ...(g2 ?? ['', '', '', ''])];

/** Two new brothers in 5А sharing both parents, and one student the school already has, unchanged. */
const FAMILY: Row[] = [
  student(
    'Орлов',
    'Иван',
    'Сергеевич',
    new Date(Date.UTC(2015, 3, 2)),
    'м',
    '5А',
    ['Орлова Анна Викторовна', 'мать', '8 (900) 555-01-01', 'Orlova@Example.ru'],
    ['Орлов Сергей Иванович', 'отец', '+7 900 555-01-02', ''],
  ),
  student(
    'Орлов',
    'Пётр',
    'Сергеевич',
    '14.09.2019',
    'м',
    '1 а',
    ['Орлова Анна Викторовна', 'мать', '+79005550101', ''],
    ['Орлов Сергей Иванович', 'отец', '89005550102', ''],
  ),
  // Already in 5А with this mother (test/fixtures.ts).
  student('Абрамов', 'Кирилл', 'Денисович', '17.01.2015', 'м', '5A', [
    'Абрамова Светлана Юрьевна',
    'мать',
    '+7 900 100-05-01',
    '',
  ]),
];

let school: School;
let token: string;
beforeEach(async () => {
  school = makeSchool();
  token = await school.login('admin');
});
afterEach(() => school.close());

async function preview(content: string, kind: 'students' | 'staff' = 'students', fileName = 'список.xlsx') {
  const r = await school.call('import.preview', { kind, fileName, content }, token);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Preview;
}

async function commit(
  content: string,
  options: { kind?: 'students' | 'staff'; fileName?: string; skipErrors?: boolean; hash?: string } = {},
) {
  const kind = options.kind ?? 'students';
  const fileName = options.fileName ?? 'список.xlsx';
  const previewHash = options.hash ?? (await preview(content, kind, fileName)).hash;
  return school.call(
    'import.commit',
    { kind, fileName, content, previewHash, skipErrors: options.skipErrors ?? false },
    token,
  );
}

/** Everything an import may write, to prove a refused or repeated one wrote nothing. */
function data(): string {
  const tables = ['student', 'class_enrollment', 'guardian', 'student_guardian', 'user_account', 'user_role'];
  return JSON.stringify(tables.map((t) => all(school.db, `SELECT * FROM ${t} ORDER BY rowid`)));
}
const auditCount = () => one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;

describe('students: preview', () => {
  it('lists every row with its fate; siblings share their parents; a known student is unchanged', async () => {
    const p = await preview(await xlsx(HEADERS, FAMILY));
    expect(p.year).toBe('2026/2027');
    expect(p.rows.map((r) => [r.row, r.fate, r.name, r.group])).toEqual([
      [2, 'new', 'Орлов Иван Сергеевич', '5А'],
      [3, 'new', 'Орлов Пётр Сергеевич', '1А'],
      [4, 'unchanged', 'Абрамов Кирилл Денисович', '5А'],
    ]);
    expect(p.rows[0]!.details).toEqual([
      'новый ученик 5А',
      'новый представитель: Орлова Анна Викторовна (мать)',
      'новый представитель: Орлов Сергей Иванович (отец)',
    ]);
    expect(p.rows[1]!.details).toEqual([
      'новый ученик 1А',
      'представитель: Орлова Анна Викторовна (мать), как в строке 2',
      'представитель: Орлов Сергей Иванович (отец), как в строке 2',
    ]);
    expect(p.counts).toEqual({ new: 2, updated: 0, unchanged: 1, error: 0 });
    expect(countsText(p.counts)).toBe('2 строки — новые, 1 строка — без изменений');
    expect(countsText({ new: 21, updated: 1, unchanged: 0, error: 5 })).toBe(
      '21 строка — новая, 1 строка — обновлена, 5 строк — с ошибками',
    );
    expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names each bad row and why, in Russian', async () => {
    const rows: Row[] = [
      student('', 'Анна', 'Ивановна', '01.02.2015', 'ж', '5А'),
      student('Смирнова', 'Анна', 'Ивановна', '31.02.2015', 'ж', '5А'),
      student('Смирнова', 'Анна', 'Ивановна', '01.02.2015', 'ж', '5Д'),
      student('Смирнова', 'Ольга', '', '01.02.2015', 'ж', '5А', ['Смирнова Ирина', 'мать', '12-34', '']),
      student('Смирнова', 'Вера', '', '01.02.2015', 'ж', '5А', ['Смирнова Ирина', 'мать', '', 'ирина@почта']),
      student('Смирнова', 'Дарья', '', '01.02.2015', 'ж', '5А'),
      student('смирнова', 'дарья', '', '01.02.2015', 'ж', '5 а'),
      student('Смирнова', 'Зоя', '', '01.02.2030', 'x', '5А', ['Смирнова Ирина', 'тётя', '', '']),
    ];
    const p = await preview(await xlsx(HEADERS, rows));
    expect(p.rows.map((r) => [r.row, r.fate, r.details])).toEqual([
      [2, 'error', ['не указано: фамилия']],
      [3, 'error', ['дата рождения: даты «31.02.2015» не существует']],
      [4, 'error', ['класса «5Д» нет в учебном году 2026/2027']],
      [
        5,
        'error',
        [
          'представитель 1: телефон «12-34» не похож на номер: нужно 10 цифр после +7 (например, +7 900 123-45-67)',
        ],
      ],
      [6, 'error', ['представитель 1: e-mail «ирина@почта» не похож на адрес электронной почты']],
      [7, 'new', ['новый ученик 5А']],
      [8, 'error', ['повторяет строку 7: тот же ученик с той же датой рождения']],
      [
        9,
        'error',
        [
          'дата рождения 01.02.2030 ещё не наступила',
          'пол «x»: укажите «м» или «ж»',
          'представитель 1: «кем приходится» — «тётя»; укажите мать, отец, опекун или другое',
        ],
      ],
    ]);
    expect(p.counts).toEqual({ new: 1, updated: 0, unchanged: 0, error: 7 });
  });

  it('reads the same list from .xlsx, UTF-8 CSV (with and without BOM, «;» or «,») and Windows-1251 CSV', async () => {
    const expected = (await preview(await xlsx(HEADERS, FAMILY))).rows;
    const hinted = Buffer.concat([
      Buffer.from('sep=,\r\n'),
      Buffer.from(csv(HEADERS, FAMILY, 'utf8', ','), 'base64'),
    ]);
    const withHint = await preview(hinted.toString('base64'), 'students', 'список.csv');
    expect(withHint.rows).toEqual(expected);
    for (const [encoding, sep] of [
      ['cp1251', ';'],
      ['utf8-bom', ';'],
      ['utf8', ','],
      ['cp1251', ','],
    ] as const) {
      const p = await preview(csv(HEADERS, FAMILY, encoding, sep), 'students', 'список.csv');
      expect(p.rows, `${encoding} ${sep}`).toEqual(expected);
    }
  });

  it('accepts the largest file the HTTP transport can carry, as base64 in a JSON call', () => {
    const base64 = Math.ceil(MAX_FILE_BYTES / 3) * 4;
    expect(base64 + 1000).toBeLessThan(MAX_BODY);
  });

  it('refuses what is not a list of students by the template, saying what to do', async () => {
    const refused = async (content: string, fileName: string) => {
      const r = await school.call('import.preview', { kind: 'students', fileName, content }, token);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
    expect(await refused(png, 'фото.png')).toBe(
      'Файл «фото.png» не таблица .xlsx или .csv: скачайте шаблон и заполните его',
    );
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).toString('base64');
    expect(await refused(xls, 'список.xls')).toMatch(
      /старом формате Excel \(\.xls\).*«Книга Excel \(\.xlsx\)»/,
    );
    expect(await refused(Buffer.from('PK\u0003\u0004garbage').toString('base64'), 'список.xlsx')).toMatch(
      /повреждён или это не книга Excel/,
    );
    expect(await refused(await xlsx(['Фамилия', 'Имя'], [['Орлов', 'Иван']]), 'список.xlsx')).toBe(
      'В первой строке файла нет столбцов «Дата рождения», «Класс»: это не список учеников по шаблону. Скачайте шаблон и перенесите данные в него',
    );
    const big = Buffer.alloc(800 * 1024, 0x41).toString('base64');
    expect(await refused(big, 'список.csv')).toMatch(/^Файл больше 700 КБ: разделите список на части/);
  });
});

describe('students: confirmation', () => {
  it('writes students, enrollments, guardians (one per family) and links; the same file again changes nothing', async () => {
    const content = await xlsx(HEADERS, FAMILY);
    const audits = auditCount();
    const r = await commit(content);
    expect(r).toEqual({
      ok: true,
      value: { counts: { new: 2, updated: 0, unchanged: 1, error: 0 }, skipped: 0 },
    });
    const orlovs = all<{
      id: number;
      name: string;
      birth_date: string;
      gender: string;
      class: string;
      enrolled_on: string;
    }>(
      school.db,
      `SELECT s.id, s.last_name || ' ' || s.first_name AS name, s.birth_date, s.gender, c.name AS class, e.enrolled_on
       FROM student s JOIN class_enrollment e ON e.student_id = s.id JOIN class c ON c.id = e.class_id
       WHERE s.search_name LIKE 'орлов %' ORDER BY s.birth_date`,
    );
    expect(orlovs.map(({ id: _, ...o }) => o)).toEqual([
      { name: 'Орлов Иван', birth_date: '2015-04-02', gender: 'm', class: '5А', enrolled_on: '2026-11-20' },
      { name: 'Орлов Пётр', birth_date: '2019-09-14', gender: 'm', class: '1А', enrolled_on: '2026-11-20' },
    ]);
    const guardians = all<{ name: string; phone: string; email: string | null; children: number }>(
      school.db,
      `SELECT g.last_name || ' ' || g.first_name AS name, g.phone, g.email, count(*) AS children
       FROM guardian g JOIN student_guardian sg ON sg.guardian_id = g.id WHERE g.search_name LIKE 'орлов%'
       GROUP BY g.id ORDER BY g.id`,
    );
    expect(guardians).toEqual([
      { name: 'Орлова Анна', phone: '+7 900 555-01-01', email: 'orlova@example.ru', children: 2 },
      { name: 'Орлов Сергей', phone: '+7 900 555-01-02', email: null, children: 2 },
    ]);
    // Audit: the two guardians, the two students, and the summary row naming the file.
    const rows = all<{ action: string; entity: string; after: string }>(
      school.db,
      'SELECT action, entity, after FROM audit_log WHERE id > ? ORDER BY id',
      audits,
    );
    expect(rows.map((a) => `${a.action} ${a.entity}`)).toEqual([
      'import.commit guardian',
      'import.commit guardian',
      'import.commit student',
      'import.commit student',
      'import.commit import',
    ]);
    expect(JSON.parse(rows[4]!.after)).toMatchObject({
      kind: 'students',
      fileName: 'список.xlsx',
      skipped: 0,
    });
    // Open screens of both classes are told (nobody's diary shows a new student yet).
    const topics = all<{ topic: string }>(school.db, 'SELECT topic FROM data_change').map((t) => t.topic);
    const classIds = all<{ id: number }>(
      school.db,
      "SELECT id FROM class WHERE name IN ('5А', '1А') ORDER BY name",
    ).map((c) => `class:${c.id}`);
    expect(topics.sort()).toEqual(classIds.sort());

    const before = data();
    const again = await preview(content);
    expect(again.rows.map((x) => x.fate)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await commit(content)).toMatchObject({ ok: true, value: { counts: { unchanged: 3, new: 0 } } });
    expect(data()).toBe(before);
  });

  it('enrolls new students from the day the administrator names, inside the year only', async () => {
    const content = await xlsx(HEADERS, FAMILY);
    const outside = await school.call(
      'import.preview',
      { kind: 'students', fileName: 'список.xlsx', content, enrolledOn: '2026-08-31' },
      token,
    );
    expect(outside.ok ? 'previewed' : outside.error).toMatchObject({
      field: 'enrolledOn',
      message: expect.stringMatching(/^Дата зачисления 31\.08\.2026 вне учебного года 2026\/2027/),
    });
    const before = data();
    const shown = await school.call(
      'import.preview',
      { kind: 'students', fileName: 'список.xlsx', content, enrolledOn: '2026-09-01' },
      token,
    );
    if (!shown.ok) throw new Error(shown.error.message);
    const seen = shown.value as Preview;
    expect(seen.enrolledOn).toBe('2026-09-01');
    // The date is part of what was confirmed: the preview of another date does not commit this one.
    const otherDay = await school.call(
      'import.commit',
      {
        kind: 'students',
        fileName: 'список.xlsx',
        content,
        previewHash: seen.hash,
        skipErrors: false,
      },
      token,
    );
    expect(otherDay.ok ? 'written' : otherDay.error.code).toBe('CONFLICT');
    expect(data()).toBe(before);
    const r = await school.call(
      'import.commit',
      {
        kind: 'students',
        fileName: 'список.xlsx',
        content,
        enrolledOn: '2026-09-01',
        previewHash: seen.hash,
        skipErrors: false,
      },
      token,
    );
    expect(r.ok ? 'written' : r.error).toBe('written');
    expect(
      all(
        school.db,
        `SELECT e.enrolled_on FROM class_enrollment e JOIN student s ON s.id = e.student_id
         WHERE s.search_name LIKE 'орлов %'`,
      ),
    ).toEqual([{ enrolled_on: '2026-09-01' }, { enrolled_on: '2026-09-01' }]);
  });

  it('updates a known student: a new guardian, a guardian of the school matched by name and phone, an e-mail', async () => {
    const rows: Row[] = [
      // Захарова Ирина Николаевна is already the mother of Максим (5А) and Полина (4А).
      student(
        'Захаров',
        'Максим',
        'Андреевич',
        '02.12.2014',
        'м',
        '5А',
        ['Захарова Ирина Николаевна', 'мать', '+7 900 100-04-01', 'zakharova@example.ru'],
        ['Захаров Андрей Петрович', 'отец', '+7 900 200-00-02', ''],
      ),
    ];
    const content = await xlsx(HEADERS, rows);
    const p = await preview(content);
    expect(p.rows[0]).toMatchObject({
      fate: 'updated',
      details: [
        'e-mail представителя Захарова Ирина Николаевна: zakharova@example.ru',
        'новый представитель: Захаров Андрей Петрович (отец)',
      ],
    });
    expect(await commit(content)).toMatchObject({ ok: true });
    expect(
      one(school.db, "SELECT count(*) AS n FROM guardian WHERE search_name = 'захарова ирина николаевна'"),
    ).toEqual({ n: 1 });
    expect(
      one(school.db, "SELECT email FROM guardian WHERE search_name = 'захарова ирина николаевна'"),
    ).toEqual({ email: 'zakharova@example.ru' });
    const maxim = one<{ id: number }>(
      school.db,
      "SELECT id FROM student WHERE search_name = 'захаров максим андреевич'",
    );
    expect(
      one(school.db, 'SELECT count(*) AS n FROM student_guardian WHERE student_id = ?', maxim.id),
    ).toEqual({ n: 2 });
    expect(
      one(school.db, 'SELECT count(*) AS n FROM class_enrollment WHERE student_id = ?', maxim.id),
    ).toEqual({ n: 1 });
    expect((await preview(content)).rows[0]!.fate).toBe('unchanged');
  });

  it("a known student's guardian with a new phone is updated, not added as a second guardian", async () => {
    const content = await xlsx(HEADERS, [
      student('Абрамов', 'Кирилл', 'Денисович', '17.01.2015', 'м', '5А', [
        'Абрамова Светлана Юрьевна',
        'мать',
        '8 900 999 99 99',
        '',
      ]),
    ]);
    const p = await preview(content);
    expect(p.rows[0]).toMatchObject({
      fate: 'updated',
      details: ['телефон представителя Абрамова Светлана Юрьевна: +7 900 999-99-99'],
    });
    expect(await commit(content)).toMatchObject({ ok: true });
    expect(
      all(school.db, "SELECT phone FROM guardian WHERE search_name = 'абрамова светлана юрьевна'"),
    ).toEqual([{ phone: '+7 900 999-99-99' }]);
    expect((await preview(content)).rows[0]!.fate).toBe('unchanged');
  });

  it('refuses a student already in another class: a transfer is not an import', async () => {
    const p = await preview(
      await xlsx(HEADERS, [student('Абрамов', 'Кирилл', 'Денисович', '17.01.2015', 'м', '4А')]),
    );
    expect(p.rows[0]).toMatchObject({
      fate: 'error',
      details: [
        'ученик уже в классе 5А: перевод в другой класс оформляется как движение учащегося, не загрузкой списка',
      ],
    });
  });

  it('a file with errors imports nothing (rolled back whole), unless the bad rows are skipped', async () => {
    const rows = [...FAMILY, student('Смирнова', 'Анна', '', '01.02.2015', 'ж', '5Д')];
    const content = await xlsx(HEADERS, rows);
    const before = data();
    const audits = auditCount();
    const refused = await commit(content);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        field: 'skipErrors',
        message:
          'В файле 1 строка с ошибками: исправьте их или отметьте «пропустить строки с ошибками». Ничего не загружено',
      },
    });
    expect(data()).toBe(before);
    expect(auditCount()).toBe(audits);

    const skipped = await commit(content, { skipErrors: true });
    expect(skipped).toEqual({
      ok: true,
      value: { counts: { new: 2, updated: 0, unchanged: 1, error: 1 }, skipped: 1 },
    });
    expect(one(school.db, "SELECT count(*) AS n FROM student WHERE search_name LIKE 'смирнова%'")).toEqual({
      n: 0,
    });
    expect(one(school.db, "SELECT count(*) AS n FROM student WHERE search_name LIKE 'орлов %'")).toEqual({
      n: 2,
    });
  });

  it('a failure in the middle of writing leaves nothing behind: students, guardians and audit rows roll back', async () => {
    const content = await xlsx(HEADERS, FAMILY);
    const shown = await preview(content);
    // The disk (or a constraint) fails at the second child's link to the father, after the guardians,
    // the first child and its links were written in this transaction.
    school.db.sqlite.exec(`CREATE TRIGGER fail_second_link BEFORE INSERT ON student_guardian
      WHEN NEW.relation = 'father' AND (SELECT count(*) FROM student WHERE search_name LIKE 'орлов %') = 2
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const before = data();
    const audits = auditCount();
    const changes = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM data_change').n;
    const r = await commit(content, { hash: shown.hash });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'Внутренняя ошибка. Изменения не сохранены.' },
    });
    expect(data()).toBe(before);
    expect(auditCount()).toBe(audits);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM data_change').n).toBe(changes);
    school.db.sqlite.exec('DROP TRIGGER fail_second_link');
    expect(await commit(content, { hash: shown.hash })).toMatchObject({ ok: true });
  });

  it('never applies a preview made on another state of the journal or of another file', async () => {
    const content = await xlsx(HEADERS, FAMILY);
    const shown = await preview(content);
    // Meanwhile another administrator loads one of the brothers.
    expect(await commit(await xlsx(HEADERS, [FAMILY[0]!]))).toMatchObject({ ok: true });
    const before = data();
    const stale = await commit(content, { hash: shown.hash });
    expect(stale).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'С момента предпросмотра файл или данные журнала изменились: посмотрите предпросмотр ещё раз',
      },
    });
    const other = await commit(await xlsx(HEADERS, FAMILY.slice(1)), { hash: (await preview(content)).hash });
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(data()).toBe(before);
  });

  it('the template is an .xlsx with the Russian headers that the import reads back', async () => {
    for (const kind of ['students', 'staff'] as const) {
      const r = await school.call('import.template', { kind }, token);
      if (!r.ok) throw new Error(r.error.message);
      const made = r.value as { fileName: string; content: string };
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(made.content, 'base64') as unknown as ArrayBuffer);
      const headers = (book.worksheets[0]!.getRow(1).values as string[]).slice(1);
      expect(headers).toEqual((kind === 'students' ? STUDENT_COLUMNS : STAFF_COLUMNS).map((c) => c.header));
      expect(headers.slice(0, 6)).toEqual(
        kind === 'students'
          ? ['Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Пол', 'Класс']
          : ['Фамилия', 'Имя', 'Отчество', 'Роли', 'E-mail', 'Телефон'],
      );
      // Its example row is read like any row: a valid new record.
      const p = await preview(made.content, kind, made.fileName);
      expect(p.rows.map((x) => x.fate)).toEqual(['new']);
    }
  });
});

describe('staff list', () => {
  const STAFF = STAFF_COLUMNS.map((c) => c.header);

  it('creates accounts without a usable password, adds roles to known staff, and is idempotent', async () => {
    const rows: Row[] = [
      ['Иванова', 'Анна', 'Сергеевна', 'учитель', 'ivanova@example.ru', '+7 900 300-00-01'],
      ['Иванова', 'Алла', 'Семёновна', 'Учитель, завуч', '', ''],
      ['Воронцова', 'Елена', 'Андреевна', 'учитель', '', ''],
      ['Соколов', 'Дмитрий', 'Павлович', 'учитель, инспектор', '', ''],
      ['Петров', 'Пётр', '', 'физрук', '', ''],
      ['Петров', 'Павел', '', 'классный руководитель', '', ''],
      ['иванова', 'анна', 'сергеевна', 'учитель', '', ''],
      ['Сидоров', 'Олег', '', '', 'не-почта', '123'],
    ];
    const content = await xlsx(STAFF, rows);
    const klassruk = await school.login('klassruk');
    expect(await school.call('auth.me', {}, klassruk)).toMatchObject({
      ok: true,
      value: { roles: ['teacher'] },
    });
    const p = await preview(content, 'staff');
    expect(p.rows.map((r) => [r.row, r.fate, r.group, r.details])).toEqual([
      [
        2,
        'new',
        'учитель',
        ['новая учётная запись, логин ivanova.as; пароль выдаётся при печати листка с доступом'],
      ],
      [
        3,
        'new',
        'учитель, завуч',
        ['новая учётная запись, логин ivanova.as2; пароль выдаётся при печати листка с доступом'],
      ],
      [4, 'unchanged', 'учитель', ['логин teacher']],
      [5, 'updated', 'учитель, инспектор', ['логин klassruk', 'добавляются роли: инспектор']],
      [
        6,
        'error',
        '',
        ['роль «физрук» неизвестна; допустимы: учитель, завуч, директор, администратор, инспектор'],
      ],
      [
        7,
        'error',
        '',
        [
          '«классный руководитель»: классного руководителя назначают в карточке класса; в списке укажите роль «учитель»',
        ],
      ],
      [8, 'error', 'учитель', ['повторяет строку 2: тот же сотрудник']],
      [
        9,
        'error',
        '',
        [
          'не указана ни одна роль (учитель, завуч, директор, администратор, инспектор)',
          'E-mail «не-почта» не похож на адрес электронной почты',
          'Телефон «123» не похож на номер: нужно 10 цифр после +7 (например, +7 900 123-45-67)',
        ],
      ],
    ]);
    const audits = auditCount();
    expect(await commit(content, { kind: 'staff', skipErrors: true })).toMatchObject({
      ok: true,
      value: { counts: { new: 2, updated: 1, unchanged: 1, error: 4 }, skipped: 4 },
    });
    const made = all(
      school.db,
      `SELECT u.login, u.password_hash, u.must_change_password, u.credentials_issued_at, (SELECT group_concat(role) FROM (SELECT role FROM user_role WHERE user_id = u.id ORDER BY role)) AS roles
       FROM user_account u WHERE u.login LIKE 'ivanova.%' ORDER BY u.login`,
    );
    expect(made).toEqual([
      {
        login: 'ivanova.as',
        password_hash: '!',
        must_change_password: 1,
        credentials_issued_at: null,
        roles: 'teacher',
      },
      {
        login: 'ivanova.as2',
        password_hash: '!',
        must_change_password: 1,
        credentials_issued_at: null,
        roles: 'deputy,teacher',
      },
    ]);
    expect(
      all(
        school.db,
        "SELECT role FROM user_role WHERE user_id = (SELECT id FROM user_account WHERE login = 'klassruk') ORDER BY role",
      ),
    ).toEqual([{ role: 'inspector' }, { role: 'teacher' }]);
    expect(
      all<{ entity: string }>(school.db, 'SELECT entity FROM audit_log WHERE id > ? ORDER BY id', audits).map(
        (a) => a.entity,
      ),
    ).toEqual(['user_account', 'user_account', 'user_account', 'import']);
    // A role added by the list counts at once for a person already signed in.
    expect(await school.call('auth.me', {}, klassruk)).toMatchObject({
      ok: true,
      value: { roles: expect.arrayContaining(['teacher', 'inspector']) },
    });
    // Nobody can sign in with an imported account before their slip is printed.
    const login = await school.call('auth.login', { login: 'ivanova.as', password: '!' }, null);
    expect(login.ok).toBe(false);

    const before = data();
    const again = await preview(content, 'staff');
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 4, error: 4 });
    expect(await commit(content, { kind: 'staff', skipErrors: true })).toMatchObject({ ok: true });
    expect(data()).toBe(before);
  });

  it("stores a person's e-mail and phone: new, updated, unchanged; a malformed address writes nothing", async () => {
    const contacts = (login: string) =>
      one<{ email: string | null; phone: string | null }>(
        school.db,
        'SELECT email, phone FROM user_account WHERE login = ?',
        login,
      );
    const first = await xlsx(STAFF, [
      ['Иванова', 'Анна', 'Сергеевна', 'учитель', 'Ivanova@Example.ru', '8 (900) 300-00-01'],
      // Known (test/fixtures.ts): the same roles, an address the journal does not have yet.
      ['Воронцова', 'Елена', 'Андреевна', 'учитель', 'vorontsova@school1.ru', ''],
      // Known, nothing new: empty cells change nothing.
      ['Андреева', 'Марина', 'Викторовна', 'директор', '', ''],
    ]);
    const p = await preview(first, 'staff');
    expect(p.rows.map((r) => [r.row, r.fate, r.details])).toEqual([
      [2, 'new', ['новая учётная запись, логин ivanova.as; пароль выдаётся при печати листка с доступом']],
      [3, 'updated', ['логин teacher', 'e-mail: vorontsova@school1.ru']],
      [4, 'unchanged', ['логин director']],
    ]);
    const audits = one<{ n: number }>(school.db, 'SELECT max(id) AS n FROM audit_log').n;
    expect(await commit(first, { kind: 'staff' })).toMatchObject({
      ok: true,
      value: { counts: { new: 1, updated: 1, unchanged: 1, error: 0 }, skipped: 0 },
    });
    // Stored as the staff screen stores them: a lower-case address, "+7 900 123-45-67".
    expect(contacts('ivanova.as')).toEqual({ email: 'ivanova@example.ru', phone: '+7 900 300-00-01' });
    expect(contacts('teacher')).toEqual({ email: 'vorontsova@school1.ru', phone: null });
    expect(contacts('director')).toEqual({ email: null, phone: null });
    const written = all<{ entity_id: number; before: string | null; after: string }>(
      school.db,
      "SELECT entity_id, before, after FROM audit_log WHERE id > ? AND entity = 'user_account' ORDER BY id",
      audits,
    );
    expect(written.map((a) => [a.before && JSON.parse(a.before), JSON.parse(a.after)])).toEqual([
      [
        null,
        expect.objectContaining({
          login: 'ivanova.as',
          email: 'ivanova@example.ru',
          phone: '+7 900 300-00-01',
        }),
      ],
      [
        { login: 'teacher', roles: ['teacher'], email: null, phone: null },
        expect.objectContaining({ login: 'teacher', email: 'vorontsova@school1.ru', phone: null, row: 3 }),
      ],
    ]);
    // The accounts screen shows what the list brought.
    const listed = await school.call('accounts.staff', {}, token);
    const staff = listed.ok ? (listed.value as Output<'accounts.staff'>).staff : [];
    expect(staff.find((s) => s.login === 'ivanova.as')).toMatchObject({
      email: 'ivanova@example.ru',
      phone: '+7 900 300-00-01',
    });

    // The same file again changes nothing.
    let before = data();
    const again = await preview(first, 'staff');
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, error: 0 });
    expect(await commit(first, { kind: 'staff' })).toMatchObject({ ok: true });
    expect(data()).toBe(before);

    // A new number is an update (with the old one named); the same number written otherwise is not;
    // an empty e-mail cell keeps the address.
    const second = await xlsx(STAFF, [
      ['Иванова', 'Анна', 'Сергеевна', 'учитель', '', '+79003000001'],
      ['Воронцова', 'Елена', 'Андреевна', 'учитель', '', '+7 900 300-00-09'],
    ]);
    expect((await preview(second, 'staff')).rows.map((r) => [r.fate, r.details])).toEqual([
      ['unchanged', ['логин ivanova.as']],
      ['updated', ['логин teacher', 'телефон: +7 900 300-00-09']],
    ]);
    expect(await commit(second, { kind: 'staff' })).toMatchObject({ ok: true });
    expect(contacts('teacher')).toEqual({ email: 'vorontsova@school1.ru', phone: '+7 900 300-00-09' });
    const third = await xlsx(STAFF, [
      ['Воронцова', 'Елена', 'Андреевна', 'учитель', 'e.vorontsova@school1.ru', ''],
    ]);
    expect((await preview(third, 'staff')).rows[0]?.details).toEqual([
      'логин teacher',
      'e-mail: e.vorontsova@school1.ru (было vorontsova@school1.ru)',
    ]);

    // A malformed address: the row is an error naming the column, and the file is refused whole.
    const bad = await xlsx(STAFF, [
      ['Петрова', 'Ольга', 'Ивановна', 'учитель', 'petrova@mail.ru', ''],
      ['Воронцова', 'Елена', 'Андреевна', 'учитель', 'vorontsova@school1', ''],
    ]);
    const refused = await preview(bad, 'staff');
    expect(refused.rows.map((r) => [r.row, r.fate, r.details])).toEqual([
      [2, 'new', ['новая учётная запись, логин petrova.oi; пароль выдаётся при печати листка с доступом']],
      [3, 'error', ['E-mail «vorontsova@school1» не похож на адрес электронной почты']],
    ]);
    before = data();
    const count = auditCount();
    expect(await commit(bad, { kind: 'staff' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        message:
          'В файле 1 строка с ошибками: исправьте их или отметьте «пропустить строки с ошибками». Ничего не загружено',
      },
    });
    expect(data()).toBe(before);
    expect(auditCount()).toBe(count);
  });
});
