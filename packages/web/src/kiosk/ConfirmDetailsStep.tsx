import {
  Alert,
  Button,
  Center,
  Group,
  List,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { KioskCheckInResult, KioskDetails, KioskVisit } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/client.ts';
import type { KioskStepProps } from './KioskFlow.tsx';
import { useVisitTime } from './visit-time.ts';

type Insurance = 'same' | 'changed' | 'none';

/** One question with big answers: a radio group a finger (or a screen reader) can use. */
function Question({
  id,
  question,
  answers,
  value,
  onChange,
}: {
  id: string;
  question: string;
  answers: { value: string; label: string }[];
  value: string;
  onChange(value: string): void;
}) {
  return (
    <Stack gap="xs">
      <Text fz="xl" fw={600} id={id}>
        {question}
      </Text>
      <SegmentedControl
        size="xl"
        fullWidth
        orientation={answers.length > 2 ? 'vertical' : 'horizontal'}
        aria-labelledby={id}
        value={value}
        onChange={onChange}
        data={answers}
      />
    </Stack>
  );
}

/**
 * Step 3: the details on file, masked (the mobile number's last four digits, the email's first
 * letter and domain, the insurer's name): still right? Then check in. What the patient says
 * changed goes to the front desk, who asks.
 */
export function ConfirmDetailsStep({
  api,
  welcome,
  headingRef,
  visit,
  onKeyRefused,
  onCheckedIn,
  onStartOver,
}: KioskStepProps & {
  visit: KioskVisit;
  onCheckedIn(result: KioskCheckInResult): void;
  onStartOver(): void;
}) {
  const { t } = useTranslation();
  const timeOf = useVisitTime(welcome.timeZone);
  const [details, setDetails] = useState<KioskDetails>();
  const [contact, setContact] = useState('');
  const [insurance, setInsurance] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let current = true;
    api.details(visit.ticket).then(
      (answer) => current && setDetails(answer),
      (caught) => {
        if (!current) return;
        if (caught instanceof ApiRequestError && (caught.status === 401 || caught.status === 403))
          onKeyRefused();
        else setError(caught);
      },
    );
    return () => {
      current = false;
    };
  }, [api, visit.ticket, onKeyRefused]);

  const nothingOnFile = details !== undefined && !details.mobileEnding && !details.email;
  const ready = details !== undefined && (nothingOnFile || contact !== '') && insurance !== '';

  async function checkIn() {
    if (!details || !ready) return;
    setBusy(true);
    try {
      const result = await api.checkIn({
        ticket: visit.ticket,
        contactStillRight: nothingOnFile ? false : contact === 'yes',
        insurance: insurance as Insurance,
      });
      onCheckedIn(result);
    } catch (caught) {
      if (caught instanceof ApiRequestError && (caught.status === 401 || caught.status === 403))
        onKeyRefused();
      else setError(caught);
      setBusy(false);
    }
  }

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} ref={headingRef} tabIndex={-1}>
          {t('kiosk.confirm.title')}
        </Title>
        <Text fz="xl">
          {t('kiosk.confirm.visit', {
            name: visit.patientName,
            time: timeOf(visit.startsAt),
            provider: visit.providerName,
          })}
        </Text>
      </Stack>
      {!details && !error && (
        <Center py="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      )}
      {details && (
        <>
          {nothingOnFile ? (
            <Alert color="blue" variant="light">
              <Text fz="lg">{t('kiosk.confirm.noContact')}</Text>
            </Alert>
          ) : (
            <Stack gap="xs">
              <Text fz="xl" fw={600}>
                {t('kiosk.confirm.contactOnFile')}
              </Text>
              <List size="xl" spacing="xs">
                {details.mobileEnding && (
                  <List.Item>{t('kiosk.confirm.mobile', { digits: details.mobileEnding })}</List.Item>
                )}
                {details.email && <List.Item>{t('kiosk.confirm.email', { email: details.email })}</List.Item>}
              </List>
              <Question
                id="kiosk-contact-question"
                question={t('kiosk.confirm.stillRight')}
                value={contact}
                onChange={setContact}
                answers={[
                  { value: 'yes', label: t('kiosk.confirm.yes') },
                  { value: 'no', label: t('kiosk.confirm.no') },
                ]}
              />
            </Stack>
          )}
          {details.insurancePayer ? (
            <Question
              id="kiosk-insurance-question"
              question={t('kiosk.confirm.insuranceOnFile', { payer: details.insurancePayer })}
              value={insurance}
              onChange={setInsurance}
              answers={[
                { value: 'same', label: t('kiosk.confirm.insuranceSame') },
                { value: 'changed', label: t('kiosk.confirm.insuranceChanged') },
                { value: 'none', label: t('kiosk.confirm.insuranceNone') },
              ]}
            />
          ) : (
            <Question
              id="kiosk-insurance-question"
              question={t('kiosk.confirm.noInsuranceOnFile')}
              value={insurance}
              onChange={setInsurance}
              answers={[
                { value: 'changed', label: t('kiosk.confirm.yes') },
                { value: 'none', label: t('kiosk.confirm.no') },
              ]}
            />
          )}
        </>
      )}
      {error !== undefined && (
        <Alert color="red" variant="light" role="alert">
          <Text fz="lg">
            {error instanceof ApiRequestError && error.code !== 'unreachable'
              ? t('kiosk.confirm.failed')
              : t('kiosk.unreachable.text')}
          </Text>
        </Alert>
      )}
      <Group grow>
        <Button size="xl" variant="default" onClick={onStartOver} disabled={busy}>
          {t('kiosk.confirm.startOver')}
        </Button>
        <Button size="xl" onClick={() => void checkIn()} disabled={!ready} loading={busy}>
          {t('kiosk.confirm.checkIn')}
        </Button>
      </Group>
    </Stack>
  );
}
