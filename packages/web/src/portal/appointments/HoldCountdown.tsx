import { Alert, Text, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCountdown, useSecondsLeft } from './hold-countdown.ts';

/**
 * How long the chosen time stays held, counting down each second. Screen readers are told once
 * when one minute is left (a timer read out every second would drown the form).
 */
export function HoldCountdown({ expiresAt, onExpired }: { expiresAt: string; onExpired(): void }) {
  const { t } = useTranslation();
  const left = useSecondsLeft(expiresAt);
  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);
  return (
    <Alert color={left <= 60 ? 'orange' : 'clinicTeal'} variant="light">
      <Text size="sm" role="timer">
        {t('appointments.hold.holding', { time: formatCountdown(left) })}
      </Text>
      <VisuallyHidden aria-live="polite">
        {left <= 60 && left > 0 ? t('appointments.hold.oneMinute') : ''}
      </VisuallyHidden>
    </Alert>
  );
}
