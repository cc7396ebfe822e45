import { Alert, Badge, Button, Center, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { PatientRecord, SignedInStaff } from '@patientdesk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { PatientAppointmentsSection } from '../booking/PatientAppointmentsSection.tsx';
import { AccessHistorySection } from './AccessHistorySection.tsx';
import { ageInYears, displayName } from './age.ts';
import { BreakGlassModal } from './BreakGlassModal.tsx';
import { ConsentsSection } from './ConsentsSection.tsx';
import { ContactSection } from './ContactSection.tsx';
import { CoverageSection } from './CoverageSection.tsx';
import { EditPatientModal } from './EditPatientModal.tsx';
import { MissedVisitsSection } from './MissedVisitsSection.tsx';
import { NotesSection } from './NotesSection.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { accessHistoryReaders, appointmentReaders, registrars } from './patient-roles.ts';
import { VerifyIdentityModal } from './VerifyIdentityModal.tsx';

type OpenModal = 'break-glass' | 'verify' | 'edit' | undefined;

/** One patient's record beside the conversation: what the role may see, and the way to more. */
export function PatientRecordPage({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const formatDate = useDateTimeFormat();
  const [record, setRecord] = useState<PatientRecord>();
  const [error, setError] = useState<unknown>();
  const [modal, setModal] = useState<OpenModal>();
  const [generation, setGeneration] = useState(0);
  usePageTitle(record ? displayName(record.demographics) : t('patients.record.title'));

  const load = useCallback(() => {
    callApi<PatientRecord>('GET', `/api/patients/${id}`).then((answer) => {
      setRecord(answer);
      setError(undefined);
      setGeneration((value) => value + 1);
    }, setError);
  }, [id]);
  useEffect(load, [load]);
  const reloadAfter = () => {
    setModal(undefined);
    load();
  };

  if (error && !record) {
    return (
      <Stack maw={1100} mx="auto" py="lg">
        <FormError error={error} title={t('patients.record.failed')} />
        <Button component={Link} to="/desk/patients" variant="subtle">
          {t('patients.record.backToSearch')}
        </Button>
      </Stack>
    );
  }
  if (!record) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  const d = record.demographics;
  const verification = record.identityVerification;
  const breakGlass = () => setModal('break-glass');
  return (
    <Stack maw={1100} mx="auto" py="lg" gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{displayName(d)}</Title>
          <Text c="dimmed">
            {[
              `${d.birthDate} (${t('patients.age', { count: ageInYears(d.birthDate) })})`,
              t(`patients.sex.${d.sex}`),
              d.pronouns,
              `${t('patients.fields.mrn')} ${d.mrn}`,
              `${t('patients.fields.language')}: ${d.preferredLanguage}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Group gap="xs" mt="xs">
            {verification ? (
              <Badge color="teal.9">
                {t('patients.verify.verifiedUntil', {
                  by: verification.verifiedBy.displayName,
                  until: formatDate(verification.expiresAt),
                })}
              </Badge>
            ) : (
              <Badge color="gray.7">{t('patients.verify.notYet')}</Badge>
            )}
            {record.access === 'emergency-access' && (
              <Badge color="red.9" variant="filled">
                {t('patients.breakGlass.active')}
              </Badge>
            )}
          </Group>
        </div>
        <Group>
          <Button variant="default" onClick={() => setModal('verify')}>
            {t('patients.verify.open')}
          </Button>
          {registrars.includes(staff.role) && !record.merge.mergedInto && (
            <Button variant="default" onClick={() => setModal('edit')}>
              {t('patients.edit.open')}
            </Button>
          )}
        </Group>
      </Group>
      {record.merge.mergedInto && (
        <Alert color="orange" role="status">
          {t('patients.record.mergedInto', { mrn: record.merge.mergedInto.mrn })}{' '}
          <Link to={`/desk/patients/${record.merge.mergedInto.id}`}>{t('patients.record.openSurvivor')}</Link>
        </Alert>
      )}
      <FormError error={error} title={t('patients.record.failed')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ContactSection record={record} />
        <ConsentsSection record={record} mayChange={registrars.includes(staff.role)} onChanged={load} />
        <CoverageSection record={record} onBreakGlass={breakGlass} />
        <PeopleSection record={record} />
      </SimpleGrid>
      {appointmentReaders.includes(staff.role) && (
        <MissedVisitsSection patientId={record.id} generation={generation} />
      )}
      <PatientAppointmentsSection record={record} staff={staff} />
      <NotesSection
        record={record}
        mayWriteClinical={staff.role === 'clinician'}
        onAdded={load}
        onBreakGlass={breakGlass}
      />
      {accessHistoryReaders.includes(staff.role) && (
        <AccessHistorySection patientId={record.id} generation={generation} />
      )}
      <BreakGlassModal
        patientId={record.id}
        opened={modal === 'break-glass'}
        onClose={() => setModal(undefined)}
        onOpened={reloadAfter}
      />
      <VerifyIdentityModal
        patientId={record.id}
        opened={modal === 'verify'}
        onClose={() => setModal(undefined)}
        onVerified={reloadAfter}
      />
      {modal === 'edit' && (
        <EditPatientModal record={record} opened onClose={() => setModal(undefined)} onSaved={reloadAfter} />
      )}
    </Stack>
  );
}
