import { Button, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { ProviderScheduleProfile, ScheduleRule, ScheduleRuleInput } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { fieldError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { useSubmission } from '../../ui/use-submission.ts';
import { onlyAbout } from './field-errors.ts';
import {
  choiceOf,
  defaultRepeat,
  type Ordinal,
  ordinals,
  type RepeatChoice,
  type RepeatKind,
  recurrenceOf,
  repeatKinds,
  type WeekdayCode,
  weekdayCodes,
} from './recurrence.ts';
import { todayIn, useScheduleTime } from './schedule-time.ts';

type Place = ProviderScheduleProfile['locations'][number];

const fields = [
  'body.locationId',
  'body.recurrence',
  'body.startsOn',
  'body.endsOn',
  'body.startTime',
  'body.endTime',
];

/**
 * Adds or changes one working-hours rule: where, which days (every week, every other week, one
 * weekday of the month, or an RRULE as written), which hours, and from (and until) when.
 */
export function RuleDialog({
  providerId,
  places,
  rule,
  locationId,
  weekday,
  onClose,
  onSaved,
}: {
  providerId: string;
  places: Place[];
  rule?: ScheduleRule;
  locationId: string;
  weekday?: WeekdayCode;
  onClose(): void;
  onSaved(rule: ScheduleRule): void;
}) {
  const { t } = useTranslation();
  const time = useScheduleTime();
  const place = places.find((candidate) => candidate.locationId === locationId);
  const [where, setWhere] = useState(rule?.locationId ?? locationId);
  const [repeat, setRepeat] = useState<RepeatChoice>(
    rule
      ? choiceOf(rule.recurrence)
      : { ...defaultRepeat, weekdays: weekday ? [weekday] : [], monthlyWeekday: weekday ?? 'SA' },
  );
  const [hours, setHours] = useState({
    startTime: rule?.startTime ?? '09:00',
    endTime: rule?.endTime ?? '12:00',
    startsOn: rule?.startsOn ?? todayIn(place?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
    endsOn: rule?.endsOn ?? '',
  });
  const [noDays, setNoDays] = useState(false);
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const setRepeatPart = (part: Partial<RepeatChoice>) => setRepeat((current) => ({ ...current, ...part }));
  const setHour = (name: keyof typeof hours) => (event: { currentTarget: HTMLInputElement }) => {
    const { value } = event.currentTarget;
    setHours((current) => ({ ...current, [name]: value }));
  };

  function save(event: FormEvent) {
    event.preventDefault();
    const weekly = repeat.kind === 'weekly' || repeat.kind === 'every-other-week';
    setNoDays(weekly && repeat.weekdays.length === 0);
    if (weekly && repeat.weekdays.length === 0) return;
    const body: ScheduleRuleInput = {
      locationId: where,
      recurrence: recurrenceOf(repeat),
      startsOn: hours.startsOn,
      endsOn: hours.endsOn === '' ? null : hours.endsOn,
      startTime: hours.startTime,
      endTime: hours.endTime,
    };
    void submit(async () => {
      const saved = rule
        ? await callApi<ScheduleRule>('PUT', `/api/scheduling/providers/${providerId}/rules/${rule.id}`, body)
        : await callApi<ScheduleRule>('POST', `/api/scheduling/providers/${providerId}/rules`, body);
      onSaved(saved);
    });
  }

  return (
    <AdminModal
      opened
      onClose={() => !busy && onClose()}
      title={t(rule ? 'schedule.rule.editTitle' : 'schedule.rule.addTitle')}
      size="lg"
    >
      <form ref={form} onSubmit={save} noValidate>
        <Stack gap="md">
          <FormError error={onlyAbout(error, fields) ? undefined : error} title={t('schedule.saveFailed')} />
          <Select
            label={t('schedule.rule.location')}
            data={places.map((candidate) => ({ value: candidate.locationId, label: candidate.name }))}
            value={where}
            onChange={(value) => value && setWhere(value)}
            allowDeselect={false}
            error={fieldError(error, 'body.locationId')}
          />
          <Radio.Group
            label={t('schedule.rule.repeat')}
            value={repeat.kind}
            onChange={(value) => setRepeatPart({ kind: value as RepeatKind })}
            error={fieldError(error, 'body.recurrence')}
          >
            <Group gap="md" mt="xs">
              {repeatKinds.map((kind) => (
                <Radio key={kind} value={kind} label={t(`schedule.rule.kinds.${kind}`)} />
              ))}
            </Group>
          </Radio.Group>
          {(repeat.kind === 'weekly' || repeat.kind === 'every-other-week') && (
            <Checkbox.Group
              label={t('schedule.rule.weekdays')}
              description={
                repeat.kind === 'every-other-week' ? t('schedule.rule.everyOtherWeekHint') : undefined
              }
              value={repeat.weekdays}
              onChange={(value) => setRepeatPart({ weekdays: value as WeekdayCode[] })}
              error={noDays ? t('schedule.rule.chooseDay') : undefined}
            >
              <Group gap="sm" mt="xs">
                {weekdayCodes.map((code) => (
                  <Checkbox key={code} value={code} label={time.weekday(code)} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
          {repeat.kind === 'monthly' && (
            <Group grow>
              <Select
                label={t('schedule.rule.which')}
                data={ordinals.map((ordinal) => ({
                  value: String(ordinal),
                  label: t(`schedule.ordinals.${ordinal}`),
                }))}
                value={String(repeat.ordinal)}
                onChange={(value) => value && setRepeatPart({ ordinal: Number(value) as Ordinal })}
                allowDeselect={false}
              />
              <Select
                label={t('schedule.rule.weekdayOfMonth')}
                data={weekdayCodes.map((code) => ({ value: code, label: time.weekday(code) }))}
                value={repeat.monthlyWeekday}
                onChange={(value) => value && setRepeatPart({ monthlyWeekday: value as WeekdayCode })}
                allowDeselect={false}
              />
            </Group>
          )}
          {repeat.kind === 'custom' && (
            <TextInput
              label={t('schedule.rule.custom')}
              description={t('schedule.rule.customHint')}
              value={repeat.custom}
              onChange={(event) => setRepeatPart({ custom: event.currentTarget.value })}
              ff="monospace"
            />
          )}
          <SimpleGrid cols={2}>
            <TextInput
              type="time"
              label={t('schedule.rule.startTime')}
              value={hours.startTime}
              onChange={setHour('startTime')}
              required
              error={fieldError(error, 'body.startTime')}
            />
            <TextInput
              type="time"
              label={t('schedule.rule.endTime')}
              value={hours.endTime}
              onChange={setHour('endTime')}
              required
              error={fieldError(error, 'body.endTime')}
            />
            <TextInput
              type="date"
              label={t('schedule.rule.startsOn')}
              value={hours.startsOn}
              onChange={setHour('startsOn')}
              required
              error={fieldError(error, 'body.startsOn')}
            />
            <TextInput
              type="date"
              label={t('schedule.rule.endsOn')}
              description={t('schedule.rule.endsOnHint')}
              value={hours.endsOn}
              onChange={setHour('endsOn')}
              error={fieldError(error, 'body.endsOn')}
            />
          </SimpleGrid>
          {place && (
            <Text size="xs" c="dimmed">
              {t('schedule.rule.zoneNote', { zone: time.zone(place.timeZone) })}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('adminCommon.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t(rule ? 'schedule.rule.saveChange' : 'schedule.rule.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
