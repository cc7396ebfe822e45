import { Badge, Box, Card, Group, List, Text, Title } from '@mantine/core';
import type { LiveEvent } from '@patientdesk/contracts';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaffSession } from '../app/staff-session.tsx';
import { type LiveStatus, useLiveEvents } from './use-live-events.ts';

const statusColour: Record<LiveStatus, string> = {
  connected: 'green',
  connecting: 'gray',
  offline: 'orange',
};
const statusLabel: Record<LiveStatus, string> = {
  connected: 'desk.liveConnected',
  connecting: 'desk.liveConnecting',
  offline: 'desk.liveOffline',
};
const keptEvents = 20;

/** What colleagues are doing, as it happens: the desk's live connection made visible. */
export function LiveUpdates({ staffMemberId }: { staffMemberId: string }) {
  const { t, i18n } = useTranslation();
  const { sessionEnded, availabilityChanged } = useStaffSession();
  const [events, setEvents] = useState<Extract<LiveEvent, { type: 'staff.availability_changed' }>[]>([]);
  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type !== 'staff.availability_changed') return;
      setEvents((previous) => [event, ...previous].slice(0, keptEvents));
      // The same person may have changed it in another tab; keep this tab's selector truthful.
      if (event.staffMemberId === staffMemberId) availabilityChanged(event.availability);
    },
    [staffMemberId, availabilityChanged],
  );
  const status = useLiveEvents(onEvent, sessionEnded);
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { timeStyle: 'short' });

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('desk.liveTitle')}
        </Title>
        <Badge color={statusColour[status]} variant="light" role="status">
          {t(statusLabel[status])}
        </Badge>
      </Group>
      {/* The live region exists before the first event, so screen readers announce that one too. */}
      <Box aria-live="polite">
        {events.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('desk.liveEmpty')}
          </Text>
        ) : (
          <List spacing="xs" size="sm">
            {events.map((event) => (
              <List.Item key={`${event.staffMemberId}-${event.at}`}>
                <Text span c="dimmed" size="sm">
                  {time.format(new Date(event.at))}{' '}
                </Text>
                {t(event.staffMemberId === staffMemberId ? 'desk.eventSelf' : 'desk.eventColleague', {
                  availability: t(`availability.${event.availability}`).toLowerCase(),
                })}
              </List.Item>
            ))}
          </List>
        )}
      </Box>
    </Card>
  );
}
