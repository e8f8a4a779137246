import { describe, expect, it } from 'vitest';
import { feminineSurname, patronymic } from './names';

describe('demo names', () => {
  it('builds believable family names', () => {
    expect(feminineSurname('Иванов')).toBe('Иванова');
    expect(feminineSurname('Красовский')).toBe('Красовская');
    expect(feminineSurname('Толстой')).toBe('Толстая');
    expect(feminineSurname('Шевчук')).toBe('Шевчук');
    expect(patronymic('Иван', true)).toBe('Ивановна');
    expect(patronymic('Сергей', false)).toBe('Сергеевич');
    expect(patronymic('Илья', false)).toBe('Ильич');
    // The standard forms of names in -ий, -ей, -ай, -а (issue 8's list among them).
    expect(patronymic('Юрий', false)).toBe('Юрьевич');
    expect(patronymic('Василий', false)).toBe('Васильевич');
    expect(patronymic('Григорий', false)).toBe('Григорьевич');
    expect(patronymic('Евгений', false)).toBe('Евгеньевич');
    expect(patronymic('Виталий', true)).toBe('Витальевна');
    expect(patronymic('Дмитрий', false)).toBe('Дмитриевич');
    expect(patronymic('Сергей', true)).toBe('Сергеевна');
    expect(patronymic('Николай', false)).toBe('Николаевич');
    expect(patronymic('Никита', true)).toBe('Никитична');
    expect(patronymic('Игорь', false)).toBe('Игоревич');
    expect(patronymic('Пётр', true)).toBe('Петровна');
  });
});
