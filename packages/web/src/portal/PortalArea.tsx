import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../app/page-title.ts';
import { PatientSignIn } from './PatientSignIn.tsx';

/** The patient portal at /portal: sign-in with a one-time code; its pages come in later issues. */
export default function PortalArea() {
  const { t } = useTranslation();
  usePageTitle(t('patientSignIn.title'));
  return (
    <Stack maw={440} mx="auto" py="xl">
      <Title order={1}>{t('patientSignIn.title')}</Title>
      <Text c="dimmed">{t('patientSignIn.intro')}</Text>
      {/* Patients write to the clinic in a crisis; the way to urgent help comes before any form. */}
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      <PatientSignIn />
      <Text size="sm" c="dimmed">
        {t('patientSignIn.proxyNote')}
      </Text>
      <Anchor component={Link} to="/desk" size="sm">
        {t('patientSignIn.staffLink')}
      </Anchor>
    </Stack>
  );
}
