import { Button, Group, Stack } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { PatientFields, type PatientFieldValues, patientRequestBody } from './PatientFields.tsx';

function valuesOf(record: PatientRecord): PatientFieldValues {
  const { demographics: d, contact } = record;
  const primary = (kind: 'phone' | 'email') =>
    contact.contactPoints.find((point) => point.kind === kind && point.isPrimary)?.value ?? '';
  return {
    givenName: d.givenName,
    familyName: d.familyName,
    preferredName: d.preferredName ?? '',
    birthDate: d.birthDate,
    sex: d.sex,
    genderIdentity: d.genderIdentity ?? '',
    pronouns: d.pronouns ?? '',
    preferredLanguage: d.preferredLanguage,
    phone: primary('phone'),
    email: primary('email'),
    line: contact.address.line ?? '',
    city: contact.address.city ?? '',
    region: contact.address.region ?? '',
    postalCode: contact.address.postalCode ?? '',
    country: contact.address.country ?? '',
  };
}

/** Edits identity, primary phone and email, and address; the server names each field it refuses. */
export function EditPatientModal({
  record,
  opened,
  onClose,
  onSaved,
}: {
  record: PatientRecord;
  opened: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => valuesOf(record));
  const { busy, error, submit: save } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await save(async () => {
      await callApi('PATCH', `/api/patients/${record.id}`, patientRequestBody(values, 'null'));
      onSaved();
    });
  }

  return (
    <AdminModal opened={opened} onClose={onClose} title={t('patients.edit.title')} size="xl">
      <form ref={form} onSubmit={submit} noValidate>
        <Stack>
          <FormError error={error} title={t('patients.edit.failed')} />
          <PatientFields values={values} onChange={setValues} error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('patients.common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('patients.edit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
