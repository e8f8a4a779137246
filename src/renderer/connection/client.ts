import type {
  ConnectionInput,
  ConnectionMethod,
  ConnectionOutput,
  ConnectionStatus,
} from '../../shared/connection/contract';
import type { Call } from '../api/client';

/**
 * The connection screen's calls, through the application's own client (the same transport, token and
 * Russian errors). They are not in the journal's `api` (shared/connection/contract.ts says why), so
 * the client's method type does not list them; this is the one place that crosses that line.
 */
export function connectionCall<M extends ConnectionMethod>(
  call: Call,
  method: M,
  input: ConnectionInput<M>,
): Promise<ConnectionOutput<M>> {
  return (call as unknown as (m: string, i: unknown) => Promise<ConnectionOutput<M>>)(method, input);
}

export const STATUS_KEY = ['connection.status'] as const;

export const fetchStatus = (call: Call): Promise<ConnectionStatus> =>
  connectionCall(call, 'connection.status', {});

/** "AB:CD:…" as the host's screen and the set-up sheet show it: four lines of eight pairs. */
export function fingerprintLines(fingerprint: string): string[] {
  const pairs = fingerprint.split(':');
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 8) lines.push(pairs.slice(i, i + 8).join(':'));
  return lines;
}
