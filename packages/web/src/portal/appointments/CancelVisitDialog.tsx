import { Button, Group, Stack, Text } from '@mantine/core';
import type { Appointment } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { cancelVisit } from './booking-api.ts';
import { useVisitTime } from './visit-time.ts';

/**
 * "Cancel this visit?" with "Keep my visit" first (Enter on a dialog that just opened must not
 * cancel anything). Inside the visit's cut-off the server refuses and says to call: its words are
 * shown here, and the visit stays.
 */
export function CancelVisitDialog({
  appointment,
  opened,
  onClose,
  onCancelled,
}: {
  appointment: Appointment;
  opened: boolean;
  onClose(): void;
  onCancelled(cancelled: Appointment): void;
}) {
  const { t } = useTranslation();
  const time = useVisitTime();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // Once cancelled, the button that opened the dialog goes away: the page decides where focus goes.
  const [cancelled, setCancelled] = useState(false);

  async function cancel() {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await cancelVisit(appointment.id);
      setCancelled(true);
      onCancelled(answer);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminModal
      opened={opened}
      returnFocus={!cancelled}
      onClose={() => {
        if (busy) return;
        setError(undefined);
        onClose();
      }}
      title={t('appointments.cancel.title')}
    >
      <Stack>
        <Text size="sm">
          {t('appointments.cancel.body', {
            kind: appointment.appointmentType.name,
            provider: appointment.provider.displayName,
            when: time.when(appointment.startsAt, appointment.timeZone),
          })}
        </Text>
        <FormError error={error} title={t('appointments.cancel.failed')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            {t('appointments.cancel.keep')}
          </Button>
          <Button color="red.9" loading={busy} onClick={() => void cancel()}>
            {t('appointments.cancel.confirm')}
          </Button>
        </Group>
      </Stack>
    </AdminModal>
  );
}
