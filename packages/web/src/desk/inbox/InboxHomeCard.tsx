import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { SignedInStaff } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useInboxLive } from './inbox-live.tsx';
import { inboxSupervisors } from './inbox-roles.ts';

/** The first thing on the desk: what waits for me and for anyone, live, and the way in. */
export function InboxHomeCard({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { unassigned, mineCount } = useInboxLive();
  const urgent = unassigned?.filter((item) => item.priority === 'emergency' || item.priority === 'urgent');
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('inbox.title')}
        </Title>
        <Group gap="lg" aria-live="polite">
          <Text>{t('inbox.home.mine', { count: mineCount ?? 0 })}</Text>
          <Text>{t('inbox.home.unassigned', { count: unassigned?.length ?? 0 })}</Text>
          {urgent && urgent.length > 0 && (
            <Badge color="red.9" variant="filled">
              {t('inbox.home.urgent', { count: urgent.length })}
            </Badge>
          )}
        </Group>
        <Group gap="sm">
          <Button component={Link} to="/desk/inbox">
            {t('inbox.home.open')}
          </Button>
          <Button component={Link} to="/desk/inbox?view=unassigned" variant="default">
            {t('inbox.home.openUnassigned')}
          </Button>
          {inboxSupervisors.includes(staff.role) && (
            <>
              <Button component={Link} to="/desk/inbox/overview" variant="default">
                {t('inbox.overview.title')}
              </Button>
              <Button component={Link} to="/desk/inbox/requests" variant="default">
                {t('insights.title')}
              </Button>
              <Button component={Link} to="/desk/inbox/settings" variant="default">
                {t('inboxSettings.title')}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
