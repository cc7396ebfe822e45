import { Button, Group, Stack, Title } from '@mantine/core';
import type { ConversationSummary, PatientRecord, SignedInStaff } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useConversationEvents } from '../inbox/inbox-live.tsx';
import { displayName } from '../patient-record/age.ts';
import { BookingFlow } from './BookingFlow.tsx';
import { bookingDefaults } from './booking-defaults.ts';
import { appointmentBookers } from './booking-roles.ts';
import { PatientAppointments } from './PatientAppointments.tsx';
import { replySummary } from './reply-summary.ts';
import { useSchedulingDirectory } from './use-directory.ts';

/**
 * Booking beside the conversation: the patient's upcoming and past appointments (move, cancel)
 * and a new booking, in the side column, while the thread and the composer stay in view. A
 * booking made here shows in the conversation's timeline, and its day, time and place can go
 * into the reply.
 */
export function ConversationBookingPanel({
  conversation,
  patientId,
  staff,
  onClose,
  onInsertInReply,
  onChanged,
}: {
  conversation: ConversationSummary;
  patientId: string;
  staff: SignedInStaff;
  onClose(): void;
  onInsertInReply(text: string): void;
  /** Something was booked, moved or cancelled: the timeline has a new entry. */
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const record = useApiData<PatientRecord>(`/api/patients/${patientId}`);
  const directory = useSchedulingDirectory();
  const [generation, setGeneration] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const mayBook = appointmentBookers.includes(staff.role);
  const changed = () => {
    setGeneration((value) => value + 1);
    onChanged();
  };
  // Opening the panel takes keyboard and screen-reader users to it.
  useEffect(() => heading.current?.focus(), []);
  // A colleague (or the patient, in the portal) changed an appointment booked from here.
  useConversationEvents(
    (event) => {
      if (event.conversationId === conversation.id && event.change === 'updated')
        setGeneration((value) => value + 1);
    },
    () => setGeneration((value) => value + 1),
  );

  const defaults = record.data && directory.data ? bookingDefaults(record.data, directory.data) : undefined;
  return (
    <Stack gap="md" p="sm" component="section" aria-labelledby="booking-panel-heading">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Title order={2} size="h5" id="booking-panel-heading" ref={heading} tabIndex={-1}>
          {record.data
            ? t('booking.panel.title', { name: displayName(record.data.demographics) })
            : t('booking.panel.titleNoName')}
        </Title>
        <Button size="compact-sm" variant="default" onClick={onClose}>
          {t('booking.panel.close')}
        </Button>
      </Group>
      <FormError error={record.error ?? directory.error} title={t('booking.panel.failed')} />
      <PatientAppointments
        patientId={patientId}
        directory={directory.data}
        mayChange={mayBook}
        generation={generation}
        onChanged={changed}
      />
      {mayBook &&
        (defaults && directory.data ? (
          <BookingFlow
            patientId={patientId}
            directory={directory.data}
            initialFilters={defaults.filters}
            unlistedPayer={defaults.unlistedPayer}
            conversationId={conversation.id}
            onBooked={changed}
            onInsertSummary={(appointment) =>
              onInsertInReply(replySummary(appointment, conversation.language, t))
            }
          />
        ) : (
          !record.error && !directory.error && <Loading />
        ))}
    </Stack>
  );
}
