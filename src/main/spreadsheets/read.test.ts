import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet } from './read';

const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = (fileName: string, bytes: Uint8Array) =>
  readSheet(fileName, bytes, { maxRows: 10 }).then(
    () => '',
    (e: Error) => e.message,
  );

describe('reading a spreadsheet file', () => {
  it('gives a .csv its filled rows with the numbers Excel shows, quoted fields whole', async () => {
    const csv = 'sep=,\r\nФамилия,Имя\r\n\r\n"Орлов, старший","Иван\nИванович"\r\n , \r\nПетров,Пётр';
    expect(await readSheet('список.csv', utf8(csv), { maxRows: 10 })).toEqual([
      { row: 1, values: ['Фамилия', 'Имя'] },
      { row: 3, values: ['Орлов, старший', 'Иван\nИванович'] },
      { row: 6, values: ['Петров', 'Пётр'] },
    ]);
  });

  it('reads an .xlsx sheet with dates and formulas by what they show, and stops one row past the limit', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Лист');
    sheet.addRow(['Дата', 'Сумма']);
    sheet.addRow([new Date(Date.UTC(2026, 8, 1)), { formula: '1+1', result: 2 }]);
    for (let i = 0; i < 5; i++) sheet.addRow([`строка ${i}`]);
    const bytes = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
    const rows = await readSheet('список.xlsx', bytes, { maxRows: 3 });
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rows[1]?.values).toEqual([new Date(Date.UTC(2026, 8, 1)), 2]);
  });

  it('refuses what is not a table in Russian, naming the file', async () => {
    expect(await refusal('список.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).toMatch(
      /^Файл «список.xls» в старом формате Excel \(\.xls\)/,
    );
    expect(await refusal('фото.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBe(
      'Файл «фото.png» не таблица .xlsx или .csv: скачайте шаблон и заполните его',
    );
    expect(await refusal('пусто.csv', utf8(';;\r\n\r\n'))).toBe('В файле «пусто.csv» нет ни одной строки');
  });
});
