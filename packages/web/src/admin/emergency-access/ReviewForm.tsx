import { Button, Group, Stack, Textarea } from '@mantine/core';
import type { EmergencyAccess } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';

/** Signs off one emergency access with what the reviewer found (once, and not one's own). */
export function ReviewForm({ access, onReviewed }: { access: EmergencyAccess; onReviewed(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  async function review(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      await callApi('POST', `/api/audit/emergency-accesses/${access.id}/review`, { note });
      onReviewed();
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form ref={form} onSubmit={(event) => void review(event)} noValidate>
      <Stack gap="xs">
        <FormError error={formLevelError(error, ['body.note'])} title={t('adminEmergency.reviewFailed')} />
        <Textarea
          label={t('adminEmergency.note')}
          description={t('adminEmergency.noteHint')}
          autosize
          minRows={2}
          maxLength={1000}
          required
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={fieldError(error, 'body.note')}
        />
        <Group>
          <Button type="submit" loading={submitting}>
            {t('adminEmergency.markReviewed')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
