import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import type { Arrival } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';

/**
 * "Seen": the visit took place. Follow-up instructions are optional; the patient reads them in
 * the portal and is told by a message that carries only the link (never the text).
 */
export function SeenDialog({
  arrival,
  onClose,
  onSeen,
}: {
  arrival: Arrival | undefined;
  onClose(): void;
  onSeen(arrival: Arrival, followUp: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const [followUp, setFollowUp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!arrival) return;
    setFollowUp('');
    setError(undefined);
  }, [arrival]);

  async function save() {
    if (!arrival) return;
    setBusy(true);
    try {
      await onSeen(arrival, followUp.trim());
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminModal
      opened={arrival !== undefined}
      onClose={() => {
        if (!busy) onClose();
      }}
      title={t('arrivals.seenDialog.title', { name: arrival?.patient.displayName ?? '' })}
      size="lg"
    >
      <Stack>
        <Textarea
          label={t('arrivals.seenDialog.followUp')}
          description={t('arrivals.seenDialog.followUpHint')}
          autosize
          minRows={4}
          maxLength={4000}
          value={followUp}
          onChange={(event) => setFollowUp(event.currentTarget.value)}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          {followUp.trim() ? t('arrivals.seenDialog.willNotify') : t('arrivals.seenDialog.noNotice')}
        </Text>
        <FormError error={error} title={t('arrivals.actionFailed')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('adminCommon.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t('arrivals.seenDialog.confirm')}
          </Button>
        </Group>
      </Stack>
    </AdminModal>
  );
}
