import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { Call } from '../api/client';
import { CallError } from '../api/client';
import { memoryStorage } from '../api/memory-storage';
import { createConnection, isUnreachable, watchConnection } from '../common/connection';
import { deliverQueued } from '../journal/cellSaves';
import type { CellChange } from '../journal/cells';
import { applyPatch, targetSlot } from '../journal/cells';
import { createRefusals } from './context';
import { createSaveQueue, type NewQueuedSave, nextTyped, othersWaiting, queueKey, replay } from './queue';

vi.mock('@mantine/notifications', () => ({ notifications: { show: vi.fn() } }));

const SERVER = 'http://127.0.0.1:5170';
const teacher = { id: 7, name: 'Петрова А. И.' };

function mark(
  lessonId: number,
  studentId: number,
  value: '2' | '3' | '4' | '5',
  seen: number | null = null,
): NewQueuedSave {
  return {
    loadId: 1,
    lessonId,
    studentId,
    change: { kind: 'mark', value, workTypeId: 1 },
    seen: { mark: seen, absence: null },
    what: `ученик ${studentId}, урок ${lessonId}, отметка ${value}`,
    typed: nextTyped(),
  };
}

/**
 * The journal service as the queue sees it: marks with versions, a stale expectedVersion refused
 * with CONFLICT, and a switch that makes it unreachable (the client's transport failure).
 */
function fakeService() {
  const marks = new Map<string, { value: string; version: number }>();
  const state = { reachable: true, session: true, calls: [] as string[] };
  const call = (async (method: string, input: Record<string, unknown>) => {
    if (!state.reachable)
      throw new CallError(
        { code: 'UNAVAILABLE', message: 'Нет связи с программой журнала' },
        { cause: new TypeError('Failed to fetch') },
      );
    if (!state.session) throw new CallError({ code: 'UNAUTHENTICATED', message: 'Сеанс завершён' });
    const cell = `${input.lessonId}:${input.studentId}`;
    state.calls.push(
      method === 'journal.page'
        ? `${method} ${input.loadId}`
        : `${method} ${cell} ${String(input.value ?? '')}`,
    );
    const now = marks.get(cell);
    if (method === 'journal.setMark') {
      if ((now?.version ?? null) !== input.expectedVersion)
        throw new CallError({
          code: 'CONFLICT',
          message: `Отметку уже изменил другой пользователь (сейчас стоит «${now?.value}»)`,
        });
      const saved = { value: String(input.value), version: (now?.version ?? 0) + 1 };
      marks.set(cell, saved);
      return {
        id: 1,
        lessonId: input.lessonId,
        studentId: input.studentId,
        slot: 1,
        value: saved.value,
        workTypeId: 1,
        weight: 1,
        comment: '',
        version: saved.version,
      };
    }
    if (method === 'journal.page') {
      const list = [...marks].map(([c, m]) => {
        const [lessonId, studentId] = c.split(':').map(Number);
        return {
          id: 1,
          lessonId,
          studentId,
          slot: 1,
          value: m.value,
          workTypeId: 1,
          weight: 1,
          comment: '',
          version: m.version,
        };
      });
      return { marks: list, absences: [] };
    }
    throw new Error(`not faked: ${method}`);
  }) as unknown as Call;
  return { marks, state, call };
}

function setup(storage = memoryStorage()) {
  const queue = createSaveQueue(storage, SERVER, teacher);
  const offline = { queue, refusals: createRefusals() };
  const service = fakeService();
  const said: string[] = [];
  const deliver = (entry: Parameters<typeof deliverQueued>[3]) =>
    deliverQueued(service.call, new QueryClient(), offline, entry, (t) => said.push(t));
  return { storage, queue, offline, service, said, deliver };
}

