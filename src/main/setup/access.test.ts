import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, doorOf, LOGINS } from '../../../test/access-matrix';
import { makeSchool, one, type School, snapshot } from '../../../test/school';
import type { Door } from '../router/context';
import { ALREADY_CREATED } from './setup';

/**
 * The first-run methods on a journal people already use (the hand-made test school): setup.status
 * is open to anyone at the staff door and tells nothing but «ready»; setup.create is refused to every
 * caller, signed in or not, and changes nothing.
 */
const CALLERS: [who: string, login: string | null, Door][] = [
  ...ACTORS.map((a): [string, string | null, Door] => [
    a,
    a === 'anonymous' ? null : LOGINS[a][0],
    doorOf(a),
  ]),
  ['anonymous at the family door', null, 'family'],
];

let school: School;
const tokens = new Map<string, string | null>();
beforeAll(async () => {
  school = makeSchool();
  for (const [who, login, door] of CALLERS) tokens.set(who, login ? await school.login(login, door) : null);
});
afterAll(() => school.close());

describe('setup methods on a journal in use', () => {
  it.each(CALLERS)(
    'status for %s: ready without the file path at the staff door, unknown at the family door',
    async (who, _l, door) => {
      const r = await school.call('setup.status', {}, tokens.get(who) ?? null, door);
      if (door === 'staff') expect(r).toEqual({ ok: true, value: { state: 'ready', path: null } });
      else expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    },
  );

  it.each(CALLERS)('create by %s: refused, nothing changed', async (who, _l, door) => {
    const before = snapshot(school.db);
    const audit = one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const r = await school.call(
      'setup.create',
      {
        path: school.path,
        confirmed: true,
        schoolName: 'Захват',
        fullName: 'Захват',
        lastName: 'Злоумышленник',
        firstName: 'Иван',
        login: 'vzlom',
        password: 'Очень-длинный-пароль-9',
      },
      tokens.get(who) ?? null,
      door,
    );
    expect(r).toMatchObject({
      ok: false,
      error: door === 'staff' ? { code: 'CONFLICT', message: ALREADY_CREATED } : { code: 'UNKNOWN_METHOD' },
    });
    expect(snapshot(school.db)).toBe(before);
    expect(one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n).toBe(audit);
  });
});
