import type { Door } from './context';

/**
 * Limits on password attempts (logins, password changes), kept in memory by the router, counted over
 * the last minute. The per-account lock (5 wrong passwords → 15 minutes) stays; these limits are what
 * stops guessing across many accounts and a flood of scrypt checks.
 *
 * - Per client address: 10 a minute. A person mistypes a few times; a guesser needs thousands. An
 *   attempt that succeeds is given back, so a classroom behind one address (a computer lab logging in
 *   to the diary together) is not held up by its own successful logins.
 * - In all, per door: 100 a minute. Each attempt costs ~70 ms of scrypt: 100 a minute is at most
 *   ~7 s of one core per minute (≈ 12 %), so a flood from many addresses cannot take the machine from
 *   the people already working. Successful attempts are given back here too (they need a right
 *   password, so they are no flood). The two doors count apart: a flood at the parents' door, which
 *   faces the internet, never stops the staff logging in.
 *
 * Behind a reverse proxy every caller has the proxy's address; the per-address limit then acts as a
 * second global one (trusting X-Forwarded-For from a configured proxy is not built yet).
 */
export interface AttemptLimits {
  perClient: number;
  perDoor: number;
  windowMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { perClient: 10, perDoor: 100, windowMs: 60_000 };

/** A taken attempt; `giveBack` when it succeeded. */
export interface Attempt {
  giveBack(): void;
}

export function attemptLimiter(limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS) {
  const byClient = new Map<string, number[]>();
  const byDoor = new Map<Door, number[]>();

  function recent<K>(map: Map<K, number[]>, key: K, now: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => t > now - limits.windowMs);
    if (list.length > 0) map.set(key, list);
    else map.delete(key);
    return list;
  }

  function remove<K>(map: Map<K, number[]>, key: K, at: number): void {
    const list = map.get(key);
    const i = list?.lastIndexOf(at) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  return {
    /** Takes one attempt for this client at this door, or returns null when a limit is reached. */
    take(client: string, door: Door, now: number): Attempt | null {
      // Forget idle addresses now and then, so a scan from many addresses cannot grow the map forever.
      if (byClient.size > 10_000) for (const key of [...byClient.keys()]) recent(byClient, key, now);
      const mine = recent(byClient, client, now);
      const all = recent(byDoor, door, now);
      if (mine.length >= limits.perClient || all.length >= limits.perDoor) return null;
      mine.push(now);
      all.push(now);
      byClient.set(client, mine);
      byDoor.set(door, all);
      return {
        giveBack() {
          remove(byClient, client, now);
          remove(byDoor, door, now);
        },
      };
    },
  };
}
