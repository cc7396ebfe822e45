import { Alert, Card, NativeSelect, Stack, Text, Title } from '@mantine/core';
import type { SignedInPortalUser, WaitlistEntry } from '@patientdesk/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { schedulingPatients } from '../appointments/booking-api.ts';
import { useDirectory } from '../appointments/use-directory.ts';
import { usePortalSession } from '../portal-session.tsx';
import { JoinWaitlistForm } from './JoinWaitlistForm.tsx';
import { WaitlistEntryCard } from './WaitlistEntryCard.tsx';
import { whatIsWaitedFor } from './waitlist-words.ts';

/**
 * /portal/waitlist: the waitlist entries of the patient the person acts for (with the scheduling
 * scope), a way to leave each, and the form to join. Offers themselves arrive by text or email.
 */
export function WaitlistPage({ user }: { user: SignedInPortalUser }) {
  const { t, i18n } = useTranslation();
  usePageTitle(t('waitlist.title'));
  const language = i18n.resolvedLanguage === 'es' ? 'es' : 'en';
  const { chosenPatient } = usePortalSession();
  const patients = schedulingPatients(user.patients);
  const [patientId, setPatientId] = useState(
    () => (patients.find((patient) => patient.id === chosenPatient?.id) ?? patients[0])?.id ?? '',
  );
  const patient = patients.find((candidate) => candidate.id === patientId);
  const directory = useDirectory();
  const entries = useApiData<{ items: WaitlistEntry[] }>(
    patient ? `/api/portal/patients/${patient.id}/waitlist?language=${language}` : undefined,
  );
  const [status, setStatus] = useState<string>();
  const listHeading = useRef<HTMLHeadingElement>(null);

  function joined(entry: WaitlistEntry) {
    setStatus(t('waitlist.join.joined', { what: whatIsWaitedFor(t, entry) }));
    entries.reload();
  }

  function withdrawn(entry: WaitlistEntry) {
    setStatus(t('waitlist.entry.withdrawn', { what: whatIsWaitedFor(t, entry) }));
    entries.reload();
    // The button that was pressed is gone with the entry's "waiting" state: keep the keyboard near.
    listHeading.current?.focus();
  }

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('waitlist.title')}</Title>
        <Text c="dimmed">{t('waitlist.intro')}</Text>
      </div>
      {!patient ? (
        <Alert color="yellow" variant="light">
          {t('waitlist.noScheduling')}
        </Alert>
      ) : (
        <>
          {patients.length > 1 && (
            <NativeSelect
              label={t('waitlist.patient')}
              data={patients.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
              value={patient.id}
              onChange={(event) => {
                setStatus(undefined);
                setPatientId(event.currentTarget.value);
              }}
              maw={420}
            />
          )}
          <StatusMessage message={status} />
          <Stack gap="sm" component="section" aria-labelledby="waitlist-entries-heading">
            <Title order={2} size="h3" id="waitlist-entries-heading" ref={listHeading} tabIndex={-1}>
              {patients.length > 1 || patient.relationship !== 'self'
                ? t('waitlist.list.headingFor', { name: patient.displayName })
                : t('waitlist.list.heading')}
            </Title>
            <FormError error={entries.error} title={t('waitlist.list.failed')} />
            {!entries.data && !entries.error && <Loading />}
            {entries.data?.items.length === 0 && <Text c="dimmed">{t('waitlist.list.none')}</Text>}
            {entries.data?.items.map((entry) => (
              <WaitlistEntryCard key={entry.id} entry={entry} onWithdrawn={withdrawn} />
            ))}
          </Stack>
          <Card withBorder padding="lg">
            <FormError error={directory.error} title={t('waitlist.join.failed')} />
            {directory.data ? (
              <JoinWaitlistForm
                key={patient.id}
                directory={directory.data}
                patientId={patient.id}
                onJoined={joined}
              />
            ) : (
              !directory.error && <Loading />
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
