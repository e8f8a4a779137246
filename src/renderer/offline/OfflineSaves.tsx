import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import type { Call } from '../api/client';
import { ConnectionBanner } from '../common/ConnectionBanner';
import { useConnection } from '../common/connection';
import { deliverQueued } from '../journal/cellSaves';
import { createRefusals, type OfflineSaves as Offline, setActiveOffline } from './context';
import { createSaveQueue, othersWaiting, replay } from './queue';

interface Props {
  call: Call;
  user: SessionUser;
}

/**
 * The signed-in user's offline queue for the screens inside, the banner about the connection, and the
 * replay: whenever the journal service answers (the sync poll) and entries wait, they are sent in
 * the order they were typed. Keyed by journal and user, so a colleague signing in on this computer
 * neither sends nor loses my entries.
 */
export function OfflineSaves({ call, user }: Props) {
  const queryClient = useQueryClient();
  // The journal's identity, not the address: a staff computer switched to another journal never
  // sends it what was typed for this one, and one moved to a restored copy of it still does.
  const server = user.journal;
  const { id, name } = user;
  const offline = useMemo<Offline>(
    () => ({ queue: createSaveQueue(localStorage, server, { id, name }), refusals: createRefusals() }),
    [server, id, name],
  );
  useLayoutEffect(() => {
    setActiveOffline(offline);
    return () => setActiveOffline(null);
  }, [offline]);
  const conn = useConnection();
  const waiting = useSyncExternalStore(offline.queue.subscribe, offline.queue.entries);
  const [announcement, setAnnouncement] = useState('');

  // Another tab of the same user changed the queue.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === offline.queue.key || e.key === null) offline.queue.refresh();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [offline]);

  const replaying = useRef(false);
  useEffect(() => {
    if (!conn.online || waiting.length === 0 || replaying.current) return;
    replaying.current = true;
    const run = () =>
      replay(offline.queue, (entry) => deliverQueued(call, queryClient, offline, entry, setAnnouncement));
    // One tab of this user replays at a time (the others would send the same entries again and be
    // refused as stale); the lock is released with the tab if it closes mid-way.
    void (navigator.locks ? navigator.locks.request(offline.queue.key, run) : run())
      .catch((e) => console.error('[offline] replay', e))
      .finally(() => {
        replaying.current = false;
      });
  }, [conn, waiting, offline, call, queryClient]);

  // Back online: screens that failed to load while it was away load now.
  const wasOnline = useRef(conn.online);
  useEffect(() => {
    if (conn.online && !wasOnline.current)
      void queryClient.refetchQueries({
        predicate: (q) => q.state.status === 'error' && q.queryKey[0] !== 'sync.changes',
      });
    wasOnline.current = conn.online;
  }, [conn.online, queryClient]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when the queue or the connection moves
  const others = useMemo(
    () => othersWaiting(localStorage, server, user.id),
    [server, user.id, waiting, conn],
  );

  return (
    <>
      <ConnectionBanner online={conn.online} waiting={waiting.length} others={others} />
      <div
        className="journal-live"
        aria-live="polite"
        role="status"
        style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
      >
        {announcement}
      </div>
    </>
  );
}
