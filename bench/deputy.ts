import type { Database } from '../src/main/db/database';
import { DEMO_PASSWORD } from '../src/main/demo/generate';
import { features } from '../src/main/features';
import { createRouter } from '../src/main/router/router';

/**
 * The demo's deputy (zavuch) signed in on a journal's router at the staff door, with the clock at
 * `now`: what the printing and report benches call their methods as.
 */
export async function asDeputy(db: Database, now: Date) {
  const router = createRouter(db, features, { clock: () => now });
  const login = await router.call(
    'auth.login',
    { login: 'zavuch', password: DEMO_PASSWORD },
    { door: 'staff' },
  );
  if (!login.ok) throw new Error(login.error.message);
  const deputy = { token: (login.value as { token: string }).token, door: 'staff' as const };
  return { router, deputy };
}
