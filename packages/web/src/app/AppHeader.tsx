import { Anchor, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sectionsFor } from '../admin/admin-sections.ts';
import { arrivalsReaders } from '../desk/arrivals/arrival-roles.ts';
import { inboxWorkers } from '../desk/inbox/inbox-roles.ts';
import { knowledgeReaders } from '../desk/knowledge/knowledge-roles.ts';
import { recordReaders } from '../desk/patient-record/patient-roles.ts';
import { scheduleReaders } from '../desk/schedule/schedule-roles.ts';
import { usePortalSession } from '../portal/portal-session.tsx';
import { AvailabilitySelect } from './AvailabilitySelect.tsx';
import { useClinicName } from './clinic-name.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useStaffSession } from './staff-session.tsx';

export function AppHeader() {
  const { t } = useTranslation();
  const { state, signOut } = useStaffSession();
  const portal = usePortalSession();
  const staffClinicOrLink = useClinicName();
  const signedInStaff = state.status === 'signed-in' ? state.staff : undefined;
  const patient = portal.state.status === 'signed-in' ? portal.state.user : undefined;
  const clinicName = patient?.organization.name ?? staffClinicOrLink;
  // Until two-step sign-in is set up the server refuses staff work, so the header offers none.
  const staff = signedInStaff?.mfa.enrollmentRequired ? undefined : signedInStaff;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="md" wrap="nowrap" miw={0}>
        {/* Not a heading: each page's own h1 comes first in the outline. */}
        <Anchor component={Link} to="/" underline="hover" c="white" fw={700} fz="lg">
          {t('common.appName')}
        </Anchor>
        {clinicName && (
          <Text c="white" size="sm" visibleFrom="sm" truncate>
            {clinicName}
          </Text>
        )}
        {staff && (
          <Group component="nav" aria-label={t('common.mainNavigation')} gap="sm" visibleFrom="sm">
            <Anchor component={Link} to="/desk" c="white" size="sm">
              {t('common.desk')}
            </Anchor>
            {inboxWorkers.includes(staff.role) && (
              <Anchor component={Link} to="/desk/inbox" c="white" size="sm">
                {t('inbox.title')}
              </Anchor>
            )}
            {recordReaders.includes(staff.role) && (
              <Anchor component={Link} to="/desk/patients" c="white" size="sm">
                {t('patients.search.title')}
              </Anchor>
            )}
            {arrivalsReaders.includes(staff.role) && (
              <Anchor component={Link} to="/desk/arrivals" c="white" size="sm">
                {t('arrivals.title')}
              </Anchor>
            )}
            {scheduleReaders.includes(staff.role) && (
              <Anchor component={Link} to="/desk/schedule" c="white" size="sm">
                {t('schedule.home.title')}
              </Anchor>
            )}
            {knowledgeReaders.includes(staff.role) && (
              <Anchor component={Link} to="/desk/knowledge" c="white" size="sm">
                {t('knowledge.list.title')}
              </Anchor>
            )}
            {sectionsFor(staff.role).length > 0 && (
              <Anchor component={Link} to="/admin" c="white" size="sm">
                {t('common.admin')}
              </Anchor>
            )}
            <Anchor component={Link} to="/desk/account" c="white" size="sm">
              {t('common.myAccount')}
            </Anchor>
          </Group>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        {staff && (
          <>
            <Text c="white" size="sm" visibleFrom="md">
              {staff.displayName} · {t(`roles.${staff.role}`)}
            </Text>
            <Group visibleFrom="xs">
              <AvailabilitySelect availability={staff.availability} />
            </Group>
          </>
        )}
        {patient && (
          <Text c="white" size="sm" visibleFrom="md">
            {patient.displayName}
          </Text>
        )}
        <LanguageSwitch />
        {signedInStaff && (
          <Button variant="white" size="xs" onClick={() => void signOut()}>
            {t('common.signOut')}
          </Button>
        )}
        {patient && (
          <Button variant="white" size="xs" onClick={() => void portal.signOut()}>
            {t('common.signOut')}
          </Button>
        )}
      </Group>
    </Group>
  );
}
