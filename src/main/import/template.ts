import { STAFF_COLUMNS, STUDENT_COLUMNS } from '../../shared/import/columns';
import type { ImportKind } from '../../shared/import/contract';

/**
 * The template the administrator fills in: the headers the import reads, one example row (which the
 * import would read like any other, so the sheet says to replace it), text-formatted phone columns
 * (Excel would otherwise drop a leading 8 or turn +7… into a formula) and a date-formatted birth date.
 */
export async function template(kind: ImportKind): Promise<{ fileName: string; content: string }> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Школьный журнал';
  const columns = kind === 'students' ? STUDENT_COLUMNS : STAFF_COLUMNS;
  const sheet = book.addWorksheet(kind === 'students' ? 'Ученики' : 'Сотрудники', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.max(14, c.header.length + 4),
    style: /Phone|phone/.test(c.field)
      ? { numFmt: '@' }
      : c.field === 'birthDate'
        ? { numFmt: 'dd.mm.yyyy' }
        : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  columns.forEach((c, i) => {
    if (c.required)
      header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  if (kind === 'students') {
    sheet.addRow({
      lastName: 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
      birthDate: new Date(Date.UTC(2015, 2, 8)),
      gender: 'ж',
      className: '5А',
      g1Name: 'Иванова Анна Сергеевна',
      g1Relation: 'мать',
      g1Phone: '+7 900 123-45-67',
      g1Email: 'ivanova@example.ru',
      g2Name: 'Иванов Пётр Ильич',
      g2Relation: 'отец',
      g2Phone: '+7 900 765-43-21',
      g2Email: '',
    });
  } else {
    sheet.addRow({
      lastName: 'Петрова',
      firstName: 'Ольга',
      middleName: 'Ивановна',
      roles: 'учитель, завуч',
      email: 'petrova@example.ru',
      phone: '+7 900 111-22-33',
    });
  }
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  const notes = book.addWorksheet('Как заполнять');
  const lines =
    kind === 'students'
      ? [
          'Одна строка — один ученик. Строку-образец на листе «Ученики» замените своими данными.',
          'Обязательные столбцы выделены цветом: Фамилия, Имя, Дата рождения, Класс.',
          'Дата рождения — дата Excel или текст ДД.ММ.ГГГГ. Пол — «м» или «ж».',
          'Класс — как в журнале текущего учебного года: «5А» (можно «5 а»). Класс должен уже существовать.',
          'Представителей (родителей) — до двух; «кем приходится»: мать, отец, опекун или другое.',
          'Телефон — 10 цифр после +7. Один родитель нескольких детей указывается с тем же ФИО и телефоном.',
          'Ученик с теми же ФИО и датой рождения, что уже есть в журнале, не дублируется: обновляются класс и представители.',
          'Можно сохранить и как CSV (разделитель «;» или «,», кодировка Windows-1251 или UTF-8).',
        ]
      : [
          'Одна строка — один сотрудник. Строку-образец на листе «Сотрудники» замените своими данными.',
          'Роли через запятую: учитель, завуч, директор, администратор, инспектор.',
          'Классного руководителя назначают в карточке класса; в списке у него роль «учитель».',
          'Логин составляется из ФИО; пароль выдаётся на листке с доступом при печати.',
          'Сотрудник с теми же ФИО, что уже есть в журнале, не дублируется: ему добавляются роли из списка.',
        ];
  notes.getColumn(1).width = 110;
  for (const line of lines) notes.addRow([line]);
  const buffer = await book.xlsx.writeBuffer();
  return {
    fileName: kind === 'students' ? 'Шаблон — ученики.xlsx' : 'Шаблон — сотрудники.xlsx',
    content: Buffer.from(buffer as ArrayBuffer).toString('base64'),
  };
}
