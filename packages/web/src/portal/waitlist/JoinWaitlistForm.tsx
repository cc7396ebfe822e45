import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import type {
  Appointment,
  SchedulingDirectory,
  WaitlistEntry,
  WaitlistJoinRequest,
} from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { formatVisitTime } from '../appointments/visit-time.ts';
import { isoWeekdays, useWaitlistWords } from './waitlist-words.ts';

const none = '';
const formFields = [
  'body.providerId',
  'body.specialty',
  'body.appointmentTypeId',
  'body.locationId',
  'body.weekdays',
  'body.earliestTime',
  'body.latestTime',
  'body.availableFrom',
  'body.availableUntil',
  'body.currentAppointmentId',
];

/**
 * Joining the waitlist: who or which specialty, the kind of visit, where, and the days, hours
 * and dates that suit; optionally a booked visit to move earlier. Only what patients may book
 * online is offered, and only what the chosen provider (or specialty) offers.
 */
export function JoinWaitlistForm({
  directory,
  patientId,
  onJoined,
}: {
  directory: SchedulingDirectory;
  patientId: string;
  onJoined(entry: WaitlistEntry): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const words = useWaitlistWords();
  const form = useRef<HTMLFormElement>(null);
  const submission = useSubmission();
  const [mode, setMode] = useState<'provider' | 'specialty'>('provider');
  const [providerId, setProviderId] = useState(none);
  const [specialty, setSpecialty] = useState(none);
  const [typeId, setTypeId] = useState(none);
  const [locationId, setLocationId] = useState(none);
  const [weekdays, setWeekdays] = useState<string[]>(['1', '2', '3', '4', '5']);
  const [earliest, setEarliest] = useState('08:00');
  const [latest, setLatest] = useState('17:00');
  const [from, setFrom] = useState(none);
  const [until, setUntil] = useState(none);
  const [currentId, setCurrentId] = useState(none);
  const upcoming = useApiData<{ items: Appointment[] }>(
    `/api/portal/patients/${patientId}/appointments?when=upcoming`,
  );
  const movable = (upcoming.data?.items ?? []).filter((visit) => visit.status === 'booked');
  useFocusFirstInvalid(form, submission.error);

  const provider = directory.providers.find((candidate) => candidate.id === providerId);
  const offeredBy = (typeIdToCheck: string) =>
    mode === 'provider'
      ? !provider || provider.appointmentTypeIds.includes(typeIdToCheck)
      : !specialty ||
        directory.providers.some(
          (candidate) =>
            candidate.specialty === specialty && candidate.appointmentTypeIds.includes(typeIdToCheck),
        );
  const types = directory.appointmentTypes.filter((type) => type.bookableOnline && offeredBy(type.id));
  const locations = directory.locations.filter(
    (location) => !provider || provider.locationIds.includes(location.id),
  );

  function chooseVisitToMove(id: string) {
    setCurrentId(id);
    const visit = movable.find((candidate) => candidate.id === id);
    if (!visit) return;
    setTypeId(visit.appointmentType.id);
    if (mode === 'provider' && !providerId) setProviderId(visit.provider.id);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    await submission.submit(async () => {
      const request: Partial<WaitlistJoinRequest> = {
        patientId,
        appointmentTypeId: typeId || undefined,
        weekdays: weekdays.map(Number),
        earliestTime: earliest,
        latestTime: latest,
        ...(mode === 'provider'
          ? { providerId: providerId || undefined }
          : { specialty: specialty || undefined }),
        ...(locationId ? { locationId } : {}),
        ...(from ? { availableFrom: from } : {}),
        ...(until ? { availableUntil: until } : {}),
        ...(currentId ? { currentAppointmentId: currentId } : {}),
      };
      onJoined(await callApi<WaitlistEntry>('POST', '/api/portal/waitlist', request));
    });
  }

  const error = (field: string) => fieldError(submission.error, field);
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby="join-waitlist-heading">
      <Stack>
        <Title order={2} size="h3" id="join-waitlist-heading">
          {t('waitlist.join.heading')}
        </Title>
        {movable.length > 0 && (
          <NativeSelect
            label={t('waitlist.join.move')}
            description={t('waitlist.join.moveHint')}
            data={[
              { value: none, label: t('waitlist.join.newVisit') },
              ...movable.map((visit) => ({
                value: visit.id,
                label: `${formatVisitTime(language, visit.startsAt, visit.timeZone)} · ${visit.appointmentType.name} · ${visit.provider.displayName}`,
              })),
            ]}
            value={currentId}
            onChange={(event) => chooseVisitToMove(event.currentTarget.value)}
            error={error('body.currentAppointmentId')}
          />
        )}
        <Radio.Group
          label={t('waitlist.join.waitFor')}
          value={mode}
          onChange={(value) => setMode(value === 'specialty' ? 'specialty' : 'provider')}
        >
          <Group mt="xs">
            <Radio value="provider" label={t('waitlist.join.aProvider')} />
            <Radio value="specialty" label={t('waitlist.join.aSpecialty')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {mode === 'provider' ? (
            <NativeSelect
              label={t('waitlist.join.provider')}
              data={[
                { value: none, label: t('waitlist.join.chooseProvider') },
                ...directory.providers.map((candidate) => ({
                  value: candidate.id,
                  label: candidate.displayName,
                })),
              ]}
              value={providerId}
              onChange={(event) => setProviderId(event.currentTarget.value)}
              error={error('body.providerId')}
            />
          ) : (
            <NativeSelect
              label={t('waitlist.join.specialty')}
              data={[
                { value: none, label: t('waitlist.join.chooseSpecialty') },
                ...directory.specialties.map((name) => ({ value: name, label: name })),
              ]}
              value={specialty}
              onChange={(event) => setSpecialty(event.currentTarget.value)}
              error={error('body.specialty') ?? error('body.providerId')}
            />
          )}
          <NativeSelect
            label={t('waitlist.join.kind')}
            data={[
              { value: none, label: t('waitlist.join.chooseKind') },
              ...types.map((type) => ({ value: type.id, label: type.name })),
            ]}
            value={types.some((type) => type.id === typeId) ? typeId : none}
            onChange={(event) => setTypeId(event.currentTarget.value)}
            error={error('body.appointmentTypeId')}
          />
          <NativeSelect
            label={t('waitlist.join.location')}
            data={[
              { value: none, label: t('waitlist.join.anyLocation') },
              ...locations.map((location) => ({ value: location.id, label: location.name })),
            ]}
            value={locationId}
            onChange={(event) => setLocationId(event.currentTarget.value)}
            error={error('body.locationId')}
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('waitlist.join.days')}
          value={weekdays}
          onChange={setWeekdays}
          error={error('body.weekdays')}
        >
          <Group mt="xs" gap="md">
            {isoWeekdays.map((day) => (
              <Checkbox key={day} value={String(day)} label={words.weekday(day)} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="time"
            label={t('waitlist.join.earliest')}
            value={earliest}
            onChange={(event) => setEarliest(event.currentTarget.value)}
            error={error('body.earliestTime')}
          />
          <TextInput
            type="time"
            label={t('waitlist.join.latest')}
            value={latest}
            onChange={(event) => setLatest(event.currentTarget.value)}
            error={error('body.latestTime')}
          />
          <TextInput
            type="date"
            label={t('waitlist.join.from')}
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
            error={error('body.availableFrom')}
          />
          <TextInput
            type="date"
            label={t('waitlist.join.until')}
            value={until}
            onChange={(event) => setUntil(event.currentTarget.value)}
            error={error('body.availableUntil')}
          />
        </SimpleGrid>
        <FormError error={formLevelError(submission.error, formFields)} title={t('waitlist.join.failed')} />
        <Group>
          <Button type="submit" loading={submission.busy}>
            {t('waitlist.join.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
