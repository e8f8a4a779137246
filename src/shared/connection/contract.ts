import { z } from 'zod';
import type { Audience } from '../api/define';
import { Empty } from '../api/schemas';
import { parseFingerprint, parseRemoteAddress } from './address';

/**
 * Which journal this staff computer uses (issue 7, host mode): its own journal file, or the school's
 * journal server (the host) found by an address and pinned by a certificate fingerprint that the
 * administrator enters once on the connection screen.
 *
 * These methods are not journal data, so they are not part of the journal's `api`
 * (shared/api/contract.ts) and no journal router knows them: a journal router answers them
 * UNKNOWN_METHOD, like any name it does not have. They are served by the staff computer itself, by the
 * wrapper that holds the journal router in use (main/remote/connection.ts), which passes every other
 * call on. So the host (`npm run host`), whose staff door is its journal router, never offers them:
 * nobody on the school network can repoint a staff computer through the host, and the host's own
 * connection is its file.
 */
export interface ConnectionMethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Only the staff application; the parents' diary never sees them. */
  audience: Extract<Audience, 'staff'>;
  /**
   * 'anyone': no session needed. 'first-setup-or-admin': anyone at this computer (the desktop
   * window, or a browser on this computer when its staff door is not served to the network) while
   * it has no host set — the first set-up — or for a new address of the same host (same fingerprint,
   * which only the real host can present); otherwise only a signed-in administrator of the journal in
   * use, so that a passer-by cannot send the staff's passwords to a host of their own.
   */
  access: 'anyone' | 'first-setup-or-admin';
}

/** A string the form and the server read with the same rule (shared/connection/address.ts). */
const parsed = (rule: (text: string) => string, empty: string) =>
  z
    .string()
    .max(300, { error: 'Слишком длинное значение' })
    .transform((text, ctx) => {
      if (text.trim() === '') {
        ctx.addIssue({ code: 'custom', message: empty });
        return z.NEVER;
      }
      try {
        return rule(text);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    });

export const HostChoice = z
  .object({
    /** 192.168.1.10, server:5170 or https://server:5170: read by parseRemoteAddress. */
    address: parsed(parseRemoteAddress, 'Укажите адрес сервера журнала'),
    /** 64 hex digits, with or without colons, any case: read by parseFingerprint. */
    fingerprint: parsed(parseFingerprint, 'Укажите отпечаток сертификата сервера'),
  })
  .strict();

export const ConnectionStatus = z.discriminatedUnion('mode', [
  /** A staff computer not set up yet: no journal file of its own and no host. */
  z.object({ mode: z.literal('none'), persisted: z.boolean() }),
  /** A journal file of its own (a small school, the demo). */
  z.object({ mode: z.literal('local'), file: z.string(), persisted: z.boolean() }),
  z.object({
    mode: z.literal('host'),
    address: z.string(),
    fingerprint: z.string(),
    /** The host answered just now with the confirmed certificate. */
    answers: z.boolean(),
    /** Why not, in Russian (no connection, another certificate); null when it answers. */
    problem: z.string().nullable(),
    persisted: z.boolean(),
  }),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;
// `persisted`: whether a host chosen on the screen is remembered for the next start (Electron's
// host.json, browser mode's --connection-file) or only until this program stops.

export const connectionApi = {
  'connection.status': {
    input: Empty,
    output: ConnectionStatus,
    audience: 'staff',
    access: 'anyone',
  },
  /**
   * Checks the host (the certificate it presents must have the typed fingerprint), remembers it and
   * switches this computer to it; the session on the journal used before ends. The answer is the new
   * status; the screen then shows the login of the new journal.
   */
  'connection.setHost': {
    input: HostChoice,
    output: ConnectionStatus,
    audience: 'staff',
    access: 'first-setup-or-admin',
  },
} as const satisfies Record<string, ConnectionMethodDef>;

export type ConnectionApi = typeof connectionApi;
export type ConnectionMethod = keyof ConnectionApi;
export type ConnectionInput<M extends ConnectionMethod> = z.input<ConnectionApi[M]['input']>;
export type ConnectionOutput<M extends ConnectionMethod> = z.output<ConnectionApi[M]['output']>;

export function isConnectionMethod(name: string): name is ConnectionMethod {
  return Object.hasOwn(connectionApi, name);
}
