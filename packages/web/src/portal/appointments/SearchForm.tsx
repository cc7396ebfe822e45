import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import type { PortalPatient, SchedulingDirectory } from '@patientdesk/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchCriteria } from './booking-api.ts';
import { useDirectoryNames } from './use-directory.ts';

/** The first step of booking: who the visit is for, and what they are looking for. */

const any = '';
const nearMe = 'near-me';
const distancesInMiles = [5, 10, 25, 50];
const windowsInDays = [7, 14, 30, 60];

export interface BookingSearch {
  patientId: string;
  criteria: SearchCriteria;
}

type Where = { kind: 'any' } | { kind: 'location'; id: string } | { kind: 'near'; withinMiles: number };
type Locating =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'found'; latitude: number; longitude: number }
  | { status: 'refused' };

/** Asks the browser where the patient is (they are asked for permission; a refusal is answered plainly). */
function locate(onAnswer: (answer: Locating) => void) {
  if (!navigator.geolocation) return onAnswer({ status: 'refused' });
  onAnswer({ status: 'asking' });
  navigator.geolocation.getCurrentPosition(
    (position) =>
      onAnswer({
        status: 'found',
        latitude: position.coords.latitude,
        longitude: position.coords.longitude,
      }),
    () => onAnswer({ status: 'refused' }),
    { maximumAge: 10 * 60_000, timeout: 15_000 },
  );
}

