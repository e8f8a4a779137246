/** Helpers for believable Russian families in the demo school. */

/** The feminine form of a surname (Иванов → Иванова, Красовский → Красовская); others do not change. */
export function feminineSurname(male: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  if (male.endsWith('ский') || male.endsWith('цкий')) return `${male.slice(0, -2)}ая`;
  if (male.endsWith('ой')) return `${male.slice(0, -2)}ая`;
  return male;
}

/** An отчество from a father's first name (Иван → Иванович / Ивановна). */
export function patronymic(father: string, female: boolean): string {
  const irregular: Record<string, [string, string]> = {
    Илья: ['Ильич', 'Ильинична'],
    Никита: ['Никитич', 'Никитична'],
    Лев: ['Львович', 'Львовна'],
    Павел: ['Павлович', 'Павловна'],
    Пётр: ['Петрович', 'Петровна'],
    Михаил: ['Михайлович', 'Михайловна'],
  };
  const known = irregular[father];
  if (known) return female ? known[1] : known[0];
  if (/[йь]$/.test(father)) return father.slice(0, -1) + (female ? 'евна' : 'евич');
  if (/[ая]$/.test(father)) return father.slice(0, -1) + (female ? 'ична' : 'ич');
  return father + (female ? 'овна' : 'ович');
}

/** Common first names of people born 1960–2020, so the demo looks like a real school list. */
export const MALE_NAMES = [
  'Александр',
  'Алексей',
  'Андрей',
  'Антон',
  'Артём',
  'Борис',
  'Вадим',
  'Валерий',
  'Василий',
  'Виктор',
  'Виталий',
  'Владимир',
  'Владислав',
  'Геннадий',
  'Георгий',
  'Глеб',
  'Григорий',
  'Даниил',
  'Денис',
  'Дмитрий',
  'Евгений',
  'Егор',
  'Иван',
  'Игорь',
  'Илья',
  'Кирилл',
  'Константин',
  'Лев',
  'Леонид',
  'Максим',
  'Марк',
  'Матвей',
  'Михаил',
  'Никита',
  'Николай',
  'Олег',
  'Павел',
  'Пётр',
  'Роман',
  'Руслан',
  'Семён',
  'Сергей',
  'Станислав',
  'Степан',
  'Тимофей',
  'Тимур',
  'Фёдор',
  'Юрий',
  'Ярослав',
] as const;

export const FEMALE_NAMES = [
  'Александра',
  'Алина',
  'Алиса',
  'Алла',
  'Анастасия',
  'Анна',
  'Антонина',
  'Арина',
  'Валентина',
  'Варвара',
  'Вера',
  'Вероника',
  'Виктория',
  'Галина',
  'Дарья',
  'Диана',
  'Евгения',
  'Екатерина',
  'Елена',
  'Елизавета',
  'Ирина',
  'Карина',
  'Ксения',
  'Лариса',
  'Любовь',
  'Людмила',
  'Маргарита',
  'Марина',
  'Мария',
  'Милана',
  'Надежда',
  'Наталья',
  'Нина',
  'Ольга',
  'Полина',
  'Светлана',
  'София',
  'Софья',
  'Татьяна',
  'Ульяна',
  'Юлия',
  'Яна',
] as const;
