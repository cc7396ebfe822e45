import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { Appointment, BookedAppointment, FreeTime } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { useSubmission } from '../../ui/use-submission.ts';
import { moveVisit, timeTakenOffers } from './booking-api.ts';
import { ProviderCalendar } from './ProviderCalendar.tsx';
import { TimeTakenNotice } from './TimeTakenNotice.tsx';
import { useVisitTime } from './visit-time.ts';

/**
 * Moving a visit: the provider's free times for the same kind of visit, then "Move my visit to
 * …?". When someone takes the new time first, the server's next free times are offered.
 */
export function ReschedulePanel({
  appointment,
  zoneOf,
  headingOrder,
  onMoved,
  onClose,
}: {
  appointment: Appointment;
  zoneOf(time: FreeTime): string;
  headingOrder: 3 | 4;
  onMoved(moved: BookedAppointment): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const time = useVisitTime();
  const [chosen, setChosen] = useState<FreeTime>();
  const [taken, setTaken] = useState<{ offers: FreeTime[]; serial: number }>();
  const moving = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = `reschedule-${appointment.id}`;
  useEffect(() => heading.current?.focus(), []);

  async function move(to: FreeTime) {
    await moving.submit(async () => {
      try {
        onMoved(await moveVisit(appointment.id, to));
      } catch (error) {
        const offers = timeTakenOffers(error);
        if (!offers) throw error;
        setChosen(undefined);
        setTaken((previous) => ({ offers, serial: (previous?.serial ?? 0) + 1 }));
      }
    });
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={headingOrder} size="h5" id={headingId} ref={heading} tabIndex={-1}>
        {t('appointments.reschedule.heading')}
      </Title>
      <Text size="sm">
        {t('appointments.reschedule.now', { when: time.when(appointment.startsAt, appointment.timeZone) })}
      </Text>
      {taken && !chosen && (
        <TimeTakenNotice key={taken.serial} offers={taken.offers} zoneOf={zoneOf} onPick={setChosen} />
      )}
      {chosen ? (
        <Stack gap="sm">
          <Text fw={600} role="status">
            {t('appointments.reschedule.confirm', { when: time.when(chosen.startsAt, zoneOf(chosen)) })}
          </Text>
          <FormError error={moving.error} title={t('appointments.reschedule.failed')} />
          <Group>
            <Button onClick={() => void move(chosen)} loading={moving.busy}>
              {t('appointments.reschedule.submit')}
            </Button>
            <Button variant="default" onClick={() => setChosen(undefined)} disabled={moving.busy}>
              {t('appointments.reschedule.another')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ProviderCalendar
          providerId={appointment.provider.id}
          appointmentTypeId={appointment.appointmentType.id}
          zoneOf={zoneOf}
          onPick={setChosen}
          dayHeadingOrder={headingOrder === 3 ? 4 : 5}
        />
      )}
      <Group>
        <Button variant="subtle" onClick={onClose} disabled={moving.busy}>
          {t('appointments.reschedule.keep')}
        </Button>
      </Group>
    </Stack>
  );
}
