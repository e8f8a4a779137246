import { Alert, Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { createClient } from '../api/client';
import { download, PDF_TYPE } from '../common/files';

/**
 * «Скачать неделю (PDF)»: the week shown, laid out as the paper diary's half sheet (diary.weekPdf),
 * for a family that wants to print it or keep it.
 */
export function WeekPdfButton(props: {
  call: ReturnType<typeof createClient>;
  studentId: number;
  weekOf: string;
  size: 'xs' | 'sm';
}) {
  const save = useMutation({
    mutationFn: () => props.call('diary.weekPdf', { studentId: props.studentId, date: props.weekOf }),
    onSuccess: (file) => download(file, PDF_TYPE),
  });
  return (
    <>
      <Button variant="default" size={props.size} loading={save.isPending} onClick={() => save.mutate()}>
        Скачать неделю (PDF)
      </Button>
      {save.isError && (
        <Alert color="red" role="alert" w="100%">
          {(save.error as Error).message}
        </Alert>
      )}
    </>
  );
}
