import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type {
  FreeTime,
  ProviderSearchHit,
  ProviderSearchResult,
  SchedulingDirectory,
} from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import classes from './booking.module.css';
import type { BookingFilters, UnlistedPayer } from './booking-defaults.ts';
import { FreeTimeButtons } from './FreeTimeChoices.tsx';
import { ProviderCalendarDays } from './ProviderCalendarDays.tsx';
import { languageName } from './visit-time.ts';

const windows = [7, 14, 30, 60, 90];

/** The search the filters ask for; nothing until a kind of visit is chosen. */
function searchPath(filters: BookingFilters): string | undefined {
  if (!filters.appointmentTypeId) return undefined;
  const params = new URLSearchParams({
    appointmentType: filters.appointmentTypeId,
    withinDays: String(filters.withinDays),
    timesPerProvider: '4',
    // One provider asked for: the search has no provider filter, so ask for every match and pick.
    limit: filters.providerId ? '100' : '20',
  });
  if (filters.specialty) params.set('specialty', filters.specialty);
  if (filters.language) params.set('language', filters.language);
  if (filters.insurance) params.set('insurance', filters.insurance);
  return `/api/providers/search?${params}`;
}

function ProviderResult({
  hit,
  directory,
  appointmentTypeId,
  disabled,
  onChoose,
}: {
  hit: ProviderSearchHit;
  directory: SchedulingDirectory;
  appointmentTypeId: string;
  disabled: boolean;
  onChoose(time: FreeTime): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const [calendarOpen, setCalendarOpen] = useState(false);
  const { provider } = hit;
  const calendarId = `calendar-${provider.id}`;
  return (
    <li className={classes.item}>
      <Stack gap={6}>
        <div>
          <Title order={4} size="sm">
            {provider.displayName}
          </Title>
          <Text size="xs" c="dimmed">
            {[provider.specialty, provider.languages.map((code) => languageName(code, language)).join(', ')]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </div>
        <FreeTimeButtons
          times={hit.nextFreeTimes}
          directory={directory}
          label={t('booking.find.nextTimes', { provider: provider.displayName })}
          disabled={disabled}
          onChoose={onChoose}
          showPlace={provider.locationIds.length > 1}
        />
        <Group>
          <Button
            size="compact-sm"
            variant="subtle"
            aria-expanded={calendarOpen}
            aria-controls={calendarOpen ? calendarId : undefined}
            onClick={() => setCalendarOpen((open) => !open)}
          >
            {calendarOpen ? t('booking.find.hideCalendar') : t('booking.find.showCalendar')}
          </Button>
        </Group>
        {calendarOpen && (
          <div id={calendarId}>
            <ProviderCalendarDays
              providerId={provider.id}
              providerName={provider.displayName}
              appointmentTypeId={appointmentTypeId}
              directory={directory}
              disabled={disabled}
              onChoose={onChoose}
              dayHeadingLevel={5}
            />
          </div>
        )}
      </Stack>
    </li>
  );
}

/**
 * Finding a time for the patient: the kind of visit (staff-only ones too), then the providers
 * who match the filters with their next free times, soonest first, and each one's calendar.
 */
export function BookingFinder({
  directory,
  filters,
  onFiltersChange,
  unlistedPayer,
  clearedFilters,
  disabled,
  onChoose,
}: {
  directory: SchedulingDirectory;
  filters: BookingFilters;
  onFiltersChange(filters: BookingFilters): void;
  unlistedPayer: UnlistedPayer | null;
  /** The filters with nothing but the kind of visit and the window, for "Clear filters". */
  clearedFilters: BookingFilters;
  disabled: boolean;
  onChoose(time: FreeTime): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const set = (changes: Partial<BookingFilters>) => onFiltersChange({ ...filters, ...changes });
  const offering = directory.providers.filter(
    (provider) =>
      !filters.appointmentTypeId || provider.appointmentTypeIds.includes(filters.appointmentTypeId),
  );
  // A provider who does not offer this kind of visit is no filter at all.
  const providerId = offering.some((provider) => provider.id === filters.providerId)
    ? filters.providerId
    : '';
  const path = searchPath({ ...filters, providerId });
  const search = useApiData<ProviderSearchResult>(path);
  const hits = search.data?.items.filter((hit) => !providerId || hit.provider.id === providerId);
  const filtered =
    providerId !== '' || filters.specialty !== '' || filters.language !== '' || filters.insurance !== '';

  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('booking.find.type')}
        value={filters.appointmentTypeId}
        onChange={(event) => set({ appointmentTypeId: event.currentTarget.value })}
        data={[
          { value: '', label: t('booking.find.chooseType') },
          ...directory.appointmentTypes.map((type) => ({
            value: type.id,
            label: t(type.bookableOnline ? 'booking.find.typeOption' : 'booking.find.typeOptionStaff', {
              name: type.name,
              minutes: type.durationMinutes,
            }),
          })),
        ]}
      />
      <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
        <NativeSelect
          size="xs"
          label={t('booking.find.provider')}
          value={providerId}
          onChange={(event) => set({ providerId: event.currentTarget.value })}
          data={[
            { value: '', label: t('booking.find.anyProvider') },
            ...offering.map((provider) => ({ value: provider.id, label: provider.displayName })),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('booking.find.specialty')}
          value={filters.specialty}
          onChange={(event) => set({ specialty: event.currentTarget.value })}
          data={[
            { value: '', label: t('booking.find.anySpecialty') },
            ...directory.specialties.map((specialty) => ({ value: specialty, label: specialty })),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('booking.find.language')}
          value={filters.language}
          onChange={(event) => set({ language: event.currentTarget.value })}
          data={[
            { value: '', label: t('booking.find.anyLanguage') },
            ...directory.languages.map((code) => ({ value: code, label: languageName(code, language) })),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('booking.find.insurance')}
          value={filters.insurance}
          onChange={(event) => set({ insurance: event.currentTarget.value })}
          data={[
            { value: '', label: t('booking.find.anyInsurance') },
            ...directory.insurance.map((payer) => ({ value: payer.key, label: payer.name })),
            ...(unlistedPayer ? [unlistedPayer] : []),
          ]}
        />
        <NativeSelect
          size="xs"
          label={t('booking.find.within')}
          value={String(filters.withinDays)}
          onChange={(event) => set({ withinDays: Number(event.currentTarget.value) })}
          data={windows.map((days) => ({
            value: String(days),
            label: t('booking.find.days', { count: days }),
          }))}
        />
      </SimpleGrid>
      {!path ? (
        <Text size="sm" c="dimmed">
          {t('booking.find.chooseTypeFirst')}
        </Text>
      ) : search.error && !search.data ? (
        <FormError error={search.error} title={t('booking.find.failed')} />
      ) : !hits ? (
        <Loading />
      ) : hits.length === 0 ? (
        <Stack gap={6} align="flex-start" role="status">
          <Text size="sm">{t('booking.find.none', { count: filters.withinDays })}</Text>
          {filtered && (
            <Button size="compact-sm" variant="default" onClick={() => onFiltersChange(clearedFilters)}>
              {t('booking.find.clear')}
            </Button>
          )}
        </Stack>
      ) : (
        <ul className={classes.plainList} aria-label={t('booking.find.results')}>
          {hits.map((hit) => (
            <ProviderResult
              key={hit.provider.id}
              hit={hit}
              directory={directory}
              appointmentTypeId={filters.appointmentTypeId}
              disabled={disabled}
              onChoose={onChoose}
            />
          ))}
        </ul>
      )}
    </Stack>
  );
}
