import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { fieldError, formLevelError } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';

/**
 * "Break the glass": opens the parts of a record the role does not see, for an hour, with a
 * reason. It is allowed, recorded with the reason, and reviewed by compliance.
 */
export function BreakGlassModal({
  patientId,
  opened,
  onClose,
  onOpened,
}: {
  patientId: string;
  opened: boolean;
  onClose(): void;
  onOpened(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, submit: send } = useSubmission();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(async () => {
      await callApi('POST', `/api/patients/${patientId}/emergency-access`, { reason });
      setReason('');
      onOpened();
    });
  }

  return (
    <AdminModal opened={opened} onClose={onClose} title={t('patients.breakGlass.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Alert color="orange" title={t('patients.breakGlass.warningTitle')}>
            {t('patients.breakGlass.warning')}
          </Alert>
          <FormError error={formLevelError(error, ['body.reason'])} title={t('patients.breakGlass.failed')} />
          <Textarea
            label={t('patients.breakGlass.reason')}
            description={t('patients.breakGlass.reasonHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError(error, 'body.reason')}
            minRows={3}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('patients.common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={busy}>
              {t('patients.breakGlass.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
