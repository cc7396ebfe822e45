import { Button, Card, Group, List, Loader, Text, Title } from '@mantine/core';
import type { PatientAppointmentSummary } from '@patientdesk/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';

/**
 * Dates of missed visits span a year, so they carry the year; each in the zone of the location
 * where the visit was, with the zone named (the hour the patient was expected there).
 */
function useMissedVisitDates() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return useMemo(
    () => ({
      visit: (instant: string, timeZone: string) =>
        new Intl.DateTimeFormat(language, {
          timeZone,
          weekday: 'short',
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZoneName: 'short',
        }).format(new Date(instant)),
      // A day of the clinic's calendar ("2025-03-10"): read as that date wherever the browser is.
      day: (localDate: string) =>
        new Intl.DateTimeFormat(language, {
          timeZone: 'UTC',
          year: 'numeric',
          month: 'long',
          day: 'numeric',
        }).format(new Date(`${localDate}T12:00:00Z`)),
    }),
    [language],
  );
}

/** How many visits the patient missed in the last 12 months, and which, when asked. */
export function MissedVisitsSection({ patientId, generation }: { patientId: string; generation: number }) {
  const { t } = useTranslation();
  const dates = useMissedVisitDates();
  const [open, setOpen] = useState(false);
  const { data, error, reload } = useApiData<PatientAppointmentSummary>(
    `/api/patients/${patientId}/appointment-summary`,
  );
  // The record was read again (after an edit or an emergency access): count again too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the signal to ask again.
  useEffect(() => reload(), [generation, reload]);
  const missed = data?.recentNoShows;
  const listId = `missed-visits-${patientId}`;
  return (
    <Card withBorder component="section" aria-labelledby="missed-visits-heading">
      <Title order={2} size="h4" id="missed-visits-heading" mb="xs">
        {t('patients.missedVisits.title')}
      </Title>
      <FormError error={error} title={t('patients.missedVisits.failed')} />
      {!missed && !error && <Loader size="sm" aria-label={t('common.loading')} />}
      {missed && missed.count === 0 && <Text c="dimmed">{t('patients.missedVisits.none')}</Text>}
      {missed && missed.count > 0 && (
        <>
          <Group justify="space-between" gap="xs">
            <Text fw={600}>{t('patients.missedVisits.count', { count: missed.count })}</Text>
            <Button
              variant="subtle"
              size="compact-sm"
              aria-expanded={open}
              aria-controls={listId}
              onClick={() => setOpen((value) => !value)}
            >
              {t(open ? 'patients.missedVisits.hide' : 'patients.missedVisits.show')}
            </Button>
          </Group>
          <div id={listId} hidden={!open}>
            <List mt="xs" spacing={4} aria-label={t('patients.missedVisits.listLabel')}>
              {missed.visits.map((visit) => (
                <List.Item key={visit.appointmentId}>
                  {dates.visit(visit.startsAt, visit.timeZone)}: {visit.appointmentType.name}
                </List.Item>
              ))}
            </List>
            <Text size="sm" c="dimmed" mt="xs">
              {missed.visits.length < missed.count
                ? t('patients.missedVisits.latestOnly', {
                    shown: missed.visits.length,
                    total: missed.count,
                    since: dates.day(missed.since),
                  })
                : t('patients.missedVisits.since', { since: dates.day(missed.since) })}
            </Text>
          </div>
        </>
      )}
    </Card>
  );
}
