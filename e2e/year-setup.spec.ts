import { expect, type Page, test } from '@playwright/test';

/**
 * The deputy sets up next year on the demo school: a new year from the federal defaults, a holiday
 * moved (and an impossible one refused), curriculum hours, and a class with its load, whose hours
 * that differ from the plan are shown as a warning.
 */
async function signIn(page: Page, login: string) {
  await page.goto('/');
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill('demo2026');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('the deputy creates next year, edits a holiday, sets curriculum hours and a class with its load', async ({
  page,
}) => {
  await signIn(page, 'zavuch');
  await page.getByRole('link', { name: 'Учебный год' }).click();
  await expect(page.getByRole('heading', { name: 'Учебный год' })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Учебный год' });
  const current = await picker.inputValue();
  await expect(page.getByText(/учебных дн/)).toBeVisible();
  await page.screenshot({ path: '/tmp/year-calendar-current.png', fullPage: true });

  // The next year from the federal defaults, in one step.
  const next = Number(current.slice(0, 4)) + 1;
  await page.getByRole('button', { name: 'Новый учебный год' }).click();
  await page.getByRole('button', { name: `Создать ${next}/${next + 1}` }).click();
  await expect(picker).toHaveValue(`${next}/${next + 1}`);
  await expect(page.getByText(`${next}/${next + 1}: 01.09.${next}`)).toBeVisible();
  await page.screenshot({ path: '/tmp/year-calendar-new.png', fullPage: true });
  // A second one for the same dates is refused in Russian.
  await page.getByRole('button', { name: 'Новый учебный год' }).click();
  await page.getByLabel('Год начала (1 сентября)').fill(String(next));
  await page.getByRole('button', { name: `Создать ${next}/${next + 1}` }).click();
  await expect(page.getByText(`пересекается с учебным годом ${next}/${next + 1}`)).toBeVisible();
  await page.getByRole('button', { name: 'Отмена' }).click();

  // The autumn holidays last two more days; an end before the start is refused.
  await page.getByRole('tab', { name: 'Каникулы' }).click();
  await page.getByRole('button', { name: /^Изменить: Осенние каникулы/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Изменить каникулы' });
  await dialog.getByLabel('Конец').fill(`${next}-10-20`);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Дата окончания раньше даты начала');
  await dialog.getByLabel('Конец').fill(`${next}-11-10`);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  const autumn = page.getByRole('row').filter({ hasText: 'Осенние каникулы' });
  await expect(autumn).toContainText(`– 10.11.${next}`);
  await page.screenshot({ path: '/tmp/year-holidays.png', fullPage: true });
  await page.getByRole('tab', { name: 'Звонки' }).click();
  await expect(page.getByRole('heading', { name: '1 класс, сентябрь — октябрь' })).toBeVisible();
  await page.screenshot({ path: '/tmp/year-bells.png', fullPage: true });

  // Curriculum: 6 hours of Russian in grade 5 next year.
  await page.getByRole('link', { name: 'Учебный план' }).click();
  await expect(page.getByRole('heading', { name: 'Учебный план' })).toBeVisible();
  const russian = page.getByRole('textbox', { name: 'Русский язык: часов в неделю' });
  await expect(russian).toHaveValue('5');
  await russian.fill('6');
  await russian.blur();
  await expect(page.getByText(/Всего/)).toContainText('28');
  await page.screenshot({ path: '/tmp/year-curriculum.png', fullPage: true });

  // A class with its class teacher, and its load: 5 hours of Russian against the plan's 6 is a warning.
  await page.getByRole('link', { name: 'Классы и нагрузка' }).click();
  await expect(page.getByRole('heading', { name: 'Классы и нагрузка' })).toBeVisible();
  await page.getByLabel('Буква').fill('А');
  await page.getByRole('combobox', { name: 'Классный руководитель', exact: true }).first().click();
  await page.getByRole('option').first().click();
  await page.getByRole('button', { name: 'Создать класс 5А' }).click();
  await expect(page.getByRole('heading', { name: 'Класс 5А' })).toBeVisible();
  // The same name again is refused, naming the class.
  await page.getByLabel('Буква').fill('а');
  await page.getByRole('button', { name: 'Создать класс 5А' }).click();
  await expect(page.getByText(`Класс 5А уже есть в учебном году ${next}/${next + 1}`)).toBeVisible();
  await pick(page, 'Предмет', 'Русский язык');
  await page.getByRole('combobox', { name: 'Учитель', exact: true }).click();
  await page.getByRole('option').first().click();
  await page.getByLabel('Часов в неделю').fill('5');
  await page.getByRole('button', { name: 'Назначить' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'весь класс' })).toContainText('Русский язык');
  await expect(page.getByText('Русский язык: в нагрузке 5 часов, по учебному плану 6 часов')).toBeVisible();
  // A subject outside the plan is refused.
  await pick(page, 'Предмет', 'Химия');
  await page.getByRole('button', { name: 'Назначить' }).click();
  await expect(page.getByText('Предмета «Химия» нет в учебном плане класса 5А')).toBeVisible();
  await page.screenshot({ path: '/tmp/year-classes.png', fullPage: true });
});
