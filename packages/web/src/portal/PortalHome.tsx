import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { PortalPatient, SignedInPortalUser } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../app/page-title.ts';
import { usePortalSession } from './portal-session.tsx';

const knownRelationships = new Set([
  'self',
  'parent',
  'guardian',
  'caretaker',
  'spouse',
  'child',
  'sibling',
  'legal-representative',
  'other',
]);

function useRelationshipName(): (relationship: string) => string {
  const { t } = useTranslation();
  return (relationship) =>
    knownRelationships.has(relationship) ? t(`portal.relationships.${relationship}`) : relationship;
}

function PatientCard({ patient, chosen }: { patient: PortalPatient; chosen: boolean }) {
  const { t } = useTranslation();
  const relationshipName = useRelationshipName();
  const headingId = `patient-${patient.id}`;
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby={headingId}
      style={chosen ? { borderColor: 'var(--mantine-color-clinicTeal-7)', borderWidth: 2 } : undefined}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {patient.displayName}
          </Title>
          {chosen && (
            <Badge variant="light" color="clinicTeal">
              {t('portal.actingNow')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {t('portal.relationship')}: {relationshipName(patient.relationship)}
        </Text>
        <Text size="sm" fw={600}>
          {t('portal.mayDo')}
        </Text>
        {patient.scopes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('portal.noScopes')}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {patient.scopes.map((scope) => (
              <List.Item key={scope}>{t(`portal.scopes.${scope}`)}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}

/** The portal's start after sign-in: who is signed in, and the people they may act for. */
export function PortalHome({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  const { chosenPatient, choosePatient } = usePortalSession();
  const relationshipName = useRelationshipName();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('portal.title'));

  // Arriving from the sign-in form: screen readers start at the greeting, not at a vanished button.
  useEffect(() => heading.current?.focus(), []);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} ref={heading} tabIndex={-1}>
          {t('portal.greeting', { name: user.displayName })}
        </Title>
        <Text c="dimmed">{t('portal.signedInAt', { clinic: user.organization.name })}</Text>
      </div>
      {/* Patients write to the clinic in a crisis; the way to urgent help comes first on every page. */}
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      {user.patients.some((patient) => patient.scopes.includes('scheduling')) && (
        <Group component="section" aria-label={t('appointments.home.heading')} gap="sm">
          <Button component={Link} to="/portal/appointments/book">
            {t('appointments.home.book')}
          </Button>
          <Button component={Link} to="/portal/appointments" variant="light">
            {t('appointments.home.mine')}
          </Button>
        </Group>
      )}
      {user.patients.length === 0 ? (
        <Text>{t('portal.noPatients')}</Text>
      ) : (
        <>
          {user.patients.length > 1 && (
            <Select
              label={t('portal.actingFor')}
              description={t('portal.actingForHint')}
              data={user.patients.map((patient) => ({
                value: patient.id,
                label: `${patient.displayName} (${relationshipName(patient.relationship)})`,
              }))}
              value={chosenPatient?.id ?? null}
              onChange={(value) => value && choosePatient(value)}
              allowDeselect={false}
              maw={420}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            {user.patients.map((patient) => (
              <PatientCard
                key={patient.id}
                patient={patient}
                chosen={user.patients.length > 1 && patient.id === chosenPatient?.id}
              />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
