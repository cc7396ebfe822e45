import { Table, Text } from '@mantine/core';
import type { AffectedAppointment } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { formatDayAndClock } from '../../../portal/appointments/visit-time.ts';

/**
 * The appointments a provider's time off cancels (or would): who, when, what, and once it is
 * marked, how each patient was told and what they booked since.
 */
export function AffectedTable({
  affected,
  caption,
  tracking,
}: {
  affected: AffectedAppointment[];
  caption: string;
  /** Show how patients were told and who rebooked (after marking). */
  tracking: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const when = (instant: string, timeZone: string) => formatDayAndClock(language, instant, timeZone);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('disruptions.tracking.patient')}</Table.Th>
            <Table.Th scope="col">{t('disruptions.tracking.visit')}</Table.Th>
            {tracking && <Table.Th scope="col">{t('disruptions.tracking.told')}</Table.Th>}
            {tracking && <Table.Th scope="col">{t('disruptions.tracking.rebooked')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {affected.map((item) => (
            <Table.Tr key={item.appointmentId}>
              <Table.Td>
                {item.patient ? (
                  <>
                    <Text size="sm" fw={600}>
                      {item.patient.displayName}
                    </Text>
                    {item.patient.phone && <Text size="sm">{item.patient.phone}</Text>}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('disruptions.tracking.hidden')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{when(item.startsAt, item.timeZone)}</Text>
                <Text size="sm" c="dimmed">
                  {item.appointmentType} · {item.location}
                </Text>
              </Table.Td>
              {tracking && (
                <Table.Td>
                  {item.notice?.channel && item.notice.sentAt ? (
                    <Text size="sm">
                      {t(`disruptions.tracking.channel.${item.notice.channel}`)},{' '}
                      {when(item.notice.sentAt, item.timeZone)}
                    </Text>
                  ) : (
                    <Text size="sm" c="red.9" fw={600}>
                      {t('disruptions.tracking.notReached', { reason: item.notice?.skipReason ?? '' })}
                    </Text>
                  )}
                </Table.Td>
              )}
              {tracking && (
                <Table.Td>
                  {item.rebookedAs ? (
                    <Text size="sm">
                      {t('disruptions.tracking.rebookedAs', {
                        when: when(item.rebookedAs.startsAt, item.timeZone),
                        provider: item.rebookedAs.provider,
                      })}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('disruptions.tracking.notYet')}
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
