import { Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ExtraHours, ExtraHoursInput, ProviderScheduleProfile } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { todayIn, useScheduleTime } from './schedule-time.ts';

const fields = ['body.locationId', 'body.date', 'body.startTime', 'body.endTime', 'body.reason'];

/** Hours on one day outside the weekly rules (a Saturday flu clinic), added and removed here. */
export function ExtraHoursSection({
  profile,
  mayManage,
  onChanging,
  onChanged,
}: {
  profile: ProviderScheduleProfile;
  mayManage: boolean;
  onChanging(): void;
  onChanged(message: string): void;
}) {
  const { t } = useTranslation();
  const time = useScheduleTime();
  const places = profile.locations.filter((place) => place.active);
  const placeOf = (id: string) => profile.locations.find((place) => place.locationId === id);
  const [values, setValues] = useState<ExtraHoursInput>({
    locationId: places[0]?.locationId ?? '',
    date: todayIn(places[0]?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
    startTime: '09:00',
    endTime: '12:00',
    reason: '',
  });
  const [removing, setRemoving] = useState<ExtraHours>();
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const set = (name: keyof ExtraHoursInput) => (event: { currentTarget: HTMLInputElement }) => {
    const { value } = event.currentTarget;
    setValues((current) => ({ ...current, [name]: value }));
  };
  const describe = (hours: Pick<ExtraHours, 'date' | 'startTime' | 'endTime'>) =>
    t('schedule.extra.summary', {
      day: time.day(hours.date),
      hours: `${time.wallClock(hours.startTime)} – ${time.wallClock(hours.endTime)}`,
    });

  function add(event: FormEvent) {
    event.preventDefault();
    onChanging();
    void submit(async () => {
      const added = await callApi<ExtraHours>(
        'POST',
        `/api/scheduling/providers/${profile.id}/extra-hours`,
        values,
      );
      setValues((current) => ({ ...current, reason: '' }));
      onChanged(t('schedule.extra.added', { hours: describe(added) }));
    });
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="extra-hours-heading">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id="extra-hours-heading">
            {t('schedule.extra.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('schedule.extra.intro')}
          </Text>
        </div>
        {profile.extraHours.length === 0 ? (
          <Text size="sm">{t('schedule.extra.none')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('schedule.extra.when')}</Table.Th>
                <Table.Th>{t('schedule.extra.location')}</Table.Th>
                <Table.Th>{t('schedule.extra.reason')}</Table.Th>
                {mayManage && <Table.Th>{t('schedule.extra.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {profile.extraHours.map((hours) => (
                <Table.Tr key={hours.id}>
                  <Table.Td>{describe(hours)}</Table.Td>
                  <Table.Td>{placeOf(hours.locationId)?.name ?? ''}</Table.Td>
                  <Table.Td>{hours.reason}</Table.Td>
                  {mayManage && (
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        aria-label={t('schedule.extra.removeLabel', { hours: describe(hours) })}
                        onClick={() => {
                          onChanging();
                          setRemoving(hours);
                        }}
                      >
                        {t('schedule.extra.remove')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {mayManage && places.length > 0 && (
          <form ref={form} onSubmit={add} noValidate aria-label={t('schedule.extra.addTitle')}>
            <Stack gap="sm">
              <Title order={3} size="h5">
                {t('schedule.extra.addTitle')}
              </Title>
              <FormError error={formLevelError(error, fields)} title={t('schedule.saveFailed')} />
              <Group align="flex-start" grow>
                <Select
                  label={t('schedule.extra.location')}
                  data={places.map((place) => ({ value: place.locationId, label: place.name }))}
                  value={values.locationId}
                  onChange={(value) => value && setValues((current) => ({ ...current, locationId: value }))}
                  allowDeselect={false}
                  error={fieldError(error, 'body.locationId')}
                />
                <TextInput
                  type="date"
                  label={t('schedule.extra.date')}
                  value={values.date}
                  onChange={set('date')}
                  required
                  error={fieldError(error, 'body.date')}
                />
                <TextInput
                  type="time"
                  label={t('schedule.extra.startTime')}
                  value={values.startTime}
                  onChange={set('startTime')}
                  required
                  error={fieldError(error, 'body.startTime')}
                />
                <TextInput
                  type="time"
                  label={t('schedule.extra.endTime')}
                  value={values.endTime}
                  onChange={set('endTime')}
                  required
                  error={fieldError(error, 'body.endTime')}
                />
              </Group>
              <TextInput
                label={t('schedule.extra.reasonOptional')}
                value={values.reason ?? ''}
                onChange={set('reason')}
                error={fieldError(error, 'body.reason')}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('schedule.extra.add')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
      <ConfirmDialog
        opened={removing !== undefined}
        title={t('schedule.extra.removeTitle')}
        confirmLabel={t('schedule.extra.removeConfirm')}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          if (!removing) return;
          await callApi('DELETE', `/api/scheduling/providers/${profile.id}/extra-hours/${removing.id}`);
          onChanged(t('schedule.extra.removed', { hours: describe(removing) }));
        }}
      >
        {removing ? t('schedule.extra.removeText', { hours: describe(removing) }) : ''}
      </ConfirmDialog>
    </Card>
  );
}
