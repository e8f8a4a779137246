import { Anchor, Center, Modal } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Call } from '../api/client';
import { ConnectionScreen } from './ConnectionScreen';
import { fetchStatus, STATUS_KEY } from './client';

/**
 * The login screen's link «Подключение к серверу журнала». Shown only where this computer answers
 * connection.status: a staff computer. The parents' diary and the host's own staff door do not know
 * the method (shared/connection/contract.ts), so there is no link to follow.
 */
export function ConnectionLink({ call }: { call: Call }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => fetchStatus(call), retry: false });
  if (!status.data) return null;
  const close = () => setOpen(false);
  return (
    <>
      <Center>
        <Anchor component="button" type="button" size="sm" onClick={() => setOpen(true)}>
          Подключение к серверу журнала
        </Anchor>
      </Center>
      <Modal opened={open} onClose={close} size="lg" withCloseButton={false} padding="lg">
        <ConnectionScreen
          call={call}
          signedIn={false}
          onClose={close}
          onDone={() => {
            close();
            // The login screen now belongs to another journal: its school name, its demo accounts.
            void queryClient.invalidateQueries();
          }}
        />
      </Modal>
    </>
  );
}
