import { Alert, Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { PatientSearchResult } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { ageInYears, displayName } from './age.ts';

const typingPauseMs = 300;

/** Finds a patient by name (typos allowed), date of birth, phone, email or MRN. */
export function PatientSearchPage({ mayRegister }: { mayRegister: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('patients.search.title'));
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [result, setResult] = useState<{ query: string; answer: PatientSearchResult }>();
  const [error, setError] = useState<unknown>();
  const submitted = params.get('q') ?? '';

  useEffect(() => {
    if (submitted.trim().length < 2) {
      setResult(undefined);
      return;
    }
    let current = true;
    callApi<PatientSearchResult>('GET', `/api/patients?q=${encodeURIComponent(submitted)}`).then(
      (answer) => {
        if (!current) return;
        setResult({ query: submitted, answer });
        setError(undefined);
      },
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [submitted]);

  // Searching as the agent types, once they pause; Enter searches at once.
  useEffect(() => {
    if (query === submitted) return;
    const timer = setTimeout(() => setParams(query ? { q: query } : {}, { replace: true }), typingPauseMs);
    return () => clearTimeout(timer);
  }, [query, submitted, setParams]);

  function search(event: FormEvent) {
    event.preventDefault();
    setParams(query ? { q: query } : {}, { replace: true });
  }

  const items = result?.query === submitted ? result.answer.items : undefined;
  return (
    <Stack maw={1100} mx="auto" py="lg" gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('patients.search.title')}</Title>
        {mayRegister && (
          <Button component={Link} to="/desk/patients/new">
            {t('patients.search.newPatient')}
          </Button>
        )}
      </Group>
      <search>
        <form onSubmit={search}>
          <TextInput
            label={t('patients.search.label')}
            description={t('patients.search.hint')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            autoFocus
            autoComplete="off"
          />
        </form>
      </search>
      <FormError error={error} title={t('patients.search.failed')} />
      {items && items.length === 0 && (
        <Alert color="gray" role="status">
          {t('patients.search.none', { query: submitted })}
        </Alert>
      )}
      {items && items.length > 0 && (
        <Table striped highlightOnHover withTableBorder aria-label={t('patients.search.results')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('patients.fields.name')}</Table.Th>
              <Table.Th>{t('patients.fields.birthDate')}</Table.Th>
              <Table.Th>{t('patients.fields.mrn')}</Table.Th>
              <Table.Th>{t('patients.fields.phone')}</Table.Th>
              <Table.Th>{t('patients.fields.email')}</Table.Th>
              <Table.Th>{t('patients.fields.language')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((patient) => (
              <Table.Tr key={patient.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/desk/patients/${patient.id}`}>
                    {displayName(patient)}
                  </Anchor>
                  {patient.mergedIntoId && (
                    <Text size="xs" c="dimmed">
                      {t('patients.search.merged')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {patient.birthDate} ({t('patients.age', { count: ageInYears(patient.birthDate) })})
                </Table.Td>
                <Table.Td>{patient.mrn}</Table.Td>
                <Table.Td>{patient.phone ?? ''}</Table.Td>
                <Table.Td>{patient.email ?? ''}</Table.Td>
                <Table.Td>{patient.preferredLanguage}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
