import {
  Alert,
  Button,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { KioskLookupRequest, KioskVisit } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/client.ts';
import { fieldError, useFocusFirstInvalid } from '../ui/field-errors.ts';
import type { KioskStepProps } from './KioskFlow.tsx';

type Way = 'name' | 'code';

const months = Array.from({ length: 12 }, (_unused, index) => index + 1);
const twoDigits = (value: string) => value.padStart(2, '0');

/** The birth date typed into three boxes, as YYYY-MM-DD; undefined while incomplete or impossible. */
export function birthDateOf(year: string, month: string, day: string): string | undefined {
  if (!/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return undefined;
  const iso = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Step 1: the patient says who they are (last name and date of birth) or types their code. */
export function FindVisitStep({
  api,
  headingRef,
  onKeyRefused,
  onFound,
}: KioskStepProps & { onFound(visits: KioskVisit[]): void }) {
  const { t, i18n } = useTranslation();
  const [way, setWay] = useState<Way>('name');
  const [lastName, setLastName] = useState('');
  const [month, setMonth] = useState('');
  const [day, setDay] = useState('');
  const [year, setYear] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [nothingFound, setNothingFound] = useState(false);
  const [birthDateMissing, setBirthDateMissing] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error ?? (birthDateMissing ? true : undefined));
  const monthName = new Intl.DateTimeFormat(i18n.resolvedLanguage, { month: 'long', timeZone: 'UTC' });

  async function find(event: FormEvent) {
    event.preventDefault();
    setNothingFound(false);
    setBirthDateMissing(false);
    let request: KioskLookupRequest;
    if (way === 'code') request = { code: code.trim() };
    else {
      const birthDate = birthDateOf(year.trim(), month, day.trim());
      if (!birthDate) {
        setBirthDateMissing(true);
        return;
      }
      request = { lastName: lastName.trim(), birthDate };
    }
    setBusy(true);
    try {
      const { visits } = await api.lookup(request);
      setError(undefined);
      if (visits.length === 0) setNothingFound(true);
      else onFound(visits);
    } catch (caught) {
      if (caught instanceof ApiRequestError && (caught.status === 401 || caught.status === 403))
        onKeyRefused();
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const birthDateError = birthDateMissing
    ? t('kiosk.find.birthDateInvalid')
    : fieldError(error, 'body.birthDate');
  const generalError =
    error instanceof ApiRequestError && error.code === 'rate_limited'
      ? t('kiosk.find.tooManyTries')
      : error instanceof ApiRequestError && error.code === 'invalid_request'
        ? undefined
        : error
          ? t('kiosk.unreachable.text')
          : undefined;

  return (
    <Stack gap="lg">
      <Title order={1} ref={headingRef} tabIndex={-1}>
        {t('kiosk.find.title')}
      </Title>
      <Text fz="xl">{t('kiosk.find.intro')}</Text>
      <SegmentedControl
        size="xl"
        fullWidth
        value={way}
        onChange={(value) => {
          setWay(value as Way);
          setNothingFound(false);
          setError(undefined);
        }}
        aria-label={t('kiosk.find.how')}
        data={[
          { value: 'name', label: t('kiosk.find.byName') },
          { value: 'code', label: t('kiosk.find.byCode') },
        ]}
      />
      <form ref={form} onSubmit={(event) => void find(event)} noValidate>
        <Stack gap="lg">
          {way === 'name' ? (
            <>
              <TextInput
                size="xl"
                label={t('kiosk.find.lastName')}
                autoComplete="off"
                required
                value={lastName}
                onChange={(event) => setLastName(event.currentTarget.value)}
                error={fieldError(error, 'body.lastName')}
              />
              <Stack gap={4} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                <Text component="legend" fz="lg" fw={500} mb={4}>
                  {t('kiosk.find.birthDate')}
                </Text>
                <Group grow align="flex-start">
                  <NativeSelect
                    size="xl"
                    label={t('kiosk.find.month')}
                    value={month}
                    onChange={(event) => setMonth(event.currentTarget.value)}
                    error={birthDateError ? true : undefined}
                    data={[
                      { value: '', label: t('kiosk.find.chooseMonth') },
                      ...months.map((number) => ({
                        value: String(number),
                        label: monthName.format(new Date(Date.UTC(2000, number - 1, 1))),
                      })),
                    ]}
                  />
                  <TextInput
                    size="xl"
                    label={t('kiosk.find.day')}
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={2}
                    value={day}
                    onChange={(event) => setDay(event.currentTarget.value.replace(/\D/g, ''))}
                    error={birthDateError ? true : undefined}
                  />
                  <TextInput
                    size="xl"
                    label={t('kiosk.find.year')}
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={4}
                    placeholder={t('kiosk.find.yearExample')}
                    value={year}
                    onChange={(event) => setYear(event.currentTarget.value.replace(/\D/g, ''))}
                    error={birthDateError ? true : undefined}
                  />
                </Group>
                {birthDateError && (
                  <Text c="red.8" fz="lg" role="alert">
                    {birthDateError}
                  </Text>
                )}
              </Stack>
            </>
          ) : (
            <TextInput
              size="xl"
              label={t('kiosk.find.code')}
              description={t('kiosk.find.codeHint')}
              autoComplete="off"
              autoCapitalize="characters"
              required
              value={code}
              onChange={(event) => setCode(event.currentTarget.value.toUpperCase())}
              error={fieldError(error, 'body.code')}
            />
          )}
          <div role="status" aria-live="polite">
            {nothingFound && (
              <Alert color="orange" variant="light" title={t('kiosk.find.nothingTitle')}>
                <Text fz="lg">{t('kiosk.find.nothingText')}</Text>
              </Alert>
            )}
          </div>
          {generalError && (
            <Alert color="red" variant="light" role="alert">
              <Text fz="lg">{generalError}</Text>
            </Alert>
          )}
          <Button type="submit" size="xl" loading={busy}>
            {t('kiosk.find.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
