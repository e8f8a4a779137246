import ExcelJS from 'exceljs';
import { RELATION_WORDS, ROLE_NAMES, STAFF_COLUMNS, STUDENT_COLUMNS } from '../../shared/import/columns';
import { fullName, type SchoolPlan } from './plan';

/**
 * The two lists a school's administrator imports, as .xlsx files with the template's headers: the
 * staff (with their roles) and the students with their classes and guardians.
 */

export async function staffFile(plan: SchoolPlan): Promise<Buffer> {
  const people = [plan.director, plan.deputy, plan.inspector, ...plan.teachers];
  return workbook(
    'Сотрудники',
    STAFF_COLUMNS.map((c) => c.header),
    people.map((m) => [
      m.person.lastName,
      m.person.firstName,
      m.person.middleName,
      m.roles.map((r) => ROLE_NAMES[r]).join(', '),
      m.email,
      m.phone,
    ]),
  );
}

export async function studentsFile(plan: SchoolPlan): Promise<Buffer> {
  const rows = plan.classes.flatMap((cls) =>
    cls.students.map((s) => {
      const [year, month, day] = s.birthDate.split('-').map(Number) as [number, number, number];
      const guardians = s.family.guardians.flatMap((g) => [
        fullName(g.person),
        RELATION_WORDS[g.relation],
        g.phone,
        g.email,
      ]);
      while (guardians.length < 8) guardians.push('');
      return [
        s.person.lastName,
        s.person.firstName,
        s.person.middleName,
        new Date(Date.UTC(year, month - 1, day)),
        s.female ? 'ж' : 'м',
        cls.name,
        ...guardians,
      ];
    }),
  );
  return workbook(
    'Ученики',
    STUDENT_COLUMNS.map((c) => c.header),
    rows,
  );
}

async function workbook(sheetName: string, headers: string[], rows: (string | Date)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
