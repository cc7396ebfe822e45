import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { FreeTime, ProviderSearchResult, SchedulingDirectory } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import classes from './appointments.module.css';
import type { SearchCriteria } from './booking-api.ts';
import { ProviderCard } from './ProviderCard.tsx';
import { TimeTakenNotice } from './TimeTakenNotice.tsx';
import { useDirectoryNames } from './use-directory.ts';

/** Why the patient is back at the times: someone took the time, or the hold ran out. */
export type TimesNotice = (
  | { kind: 'taken'; offers: FreeTime[]; holdRanOut: boolean }
  | { kind: 'expired' }
) & {
  /** Counts the notices, so a second one in a row is a new alert (focused and announced again). */
  serial: number;
};

/** "The hold ran out": focused, so the patient hears why the details form went away. */
function HoldExpired() {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => notice.current?.focus(), []);
  return (
    <Alert ref={notice} tabIndex={-1} color="yellow" role="alert" title={t('appointments.hold.expiredTitle')}>
      {t('appointments.hold.expired')}
    </Alert>
  );
}

/** What was searched for, in one line: "Spanish · Aetna · within 14 days". */
function SearchSummary({
  criteria,
  directory,
}: {
  criteria: SearchCriteria;
  directory: SchedulingDirectory;
}) {
  const { t } = useTranslation();
  const names = useDirectoryNames(directory);
  const type = directory.appointmentTypes.find((candidate) => candidate.id === criteria.appointmentTypeId);
  const parts = [
    type?.name,
    criteria.specialty,
    criteria.language && t('appointments.results.speaks', { language: names.language(criteria.language) }),
    criteria.insurance && t('appointments.results.accepts', { insurance: names.payer(criteria.insurance) }),
    criteria.locationId && names.location(criteria.locationId)?.name,
    criteria.near && t('appointments.search.withinMiles', { count: criteria.near.withinMiles }),
    criteria.telehealth && t('appointments.search.byVideo'),
    criteria.newPatient && t('appointments.results.newPatient'),
    t('appointments.search.withinDays', { count: criteria.withinDays }),
  ].filter(Boolean);
  return <Text c="dimmed">{parts.join(' · ')}</Text>;
}

/** The second step: providers that fit, soonest free first, each with times to choose. */
export function SearchResults({
  results,
  criteria,
  directory,
  notice,
  holdError,
  picking,
  onPick,
  onChangeSearch,
}: {
  results: ApiData<ProviderSearchResult>;
  criteria: SearchCriteria;
  directory: SchedulingDirectory;
  notice: TimesNotice | undefined;
  holdError: unknown;
  picking: FreeTime | undefined;
  onPick(time: FreeTime): void;
  onChangeSearch(): void;
}) {
  const { t } = useTranslation();
  const zoneOf = (time: FreeTime) =>
    directory.locations.find((location) => location.id === time.locationId)?.timeZone ??
    directory.organization.timeZone;
  const items = results.data?.items;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" gap="xs">
        <SearchSummary criteria={criteria} directory={directory} />
        <Button variant="default" size="sm" onClick={onChangeSearch}>
          {t('appointments.results.changeSearch')}
        </Button>
      </Group>
      {notice?.kind === 'expired' && <HoldExpired key={notice.serial} />}
      {notice?.kind === 'taken' && (
        <TimeTakenNotice
          key={notice.serial}
          offers={notice.offers}
          holdRanOut={notice.holdRanOut}
          zoneOf={zoneOf}
          onPick={onPick}
          picking={picking}
        />
      )}
      <FormError error={holdError} title={t('appointments.hold.failed')} />
      <FormError error={results.error} title={t('appointments.results.failed')} />
      {!items && !results.error && <Loading />}
      {items && (
        <Text role="status" size="sm">
          {t('appointments.results.count', { count: items.length })}
        </Text>
      )}
      {items?.length === 0 && <Text>{t('appointments.results.none')}</Text>}
      {items && items.length > 0 && (
        <ul className={classes.plainList}>
          {items.map((hit) => (
            <li key={hit.provider.id}>
              <ProviderCard
                hit={hit}
                directory={directory}
                locationId={criteria.near ? undefined : criteria.locationId}
                onPick={onPick}
                picking={picking}
                busy={picking !== undefined}
              />
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
