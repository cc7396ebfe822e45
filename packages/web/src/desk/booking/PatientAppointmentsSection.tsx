import { Button, Card, Group, Stack, Title } from '@mantine/core';
import type { PatientRecord, SignedInStaff } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { BookingFlow } from './BookingFlow.tsx';
import { bookingDefaults } from './booking-defaults.ts';
import { appointmentBookers } from './booking-roles.ts';
import { PatientAppointments } from './PatientAppointments.tsx';
import { useSchedulingDirectory } from './use-directory.ts';

/** The record page's appointments: upcoming and past, move and cancel, and a new booking. */
export function PatientAppointmentsSection({
  record,
  staff,
}: {
  record: PatientRecord;
  staff: SignedInStaff;
}) {
  const { t } = useTranslation();
  const directory = useSchedulingDirectory();
  const [generation, setGeneration] = useState(0);
  const [booking, setBooking] = useState(false);
  const mayBook = appointmentBookers.includes(staff.role) && !record.merge.mergedInto;
  const defaults = directory.data ? bookingDefaults(record, directory.data) : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="appointments-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="appointments-heading">
            {t('booking.summary.title')}
          </Title>
          {mayBook && (
            <Button variant={booking ? 'default' : 'filled'} onClick={() => setBooking((open) => !open)}>
              {booking ? t('booking.record.closeBooking') : t('booking.summary.book')}
            </Button>
          )}
        </Group>
        <FormError error={directory.error} title={t('booking.panel.failed')} />
        {booking &&
          (defaults && directory.data ? (
            <BookingFlow
              patientId={record.id}
              directory={directory.data}
              initialFilters={defaults.filters}
              unlistedPayer={defaults.unlistedPayer}
              onBooked={() => setGeneration((value) => value + 1)}
            />
          ) : (
            !directory.error && <Loading />
          ))}
        <PatientAppointments
          patientId={record.id}
          directory={directory.data}
          mayChange={mayBook}
          generation={generation}
          onChanged={() => setGeneration((value) => value + 1)}
        />
      </Stack>
    </Card>
  );
}
