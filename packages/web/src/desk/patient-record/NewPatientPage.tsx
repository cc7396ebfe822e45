import { Alert, Anchor, Button, Group, List, Stack, Title } from '@mantine/core';
import type { PatientRecord } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiRequestError, callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { useFocusFirstInvalid } from '../../ui/field-errors.ts';
import {
  emptyPatientFields,
  PatientFields,
  type PatientFieldValues,
  patientRequestBody,
} from './PatientFields.tsx';

interface DuplicateCandidate {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  matchedOn: string[];
}

function duplicatesOf(error: unknown): DuplicateCandidate[] {
  if (!(error instanceof ApiRequestError) || error.status !== 409) return [];
  return ((error.body as { duplicates?: DuplicateCandidate[] } | undefined)?.duplicates ??
    []) as DuplicateCandidate[];
}

/** Registers a patient; possible duplicates are shown first, and registering anyway is a choice. */
export function NewPatientPage() {
  const { t } = useTranslation();
  usePageTitle(t('patients.new.title'));
  const navigate = useNavigate();
  const [values, setValues] = useState<PatientFieldValues>(emptyPatientFields);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const duplicates = duplicatesOf(error);

  async function register(confirmedNotDuplicate: boolean) {
    setBusy(true);
    try {
      const created = await callApi<PatientRecord>('POST', '/api/patients', {
        ...patientRequestBody(values, 'omit'),
        confirmedNotDuplicate,
      });
      navigate(`/desk/patients/${created.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void register(false);
  }

  return (
    <Stack maw={900} mx="auto" py="lg">
      <Title order={1}>{t('patients.new.title')}</Title>
      <form ref={form} onSubmit={submit} noValidate>
        <Stack>
          {duplicates.length > 0 ? (
            <Alert color="orange" title={t('patients.new.duplicatesTitle')} role="alert">
              <Stack gap="xs">
                {t('patients.new.duplicates')}
                <List>
                  {duplicates.map((candidate) => (
                    <List.Item key={candidate.id}>
                      <Anchor component={Link} to={`/desk/patients/${candidate.id}`}>
                        {candidate.givenName} {candidate.familyName}
                      </Anchor>{' '}
                      — {candidate.birthDate}, {candidate.mrn} (
                      {candidate.matchedOn.map((reason) => t(`patients.new.matchedOn.${reason}`)).join(', ')})
                    </List.Item>
                  ))}
                </List>
                <Group>
                  <Button
                    variant="outline"
                    color="orange.9"
                    loading={busy}
                    onClick={() => void register(true)}
                  >
                    {t('patients.new.differentPerson')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <FormError error={error} title={t('patients.new.failed')} />
          )}
          <PatientFields values={values} onChange={setValues} error={error} />
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/desk/patients">
              {t('patients.common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('patients.new.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