export function SearchForm({
  directory,
  patients,
  initial,
  onSearch,
}: {
  directory: SchedulingDirectory;
  patients: PortalPatient[];
  initial: BookingSearch;
  onSearch(search: BookingSearch): void;
}) {
  const { t } = useTranslation();
  const names = useDirectoryNames(directory);
  const start = initial.criteria;
  const [patientId, setPatientId] = useState(initial.patientId);
  const [typeId, setTypeId] = useState(start.appointmentTypeId ?? any);
  const [specialty, setSpecialty] = useState(start.specialty ?? any);
  const [language, setLanguage] = useState(start.language ?? any);
  const [insurance, setInsurance] = useState(start.insurance ?? any);
  const [where, setWhere] = useState<Where>(
    start.near
      ? { kind: 'near', withinMiles: start.near.withinMiles }
      : start.locationId
        ? { kind: 'location', id: start.locationId }
        : { kind: 'any' },
  );
  const [locating, setLocating] = useState<Locating>(
    start.near ? { status: 'found', ...start.near } : { status: 'idle' },
  );
  const [telehealth, setTelehealth] = useState(start.telehealth);
  const [newPatient, setNewPatient] = useState(start.newPatient);
  const [withinDays, setWithinDays] = useState(start.withinDays);

  // Only the kinds of visit that fit the boxes ticked below, so the search cannot contradict itself.
  const types = directory.appointmentTypes.filter(
    (type) =>
      type.bookableOnline &&
      (!telehealth || type.mode === 'telehealth') &&
      (!newPatient || type.patientStatus !== 'established'),
  );
  const chosenType = types.find((type) => type.id === typeId);
  const whereValue = where.kind === 'near' ? nearMe : where.kind === 'location' ? where.id : any;

  function chooseWhere(value: string) {
    if (value === nearMe) {
      setWhere({ kind: 'near', withinMiles: where.kind === 'near' ? where.withinMiles : 10 });
      if (locating.status !== 'found') locate(setLocating);
    } else setWhere(value === any ? { kind: 'any' } : { kind: 'location', id: value });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const near =
      where.kind === 'near' && locating.status === 'found'
        ? { latitude: locating.latitude, longitude: locating.longitude, withinMiles: where.withinMiles }
        : undefined;
    onSearch({
      patientId,
      criteria: {
        appointmentTypeId: chosenType?.id,
        specialty: specialty || undefined,
        language: language || undefined,
        insurance: insurance || undefined,
        locationId: where.kind === 'location' ? where.id : undefined,
        near,
        telehealth,
        newPatient,
        withinDays,
      },
    });
  }

  const typeLabel = (type: (typeof types)[number]) =>
    [
      type.name,
      t('appointments.details.minutes', { count: type.durationMinutes }),
      type.mode === 'telehealth' ? t('appointments.search.byVideo') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {patients.length > 1 && (
          <NativeSelect
            label={t('appointments.search.patient')}
            data={patients.map((patient) => ({ value: patient.id, label: patient.displayName }))}
            value={patientId}
            onChange={(event) => setPatientId(event.currentTarget.value)}
            maw={420}
          />
        )}
        <NativeSelect
          label={t('appointments.search.kind')}
          description={chosenType?.description || undefined}
          data={[
            { value: any, label: t('appointments.search.anyKind') },
            ...types.map((type) => ({ value: type.id, label: typeLabel(type) })),
          ]}
          value={chosenType ? typeId : any}
          onChange={(event) => setTypeId(event.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('appointments.search.specialty')}
            data={[
              { value: any, label: t('appointments.search.anySpecialty') },
              ...directory.specialties.map((name) => ({ value: name, label: name })),
            ]}
            value={specialty}
            onChange={(event) => setSpecialty(event.currentTarget.value)}
          />
          <NativeSelect
            label={t('appointments.search.language')}
            data={[
              { value: any, label: t('appointments.search.anyLanguage') },
              ...directory.languages.map((code) => ({ value: code, label: names.language(code) })),
            ]}
            value={language}
            onChange={(event) => setLanguage(event.currentTarget.value)}
          />
          <NativeSelect
            label={t('appointments.search.insurance')}
            description={t('appointments.search.insuranceHint')}
            data={[
              { value: any, label: t('appointments.search.anyInsurance') },
              ...directory.insurance.map((payer) => ({ value: payer.key, label: payer.name })),
            ]}
            value={insurance}
            onChange={(event) => setInsurance(event.currentTarget.value)}
          />
          <Stack gap={4}>
            <NativeSelect
              label={t('appointments.search.where')}
              data={[
                { value: any, label: t('appointments.search.anyLocation') },
                ...directory.locations.map((location) => ({ value: location.id, label: location.name })),
                { value: nearMe, label: t('appointments.search.nearMe') },
              ]}
              value={whereValue}
              onChange={(event) => chooseWhere(event.currentTarget.value)}
              error={
                where.kind === 'near' && locating.status === 'refused'
                  ? t('appointments.search.locationRefused')
                  : undefined
              }
            />
            {where.kind === 'near' && locating.status === 'asking' && (
              <Text size="sm" role="status">
                {t('appointments.search.locating')}
              </Text>
            )}
          </Stack>
          {where.kind === 'near' && (
            <NativeSelect
              label={t('appointments.search.distance')}
              data={distancesInMiles.map((miles) => ({
                value: String(miles),
                label: t('appointments.search.withinMiles', { count: miles }),
              }))}
              value={String(where.withinMiles)}
              onChange={(event) => setWhere({ kind: 'near', withinMiles: Number(event.currentTarget.value) })}
            />
          )}
          <NativeSelect
            label={t('appointments.search.within')}
            data={windowsInDays.map((days) => ({
              value: String(days),
              label: t('appointments.search.withinDays', { count: days }),
            }))}
            value={String(withinDays)}
            onChange={(event) => setWithinDays(Number(event.currentTarget.value))}
          />
        </SimpleGrid>
        <Checkbox
          label={t('appointments.search.videoOnly')}
          checked={telehealth}
          onChange={(event) => setTelehealth(event.currentTarget.checked)}
        />
        <Checkbox
          label={t('appointments.search.newPatient')}
          description={t('appointments.search.newPatientHint')}
          checked={newPatient}
          onChange={(event) => setNewPatient(event.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button type="submit" disabled={where.kind === 'near' && locating.status !== 'found'} size="md">
            {t('appointments.search.find')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
