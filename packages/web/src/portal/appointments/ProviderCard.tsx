import { Avatar, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { FreeTime, ProviderSearchHit, SchedulingDirectory } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { milesOf } from './booking-api.ts';
import { FreeTimeButtons } from './FreeTimeButtons.tsx';
import { ProviderCalendar } from './ProviderCalendar.tsx';
import { useDirectoryNames } from './use-directory.ts';

const initialsOf = (name: string) =>
  name
    .replace(/,.*$/, '')
    .split(/\s+/)
    .filter((word) => !/\.$/.test(word))
    .map((word) => word[0])
    .join('')
    .slice(0, 2);

/**
 * One provider in the results: who they are (photo, specialty, languages, insurance, bio), where,
 * and their next free times as buttons; "More times" opens their calendar day by day.
 */
export function ProviderCard({
  hit,
  directory,
  locationId,
  onPick,
  picking,
  busy,
}: {
  hit: ProviderSearchHit;
  directory: SchedulingDirectory;
  /** The location the search was narrowed to, which the calendar keeps to. */
  locationId?: string | undefined;
  onPick(time: FreeTime): void;
  picking?: FreeTime | undefined;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const names = useDirectoryNames(directory);
  const [moreTimes, setMoreTimes] = useState(false);
  const { provider } = hit;
  const headingId = `provider-${provider.id}`;
  const calendarId = `provider-calendar-${provider.id}`;
  const places = provider.locationIds.flatMap((id) => names.location(id) ?? []);
  const zoneOf = (time: FreeTime) =>
    names.location(time.locationId)?.timeZone ?? directory.organization.timeZone;
  const placeOf = places.length > 1 ? (time: FreeTime) => names.location(time.locationId)?.name : undefined;
  const distance = new Intl.NumberFormat(i18n.resolvedLanguage, {
    style: 'unit',
    unit: 'mile',
    maximumFractionDigits: 1,
  });
  const list = (items: string[]) =>
    new Intl.ListFormat(i18n.resolvedLanguage, { type: 'conjunction' }).format(items);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group align="flex-start" wrap="nowrap" gap="md">
          {provider.photoUrl ? (
            <Avatar
              src={provider.photoUrl}
              alt={t('appointments.provider.photo', { name: provider.displayName })}
              size={72}
            />
          ) : (
            <Avatar size={72} color="clinicTeal" aria-hidden>
              {initialsOf(provider.displayName)}
            </Avatar>
          )}
          <Stack gap={4}>
            <Title order={3} size="h4" id={headingId}>
              {provider.displayName}
            </Title>
            {provider.specialty && <Text>{provider.specialty}</Text>}
            <Group gap="xs">
              {provider.acceptingNewPatients && (
                <Badge variant="light" color="clinicTeal">
                  {t('appointments.provider.acceptingNew')}
                </Badge>
              )}
              {provider.offersTelehealth && (
                <Badge variant="light" color="blue">
                  {t('appointments.provider.videoVisits')}
                </Badge>
              )}
            </Group>
          </Stack>
        </Group>
        {provider.languages.length > 0 && (
          <Text size="sm">
            <strong>{t('appointments.provider.languages')}</strong>{' '}
            {list(provider.languages.map(names.language))}
          </Text>
        )}
        {provider.acceptedInsurance.length > 0 && (
          <Text size="sm">
            <strong>{t('appointments.provider.insurance')}</strong>{' '}
            {list(provider.acceptedInsurance.map(names.payer))}
          </Text>
        )}
        {places.length > 0 && (
          <Text size="sm">
            <strong>{t('appointments.provider.locations')}</strong> {list(places.map((place) => place.name))}
            {hit.distanceKm !== null &&
              ` · ${t('appointments.provider.distance', { distance: distance.format(milesOf(hit.distanceKm)) })}`}
          </Text>
        )}
        {provider.bio && (
          <Text size="sm" c="dimmed" lineClamp={4}>
            {provider.bio}
          </Text>
        )}
        <Text size="sm" fw={600}>
          {t('appointments.provider.nextTimes', {
            kind:
              directory.appointmentTypes.find((type) => type.id === hit.appointmentType.id)?.name ??
              hit.appointmentType.name,
            minutes: hit.appointmentType.durationMinutes,
          })}
        </Text>
        <FreeTimeButtons
          times={hit.nextFreeTimes}
          zoneOf={zoneOf}
          placeOf={placeOf}
          onPick={onPick}
          picking={picking}
          disabled={busy}
        />
        <Group>
          <Button
            variant="subtle"
            size="sm"
            aria-expanded={moreTimes}
            aria-controls={moreTimes ? calendarId : undefined}
            onClick={() => setMoreTimes((open) => !open)}
          >
            {moreTimes ? t('appointments.provider.fewerTimes') : t('appointments.provider.moreTimes')}
          </Button>
        </Group>
        {moreTimes && (
          <section
            id={calendarId}
            aria-label={t('appointments.provider.calendar', { name: provider.displayName })}
          >
            <ProviderCalendar
              providerId={provider.id}
              appointmentTypeId={hit.appointmentType.id}
              locationId={locationId}
              zoneOf={zoneOf}
              placeOf={placeOf}
              onPick={onPick}
              picking={picking}
              disabled={busy}
            />
          </section>
        )}
      </Stack>
    </Card>
  );
}
