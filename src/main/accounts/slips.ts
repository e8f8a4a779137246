import { ROLE_TITLES } from '../../shared/auth/roles';
import { formatDate } from '../../shared/i18n/dates';
import type { Content, TDocumentDefinitions } from '../print/pdf';
import { mm } from '../print/pdf';

/**
 * The paper that hands out credentials (004 §3.3): slips to cut apart, one per person, eight to an
 * A4 page, and the issue register (ведомость выдачи) the recipients sign. Both are in one document,
 * made by the same print, so the register lists exactly the slips printed with it.
 */

export interface Slip {
  name: string;
  /** What the person is at school: «Учитель, Администратор ЭЖ», «ученик 5А», «родитель: Захаров Максим (5А)». */
  detail: string;
  kind: 'staff' | 'parent' | 'student';
  login: string;
  password: string;
}

export interface SlipsDocument {
  schoolName: string;
  /** The day of printing (ISO date). */
  issuedOn: string;
  diaryAddress: string;
  staffAddress: string;
  issuedBy: string;
  slips: readonly Slip[];
}

const COLUMNS = 2;
const ROWS = 4;
/** Four rows of 68 mm fit between 8 mm margins (281 mm) with room for the lines. */
const MARGIN = mm(8);
const SLIP_HEIGHT = mm(68);

function signIn(slip: Slip, doc: SlipsDocument): string {
  if (slip.kind === 'staff')
    return doc.staffAddress
      ? `Программа «Школьный журнал»: ${doc.staffAddress}`
      : 'Программа «Школьный журнал» на компьютерах школы';
  return doc.diaryAddress
    ? `Электронный дневник: ${doc.diaryAddress}`
    : 'Электронный дневник: адрес сообщит классный руководитель';
}

const INSTRUCTION =
  'Войдите с этим логином и временным паролем: программа сразу попросит придумать свой пароль (не короче 8 символов). ' +
  'Никому не сообщайте пароль. Забыли пароль — обратитесь к администратору электронного журнала.';

function slipCell(slip: Slip, doc: SlipsDocument): Content {
  return {
    stack: [
      { text: doc.schoolName, fontSize: 8, color: '#444444' },
      {
        text: slip.kind === 'staff' ? 'Доступ к электронному журналу' : 'Доступ к электронному дневнику',
        fontSize: 8,
        color: '#444444',
        margin: [0, 0, 0, 4],
      },
      { text: slip.name, bold: true, fontSize: 12 },
      { text: slip.detail, fontSize: 9, margin: [0, 0, 0, 6] },
      {
        table: {
          widths: [mm(30), '*'],
          body: [
            [
              { text: 'Логин', fontSize: 9, margin: [0, 3, 0, 0] },
              { text: slip.login, fontSize: 13, bold: true },
            ],
            [
              { text: 'Временный пароль', fontSize: 9, margin: [0, 3, 0, 0] },
              { text: slip.password, fontSize: 13, bold: true },
            ],
          ],
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 6],
      },
      { text: signIn(slip, doc), fontSize: 9, margin: [0, 0, 0, 4] },
      { text: INSTRUCTION, fontSize: 7.5, color: '#333333' },
      { text: `Выдано ${formatDate(doc.issuedOn)}`, fontSize: 7.5, color: '#444444', margin: [0, 3, 0, 0] },
    ],
    margin: [mm(4), mm(3.5), mm(4), 0],
  };
}

/** Dashed lines around every slip: where the scissors go. */
const CUT_LINES = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  hLineColor: () => '#777777',
  vLineColor: () => '#777777',
  hLineStyle: () => ({ dash: { length: 4, space: 3 } }),
  vLineStyle: () => ({ dash: { length: 4, space: 3 } }),
  paddingLeft: () => 0,
  paddingRight: () => 0,
  paddingTop: () => 0,
  paddingBottom: () => 0,
};

function slipPages(doc: SlipsDocument): Content[] {
  const perPage = COLUMNS * ROWS;
  const pages: Content[] = [];
  for (let first = 0; first < doc.slips.length; first += perPage) {
    const onPage = doc.slips.slice(first, first + perPage);
    const body: Content[][] = [];
    for (let r = 0; r < onPage.length; r += COLUMNS) {
      const row = onPage.slice(r, r + COLUMNS).map((s) => slipCell(s, doc));
      while (row.length < COLUMNS) row.push({ text: '' });
      body.push(row);
    }
    pages.push({
      table: { widths: Array(COLUMNS).fill('*'), heights: SLIP_HEIGHT, dontBreakRows: true, body },
      layout: CUT_LINES,
      ...(first > 0 ? { pageBreak: 'before' as const } : {}),
    });
  }
  return pages;
}

function register(doc: SlipsDocument): Content[] {
  const header = ['№', 'Фамилия, имя, отчество', 'Кто', 'Логин', 'Дата выдачи', 'Подпись получателя'].map(
    (text) => ({ text, bold: true, fontSize: 9 }),
  );
  return [
    {
      text: 'Ведомость выдачи реквизитов доступа к электронному журналу (электронному дневнику)',
      bold: true,
      fontSize: 12,
      alignment: 'center',
      pageBreak: 'before',
      margin: [0, 0, 0, 4],
    },
    { text: doc.schoolName, alignment: 'center', margin: [0, 0, 0, 2] },
    {
      text: `Логины и временные пароли напечатаны ${formatDate(doc.issuedOn)}. Получатель расписывается в получении.`,
      fontSize: 9,
      alignment: 'center',
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [mm(8), '*', mm(38), mm(30), mm(20), mm(34)],
        heights: (row: number) => (row === 0 ? 0 : mm(9)),
        body: [
          header,
          ...doc.slips.map((s, i) => [
            { text: String(i + 1), fontSize: 9 },
            { text: s.name, fontSize: 9 },
            { text: s.detail, fontSize: 8 },
            { text: s.login, fontSize: 9 },
            { text: formatDate(doc.issuedOn), fontSize: 9 },
            { text: '' },
          ]),
        ],
      },
    },
    {
      text: `Выдал: ${doc.issuedBy} ____________________ (подпись)`,
      margin: [0, 14, 0, 0],
      fontSize: 10,
    },
  ];
}

export function slipsDocument(doc: SlipsDocument): TDocumentDefinitions {
  return {
    info: { title: `Реквизиты доступа, ${formatDate(doc.issuedOn)}`, author: doc.schoolName },
    pageMargins: MARGIN,
    content: [...slipPages(doc), ...register(doc)],
  };
}

/** «Учитель, Администратор ЭЖ». */
export function staffDetail(roles: readonly string[]): string {
  return roles.map((r) => ROLE_TITLES[r as keyof typeof ROLE_TITLES] ?? r).join(', ');
}
