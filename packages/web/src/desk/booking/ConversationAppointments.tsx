import { Button, Stack, Text, Title } from '@mantine/core';
import type { Appointment, ConversationSummary, SignedInStaff } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { recordReaders } from '../patient-record/patient-roles.ts';
import classes from './booking.module.css';
import { appointmentBookers } from './booking-roles.ts';
import { visitDateTime } from './visit-time.ts';

const shown = 3;

/**
 * The verified patient's next appointments beside the conversation, and "Book appointment",
 * which opens the booking panel in this column. Nothing shows before the contact is verified:
 * an unverified contact sees no patient details at all.
 */
export function ConversationAppointments({
  conversation,
  staff,
  panelOpen,
  onOpenPanel,
}: {
  conversation: ConversationSummary;
  staff: SignedInStaff;
  /** The booking panel is open in place of this column's sections. */
  panelOpen: boolean;
  onOpenPanel(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const open = useRef<HTMLButtonElement>(null);
  const known = conversation.identityVerified && conversation.patientId !== null;
  const reads = known && recordReaders.includes(staff.role);
  const upcoming = useApiData<{ items: Appointment[] }>(
    reads && !panelOpen ? `/api/patients/${conversation.patientId}/appointments?when=upcoming` : undefined,
  );
  // Back from the panel: focus returns to the button that opened it, and the list is read again.
  const wasOpen = useRef(panelOpen);
  const { reload } = upcoming;
  useEffect(() => {
    if (wasOpen.current && !panelOpen) {
      open.current?.focus();
      reload();
    }
    wasOpen.current = panelOpen;
  }, [panelOpen, reload]);
  if (!reads) return null;
  const live = upcoming.data?.items.filter((item) => item.status === 'booked' || item.status === 'arrived');
  const mayBook = appointmentBookers.includes(staff.role);

  return (
    <Stack gap="xs" component="section" aria-labelledby="appointments-heading">
      <Title order={2} size="h5" id="appointments-heading">
        {t('booking.summary.title')}
      </Title>
      <FormError error={upcoming.error} title={t('booking.list.failed')} />
      {live && live.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('booking.list.noUpcoming')}
        </Text>
      )}
      {live && live.length > 0 && (
        <ul className={classes.plainList} aria-label={t('booking.list.upcoming')}>
          {live.slice(0, shown).map((item) => (
            <li key={item.id}>
              <Text size="sm" fw={600}>
                {visitDateTime(item.startsAt, item.timeZone, language)}
              </Text>
              <Text size="xs">
                {t('booking.list.what', {
                  type: item.appointmentType.name,
                  provider: item.provider.displayName,
                })}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {live && live.length > shown && (
        <Text size="xs" c="dimmed">
          {t('booking.summary.more', { count: live.length - shown })}
        </Text>
      )}
      <Button
        ref={open}
        size="xs"
        variant={mayBook ? 'filled' : 'default'}
        onClick={onOpenPanel}
        style={{ alignSelf: 'flex-start' }}
      >
        {mayBook ? t('booking.summary.book') : t('booking.summary.showAll')}
      </Button>
    </Stack>
  );
}
