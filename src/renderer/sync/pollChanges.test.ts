import { describe, expect, it } from 'vitest';
import type { Call } from '../api/client';
import { createConnection } from '../common/connection';
import { pollChanges } from './useLiveRefresh';

describe('the sync poll as the connection’s heartbeat', () => {
  it('says the service is unreachable within its timeout when nothing answers (a switched-off host)', async () => {
    const conn = createConnection();
    const silent = (() => new Promise(() => {})) as unknown as Call;
    const started = Date.now();
    await expect(pollChanges(silent, 3, conn, 50)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Сервер журнала не отвечает',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(conn.get().online).toBe(false);
  });

  it('says it is back on the first answer', async () => {
    const conn = createConnection();
    conn.lost();
    const answering = (async () => ({ version: 4, topics: [] })) as unknown as Call;
    await expect(pollChanges(answering, 3, conn, 50)).resolves.toEqual({ version: 4, topics: [] });
    expect(conn.get()).toMatchObject({ online: true });
  });
});
