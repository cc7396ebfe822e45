import { Alert, Stack, Text } from '@mantine/core';
import type { FreeTime } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FreeTimeButtons } from './FreeTimeButtons.tsx';

interface TimeTakenNoticeProps {
  /** The next free times the server offered with the same provider. */
  offers: FreeTime[];
  /** The patient's hold had run out before someone else took the time. */
  holdRanOut?: boolean;
  zoneOf(time: FreeTime): string;
  onPick(time: FreeTime): void;
  picking?: FreeTime | undefined;
}

/**
 * Someone booked the time a moment before the patient: said plainly, with the provider's next
 * free times to choose from at once. Focused when it appears, so nobody keeps looking at a time
 * that is gone.
 */
export function TimeTakenNotice({ offers, holdRanOut, zoneOf, onPick, picking }: TimeTakenNoticeProps) {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => notice.current?.focus(), []);
  return (
    <Alert
      ref={notice}
      tabIndex={-1}
      color="orange"
      variant="light"
      role="alert"
      title={t(holdRanOut ? 'appointments.taken.holdRanOutTitle' : 'appointments.taken.title')}
    >
      <Stack gap="sm">
        <Text size="sm">
          {t(holdRanOut ? 'appointments.taken.holdRanOut' : 'appointments.taken.explained')}{' '}
          {offers.length > 0 ? t('appointments.taken.offers') : t('appointments.taken.noOffers')}
        </Text>
        {offers.length > 0 && (
          <FreeTimeButtons times={offers} zoneOf={zoneOf} onPick={onPick} picking={picking} />
        )}
      </Stack>
    </Alert>
  );
}
