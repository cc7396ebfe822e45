import { Button, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { KioskVisit } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import type { KioskStepProps } from './KioskFlow.tsx';
import { useVisitTime } from './visit-time.ts';

/** Step 2: the visits found, as big buttons; the patient taps theirs. */
export function ChooseVisitStep({
  welcome,
  headingRef,
  visits,
  onChoose,
  onStartOver,
}: KioskStepProps & { visits: KioskVisit[]; onChoose(visit: KioskVisit): void; onStartOver(): void }) {
  const { t } = useTranslation();
  const timeOf = useVisitTime(welcome.timeZone);
  return (
    <Stack gap="lg">
      <Title order={1} ref={headingRef} tabIndex={-1}>
        {t('kiosk.choose.title', { count: visits.length })}
      </Title>
      <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {visits.map((visit) => (
          <li key={visit.ticket}>
            <UnstyledButton
              w="100%"
              p="lg"
              bg="white"
              bd="2px solid var(--mantine-color-clinicTeal-7)"
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              disabled={visit.alreadyCheckedIn}
              onClick={() => onChoose(visit)}
            >
              <Text fz="xl" fw={700}>
                {t('kiosk.choose.visit', { time: timeOf(visit.startsAt), provider: visit.providerName })}
              </Text>
              <Text fz="lg">{visit.patientName}</Text>
              {visit.alreadyCheckedIn && (
                <Text fz="lg" fw={700} c="green.9">
                  {t('kiosk.choose.alreadyCheckedIn')}
                </Text>
              )}
            </UnstyledButton>
          </li>
        ))}
      </Stack>
      <Button size="xl" variant="default" onClick={onStartOver}>
        {t('kiosk.choose.notMine')}
      </Button>
    </Stack>
  );
}
