import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { KioskCheckInResult } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { idleWhenDoneMs, type KioskStepProps } from './KioskFlow.tsx';

/** Step 4: checked in. The screen goes back to the start by itself for the next patient. */
export function CheckedInStep({
  headingRef,
  result,
  onDone,
}: KioskStepProps & { result: KioskCheckInResult; onDone(): void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xl" align="flex-start">
      <ThemeIcon size={72} radius="xl" color="green.8" aria-hidden>
        <Text fz={40} c="white" fw={700}>
          ✓
        </Text>
      </ThemeIcon>
      <Title order={1} ref={headingRef} tabIndex={-1}>
        {t('kiosk.done.title', { name: result.firstName })}
      </Title>
      <Text fz={28}>{t('kiosk.done.takeASeat')}</Text>
      {result.somethingChanged && <Text fz="xl">{t('kiosk.done.deskWillAsk')}</Text>}
      <Text fz="lg" c="dimmed">
        {t('kiosk.done.backToStart', { seconds: idleWhenDoneMs / 1000 })}
      </Text>
      <Button size="xl" onClick={onDone}>
        {t('kiosk.done.finish')}
      </Button>
    </Stack>
  );
}