describe('the offline queue', () => {
  it('keeps entries in the order typed, and a newer change of a waiting cell replaces it in place, keeping the version seen', () => {
    const { queue } = setup();
    queue.put(mark(1, 1, '4', 3));
    queue.put(mark(1, 2, '5'));
    const first = queue.entries()[0]!;
    queue.put(mark(1, 1, '2', 4));
    expect(queue.entries().map((e) => [e.lessonId, e.studentId, e.change])).toEqual([
      [1, 1, { kind: 'mark', value: '2', workTypeId: 1 }],
      [1, 2, { kind: 'mark', value: '5', workTypeId: 1 }],
    ]);
    expect(queue.entries()[0]!.seen).toEqual({ mark: 3, absence: null });
    expect(queue.entries()[0]!.id).not.toBe(first.id);
    // An answer to the replaced change does not remove its replacement.
    expect(queue.remove(first.id)).toBe(false);
    expect(queue.entries()).toHaveLength(2);
  });

  it('keeps a second mark of a cell beside the first, a work type change behind its mark, and the order typed', () => {
    const queue = createSaveQueue(memoryStorage(), SERVER, teacher);
    const cell = (change: CellChange) => ({ ...mark(1, 1, '4'), change });
    queue.put(cell({ kind: 'mark', value: '4', slot: 1 }));
    queue.put(cell({ kind: 'mark', value: '3', slot: 2 }));
    // A correction of the second mark while it waits: replaces it (the last typed wins).
    queue.put(cell({ kind: 'mark', value: '5', slot: 2 }));
    // Its work type changed: waits behind the mark it is about, which it must not replace.
    queue.put(cell({ kind: 'markDetails', slot: 2, workTypeId: 3, comment: 'к/р' }));
    // The first mark corrected now: not the cell's last waiting change, so it waits at the end.
    queue.put(cell({ kind: 'mark', value: '2', slot: 1 }));
    expect(queue.entries().map((e) => e.change)).toEqual([
      { kind: 'mark', value: '4', slot: 1 },
      { kind: 'mark', value: '5', slot: 2 },
      { kind: 'markDetails', slot: 2, workTypeId: 3, comment: 'к/р' },
      { kind: 'mark', value: '2', slot: 1 },
    ]);
    // The first was saved (version 1): the changes behind it build on it, each on its own mark.
    const first = queue.entries()[0]!;
    queue.remove(first.id);
    queue.rebase(first, (e) => applyPatch(e.seen, targetSlot(e.change), { marks: { 1: 1 } }));
    expect(queue.entries().map((e) => e.seen.mark)).toEqual([null, null, 1]);
  });

  it('survives a restart: a new queue on the same storage holds the same entries; another user has their own', () => {
    const storage = memoryStorage();
    createSaveQueue(storage, SERVER, teacher).put(mark(5, 6, '3'));
    const again = createSaveQueue(storage, SERVER, teacher);
    expect(again.entries().map((e) => e.what)).toEqual(['ученик 6, урок 5, отметка 3']);
    const colleague = createSaveQueue(storage, SERVER, { id: 8, name: 'Сидоров П. П.' });
    expect(colleague.entries()).toEqual([]);
    expect(othersWaiting(storage, SERVER, 8)).toEqual([{ name: 'Петрова А. И.', count: 1 }]);
    expect(othersWaiting(storage, SERVER, teacher.id)).toEqual([]);
    // Another journal service's queue is not this one's.
    expect(createSaveQueue(storage, 'http://10.0.0.2:5170', teacher).entries()).toEqual([]);
  });

  it('refuses to take an entry the storage cannot keep, and leaves the queue as it was', () => {
    const storage = memoryStorage();
    const queue = createSaveQueue(storage, SERVER, teacher);
    queue.put(mark(1, 1, '4'));
    const full = {
      ...storage,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as Storage;
    Object.defineProperty(full, 'length', { get: () => storage.length });
    const refusing = createSaveQueue(full, SERVER, teacher);
    expect(() => refusing.put(mark(1, 2, '5'))).toThrow('full');
    expect(createSaveQueue(storage, SERVER, teacher).entries()).toHaveLength(1);
  });

  it('sets unreadable contents aside instead of overwriting them', () => {
    const storage = memoryStorage();
    storage.setItem(queueKey(SERVER, teacher.id), '{broken');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const queue = createSaveQueue(storage, SERVER, teacher);
    expect(queue.entries()).toEqual([]);
    const aside = [...Array(storage.length).keys()]
      .map((i) => storage.key(i)!)
      .filter((k) => k.includes('|unreadable|'));
    expect(aside.map((k) => storage.getItem(k))).toEqual(['{broken']);
  });
});

describe('replaying the queue against the service', () => {
  it('sends every entry in order and empties the queue once each is answered', async () => {
    const { queue, service, deliver, said } = setup();
    queue.put(mark(1, 1, '4'));
    queue.put(mark(1, 2, '5'));
    queue.put(mark(2, 1, '3'));
    expect(await replay(queue, deliver)).toEqual({ sent: 3, refused: 0, stoppedBy: null });
    expect(service.state.calls).toEqual([
      'journal.setMark 1:1 4',
      'journal.setMark 1:2 5',
      'journal.setMark 2:1 3',
    ]);
    expect(queue.entries()).toEqual([]);
    expect(said).toEqual([
      'ученик 1, урок 1, отметка 4: отправлено, сохранено',
      'ученик 2, урок 1, отметка 5: отправлено, сохранено',
      'ученик 1, урок 2, отметка 3: отправлено, сохранено',
    ]);
  });

  it('refuses a stale write as always (CONFLICT), shows it in the cell, and goes on with the rest', async () => {
    const { queue, service, deliver, offline, said } = setup();
    // Another computer set this cell while this one was offline.
    service.marks.set('1:1', { value: '5', version: 1 });
    queue.put(mark(1, 1, '4', null));
    queue.put(mark(1, 2, '3'));
    expect(await replay(queue, deliver)).toEqual({ sent: 1, refused: 1, stoppedBy: null });
    expect(service.marks.get('1:1')).toEqual({ value: '5', version: 1 });
    expect(queue.entries()).toEqual([]);
    expect(offline.refusals.list()).toMatchObject([
      { lessonId: 1, studentId: 1, message: expect.stringContaining('сейчас стоит «5»') },
    ]);
    expect(said[0]).toMatch(/^ученик 1, урок 1, отметка 4: не сохранено\. Отметку уже изменил/);
  });

  it('a save whose answer was lost (the journal has it) is not refused as stale by itself', async () => {
    const { queue, service, deliver, offline } = setup();
    // The first send reached the journal; its answer did not reach this computer, so it was queued.
    service.marks.set('1:1', { value: '4', version: 1 });
    queue.put(mark(1, 1, '4', null));
    expect(await replay(queue, deliver)).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect(service.state.calls).toEqual(['journal.setMark 1:1 4', 'journal.page 1']);
    expect(offline.refusals.list()).toEqual([]);
    expect(queue.entries()).toEqual([]);
  });

  it('stops at an unreachable service, keeping everything not answered, and finishes when it is back', async () => {
    const { queue, service, deliver } = setup();
    queue.put(mark(1, 1, '4'));
    queue.put(mark(1, 2, '5'));
    service.state.reachable = false;
    expect(await replay(queue, deliver)).toEqual({ sent: 0, refused: 0, stoppedBy: 'unreachable' });
    expect(queue.entries()).toHaveLength(2);
    service.state.reachable = true;
    expect(await replay(queue, deliver)).toEqual({ sent: 2, refused: 0, stoppedBy: null });
    expect([...service.marks.values()].map((m) => m.value)).toEqual(['4', '5']);
  });

  it('does not send again what another tab of the same user sent meanwhile', async () => {
    const { queue, service, deliver, storage } = setup();
    queue.put(mark(1, 1, '4'));
    queue.put(mark(1, 2, '5'));
    const otherTab = createSaveQueue(storage, SERVER, teacher);
    otherTab.remove(otherTab.entries()[0]!.id);
    expect(await replay(queue, deliver)).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect(service.state.calls).toEqual(['journal.setMark 1:2 5']);
  });

  it('keeps the entries when the session ended, to send them after the user signs in again', async () => {
    const { queue, service, deliver } = setup();
    queue.put(mark(1, 1, '4'));
    service.state.session = false;
    expect(await replay(queue, deliver)).toEqual({ sent: 0, refused: 0, stoppedBy: 'held' });
    expect(queue.entries()).toHaveLength(1);
  });

  it('after a restart, replays what the previous page left, with the versions it saw', async () => {
    const first = setup();
    first.service.marks.set('3:3', { value: '2', version: 4 });
    first.queue.put(mark(3, 3, '5', 4));
    // The computer restarts: a new page, a new queue object over the same storage.
    const { queue, deliver, service } = setup(first.storage);
    service.marks.set('3:3', { value: '2', version: 4 });
    expect(await replay(queue, deliver)).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect(service.marks.get('3:3')).toEqual({ value: '5', version: 5 });
  });
});

describe('the connection state', () => {
  it('goes offline on a transport failure, back online on any answer of the router (a refusal too)', async () => {
    const conn = createConnection();
    const service = fakeService();
    const call = watchConnection(service.call, conn);
    service.state.reachable = false;
    await expect(
      call('journal.setMark', { lessonId: 1, studentId: 1, value: '4', expectedVersion: null }),
    ).rejects.toSatisfy(isUnreachable);
    expect(conn.get().online).toBe(false);
    service.state.reachable = true;
    service.marks.set('1:1', { value: '3', version: 1 });
    await expect(
      call('journal.setMark', { lessonId: 1, studentId: 1, value: '4', expectedVersion: null }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(conn.get().online).toBe(true);
  });
});
