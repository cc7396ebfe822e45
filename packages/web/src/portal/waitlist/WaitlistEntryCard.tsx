import { Badge, Button, Card, Group, List, Stack, Title } from '@mantine/core';
import type { WaitlistEntry } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { useSubmission } from '../../ui/use-submission.ts';
import { formatCalendarDate, formatVisitTime } from '../appointments/visit-time.ts';
import { useWaitlistWords, whatIsWaitedFor } from './waitlist-words.ts';

const statusColors: Record<WaitlistEntry['status'], string> = {
  waiting: 'blue',
  booked: 'green',
  withdrawn: 'gray',
  expired: 'gray',
};

/** One waitlist entry: what is waited for, when it suits, the last time offered, and a way to leave. */
export function WaitlistEntryCard({
  entry,
  onWithdrawn,
}: {
  entry: WaitlistEntry;
  onWithdrawn(entry: WaitlistEntry): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const words = useWaitlistWords();
  const withdrawal = useSubmission();
  const what = whatIsWaitedFor(t, entry);
  const headingId = `waitlist-entry-${entry.id}`;
  const date = (value: string) => formatCalendarDate(language, value);
  const dates =
    entry.availableFrom && entry.availableUntil
      ? t('waitlist.entry.between', { from: date(entry.availableFrom), until: date(entry.availableUntil) })
      : entry.availableFrom
        ? t('waitlist.entry.fromDate', { date: date(entry.availableFrom) })
        : entry.availableUntil
          ? t('waitlist.entry.untilDate', { date: date(entry.availableUntil) })
          : t('waitlist.entry.anyDate');

  async function withdraw() {
    await withdrawal.submit(async () => {
      const left = await callApi<WaitlistEntry>('POST', `/api/portal/waitlist/${entry.id}/withdraw`);
      onWithdrawn(left);
    });
  }

  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId}>
            {what}
          </Title>
          <Badge variant="light" color={statusColors[entry.status]}>
            {t(`waitlist.entry.status.${entry.status}`)}
          </Badge>
        </Group>
        <List size="sm" spacing={2}>
          <List.Item>
            {t('waitlist.entry.where')}: {entry.location?.name ?? t('waitlist.entry.anyLocation')}
          </List.Item>
          <List.Item>
            {t('waitlist.entry.days')}: {words.weekdays(entry.weekdays)}
          </List.Item>
          <List.Item>
            {t('waitlist.entry.hours')}:{' '}
            {t('waitlist.entry.hoursRange', {
              from: words.clock(entry.earliestTime),
              to: words.clock(entry.latestTime),
            })}
          </List.Item>
          <List.Item>
            {t('waitlist.entry.dates')}: {dates}
          </List.Item>
          {entry.currentAppointment && (
            <List.Item>
              {t('waitlist.entry.moves', {
                when: formatVisitTime(
                  language,
                  entry.currentAppointment.startsAt,
                  entry.currentAppointment.timeZone,
                ),
              })}
            </List.Item>
          )}
          {entry.lastOffer && (
            <List.Item>
              {t('waitlist.entry.lastOffer', {
                when: formatVisitTime(language, entry.lastOffer.startsAt, entry.lastOffer.timeZone),
                status: t(`waitlist.entry.offerStatus.${entry.lastOffer.status}`),
              })}
            </List.Item>
          )}
        </List>
        <FormError error={withdrawal.error} title={t('waitlist.entry.withdrawFailed')} />
        {entry.status === 'waiting' && (
          <Group>
            <Button
              variant="default"
              size="sm"
              loading={withdrawal.busy}
              onClick={withdraw}
              // Several entries each have this button: the entry's heading says which one it leaves.
              aria-describedby={headingId}
            >
              {t('waitlist.entry.withdraw')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
