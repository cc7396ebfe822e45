import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../app/page-title.ts';
import { LiveSessions } from './LiveSessions.tsx';
import { TwoStepStatus } from './TwoStepStatus.tsx';

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}

/** My account at /desk/account: who I am here, two-step sign-in, and where I am signed in. */
export function MyAccountPage({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <Title order={1}>{t('account.title')}</Title>
      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Detail label={t('account.name')} value={staff.displayName} />
          <Detail label={t('account.email')} value={staff.email} />
          <Detail label={t('account.role')} value={t(`roles.${staff.role}`)} />
          <Detail label={t('account.clinic')} value={staff.organization.name} />
        </SimpleGrid>
      </Card>
      <TwoStepStatus staff={staff} />
      <LiveSessions />
    </Stack>
  );
}
