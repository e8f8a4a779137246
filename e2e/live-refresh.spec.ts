import { type APIRequestContext, expect, test } from '@playwright/test';
import { demoFacts } from './demo';

/**
 * Live refresh fetches only what changed: a change to another journal page moves the version but
 * does not re-download the open page; a change to the open page does.
 */

/** Another staff computer (its own session) changes one mark of a past lesson on the page `loadId`. */
async function markFromAnotherComputer(request: APIRequestContext, loadId: number): Promise<void> {
  const login = await request.post('/api/auth.login', { data: { login: 'teacher', password: 'demo2026' } });
  const headers = {
    Authorization: `Bearer ${((await login.json()) as { value: { token: string } }).value.token}`,
  };
  const page = (
    (await (
      await request.post('/api/journal.page', { data: { loadId, wholeYear: true }, headers })
    ).json()) as {
      value: {
        lessons: { id: number; date: string }[];
        students: { id: number }[];
        marks: { lessonId: number; studentId: number; version: number; value: string }[];
      };
    }
  ).value;
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Moscow' });
  const lesson = page.lessons.filter((l) => l.date < today).at(-1)!;
  const studentId = page.students[0]!.id;
  const mark = page.marks.find((m) => m.lessonId === lesson.id && m.studentId === studentId);
  const saved = await request.post('/api/journal.setMark', {
    data: {
      lessonId: lesson.id,
      studentId,
      value: mark?.value === '4' ? '5' : '4',
      expectedVersion: mark?.version ?? null,
    },
    headers,
  });
  expect(saved.ok()).toBe(true);
}

test('a change to another page does not re-download the open page; a change to it does', async ({
  page,
  request,
}) => {
  const facts = demoFacts();
  await page.goto('/');
  await page.getByRole('button', { name: 'Войти как Учитель (русский язык и литература)' }).click();
  await page.getByRole('link', { name: /5А · Русский язык/ }).click();
  await expect(page.getByRole('grid')).toBeVisible();

  // Another page of the same teacher (whole class, another load), as the other computer sees it.
  const login = await request.post('/api/auth.login', { data: { login: 'teacher', password: 'demo2026' } });
  const token = ((await login.json()) as { value: { token: string } }).value.token;
  const loads = (
    (await (
      await request.post('/api/journal.myLoads', { data: {}, headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { value: { loadId: number; groupName: string | null }[] }
  ).value;
  const other = loads.find((l) => l.loadId !== facts.loadId && l.groupName === null)!;

  let pageFetches = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/journal.page')) pageFetches++;
  });
  const topicsSeen = (topic: string) =>
    page.waitForResponse(
      async (r) =>
        r.url().endsWith('/api/sync.changes') &&
        ((await r.json()) as { value: { topics: string[] | null } }).value.topics?.includes(topic) === true,
      { timeout: 15_000 },
    );

  const otherSeen = topicsSeen(`load:${other.loadId}`);
  await markFromAnotherComputer(request, other.loadId);
  await otherSeen;
  // Give a refetch, if one were (wrongly) triggered, the time to start.
  await page.waitForTimeout(1000);
  expect(pageFetches, 'the open page was not fetched again').toBe(0);

  const ownSeen = topicsSeen(`load:${facts.loadId}`);
  const refetched = page.waitForRequest((r) => r.url().endsWith('/api/journal.page'), { timeout: 15_000 });
  await markFromAnotherComputer(request, facts.loadId);
  await ownSeen;
  await refetched;
  expect(pageFetches).toBeGreaterThanOrEqual(1);
});
