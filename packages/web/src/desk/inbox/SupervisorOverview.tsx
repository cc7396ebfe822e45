import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { InboxOverview } from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { availabilityColour } from './availability-colour.ts';
import { useCoalescedReload, useInboxLive, useLiveChanges } from './inbox-live.tsx';
import { useNow } from './use-now.ts';
import { waitLength } from './wait-time.ts';

/** Figures change with every message in a busy clinic; the page asks again at most this often. */
const refreshEveryMs = 2000;

/** The longest wait, still ticking since the figures were taken. */
function LongestWait({ seconds, at, now }: { seconds: number; at: string; now: number }) {
  const { t } = useTranslation();
  if (seconds === 0) return <>{t('inbox.overview.nobodyWaits')}</>;
  const since = new Date(Date.parse(at) - seconds * 1000).toISOString();
  const wait = waitLength(since, now);
  return <>{t(`inbox.overview.wait.${wait.unit}`, wait)}</>;
}

function Figure({ label, value, alert }: { label: string; value: ReactNode; alert?: boolean }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl" c={alert ? 'red.9' : undefined}>
        {value}
      </Text>
    </Card>
  );
}

/**
 * The supervisor's view at /desk/inbox/overview: queue depth per team, the longest wait, SLA
 * breaches and warnings, and each colleague's status and load, kept current by live events.
 */
export function SupervisorOverview() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('inbox.overview.title'));
  const now = useNow(5000);
  const live = useInboxLive();
  const { data, error, reload } = useApiData<InboxOverview>('/api/inbox/overview');
  const reloadSoon = useCoalescedReload(reload, refreshEveryMs);
  useLiveChanges((event) => {
    if (event.type !== 'conversation.changed' || event.change !== 'typing') reloadSoon();
  }, reload);
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { timeStyle: 'medium' });

  return (
    <Stack maw={1200} mx="auto" py="lg" gap="lg">
      <Group justify="space-between">
        <Title order={1}>{t('inbox.overview.title')}</Title>
        <Group gap="xs">
          <Button component={Link} to="/desk/inbox/requests" variant="default" size="xs">
            {t('insights.title')}
          </Button>
          <Badge variant="light" color={live.status === 'connected' ? 'green' : 'orange'} role="status">
            {t(`inbox.live.${live.status}`)}
          </Badge>
          {data && (
            <Text size="sm" c="dimmed">
              {t('inbox.overview.at', { time: time.format(new Date(data.at)) })}
            </Text>
          )}
        </Group>
      </Group>
      <FormError error={error} title={t('inbox.overview.failed')} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
            <Figure label={t('inbox.overview.open')} value={data.totals.open} />
            <Figure label={t('inbox.overview.unassigned')} value={data.totals.unassigned} />
            <Figure
              label={t('inbox.overview.longestWait')}
              value={<LongestWait seconds={data.totals.longestWaitSeconds} at={data.at} now={now} />}
            />
            <Figure
              label={t('inbox.overview.breachedNow')}
              value={data.totals.breachedNow}
              alert={data.totals.breachedNow > 0}
            />
            <Figure label={t('inbox.overview.warnedNow')} value={data.totals.warnedNow} />
            <Figure label={t('inbox.overview.breachesToday')} value={data.totals.breachesToday} />
          </SimpleGrid>

          <section aria-labelledby="overview-teams">
            <Title order={2} size="h4" id="overview-teams" mb="xs">
              {t('inbox.overview.teams')}
            </Title>
            <Table.ScrollContainer minWidth={600}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('inbox.overview.team')}</Table.Th>
                    <Table.Th>{t('inbox.overview.open')}</Table.Th>
                    <Table.Th>{t('inbox.overview.unassigned')}</Table.Th>
                    <Table.Th>{t('inbox.overview.longestWait')}</Table.Th>
                    <Table.Th>{t('inbox.overview.breachedNow')}</Table.Th>
                    <Table.Th>{t('inbox.overview.warnedNow')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.teams.map((team) => (
                    <Table.Tr key={team.id}>
                      <Table.Th scope="row">{team.name}</Table.Th>
                      <Table.Td>{team.open}</Table.Td>
                      <Table.Td>{team.unassigned}</Table.Td>
                      <Table.Td>
                        <LongestWait seconds={team.longestWaitSeconds} at={data.at} now={now} />
                      </Table.Td>
                      <Table.Td
                        c={team.breachedNow > 0 ? 'red.9' : undefined}
                        fw={team.breachedNow > 0 ? 700 : undefined}
                      >
                        {team.breachedNow}
                      </Table.Td>
                      <Table.Td>{team.warnedNow}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.teams.length === 0 && (
              <Text size="sm" c="dimmed" mt="xs">
                {t('inbox.overview.noTeams')}
              </Text>
            )}
          </section>

          <section aria-labelledby="overview-agents">
            <Title order={2} size="h4" id="overview-agents" mb="xs">
              {t('inbox.overview.agents')}
            </Title>
            <Table.ScrollContainer minWidth={600}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('inbox.overview.agent')}</Table.Th>
                    <Table.Th>{t('inbox.overview.availability')}</Table.Th>
                    <Table.Th>{t('inbox.overview.load')}</Table.Th>
                    <Table.Th>{t('triage.overview.distressedToday')}</Table.Th>
                    <Table.Th>{t('inbox.overview.agentTeams')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.agents.map((agent) => {
                    const share =
                      agent.capacity > 0 ? (agent.activeConversations / agent.capacity) * 100 : 100;
                    return (
                      <Table.Tr key={agent.id}>
                        <Table.Th scope="row">{agent.displayName}</Table.Th>
                        <Table.Td>
                          <Badge variant="light" color={availabilityColour[agent.availability]}>
                            {t(`availability.${agent.availability}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            <Text size="sm">
                              {t('inbox.overview.loadOf', {
                                active: agent.activeConversations,
                                capacity: agent.capacity,
                              })}
                            </Text>
                            <Progress
                              value={Math.min(share, 100)}
                              color={share >= 100 ? 'red' : share >= 80 ? 'orange' : 'teal'}
                              aria-label={t('inbox.overview.loadOf', {
                                active: agent.activeConversations,
                                capacity: agent.capacity,
                              })}
                            />
                          </Stack>
                        </Table.Td>
                        <Table.Td>{agent.distressedToday}</Table.Td>
                        <Table.Td>{agent.teams.map((team) => team.name).join(', ') || '—'}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>
        </>
      )}
    </Stack>
  );
}
