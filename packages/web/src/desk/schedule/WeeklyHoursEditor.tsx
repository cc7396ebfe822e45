import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ProviderScheduleProfile, ScheduleRule } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { RuleDialog } from './RuleDialog.tsx';
import { choiceOf, type WeekdayCode, weekdayCodes, weekdaysOf } from './recurrence.ts';
import { useScheduleTime } from './schedule-time.ts';

type Place = ProviderScheduleProfile['locations'][number];

/** "every other week", "1st Saturday of the month", or nothing for plain weekly hours. */
function useRepeatNote() {
  const { t } = useTranslation();
  const time = useScheduleTime();
  return (rule: ScheduleRule): string | undefined => {
    const choice = choiceOf(rule.recurrence);
    if (choice.kind === 'weekly') return undefined;
    if (choice.kind === 'every-other-week') return t('schedule.hours.everyOtherWeek');
    if (choice.kind === 'monthly')
      return t('schedule.hours.monthlyNote', {
        ordinal: t(`schedule.ordinals.${choice.ordinal}`),
        weekday: time.weekday(choice.monthlyWeekday),
      });
    return rule.recurrence;
  };
}

/** The dates a rule is limited to, when it is. */
function useDatesNote() {
  const { t } = useTranslation();
  const time = useScheduleTime();
  return (rule: ScheduleRule): string =>
    rule.endsOn
      ? t('schedule.hours.between', { from: time.day(rule.startsOn), to: time.day(rule.endsOn) })
      : t('schedule.hours.from', { from: time.day(rule.startsOn) });
}

/**
 * The weekly hours, location by location and weekday by weekday, several blocks a day. A rule
 * covering several weekdays shows under each; editing or removing it changes all of them.
 */
export function WeeklyHoursEditor({
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
  const repeatNote = useRepeatNote();
  const datesNote = useDatesNote();
  const [editing, setEditing] = useState<{
    rule?: ScheduleRule;
    locationId: string;
    weekday?: WeekdayCode;
  }>();
  const [removing, setRemoving] = useState<ScheduleRule>();
  const places: Place[] = profile.locations.filter(
    (place) => place.active || profile.rules.some((rule) => rule.locationId === place.locationId),
  );
  const sorted = [...profile.rules].sort((a, b) => a.startTime.localeCompare(b.startTime));
  const describe = (rule: ScheduleRule) =>
    t('schedule.hours.ruleSummary', {
      hours: `${time.wallClock(rule.startTime)} – ${time.wallClock(rule.endTime)}`,
      days: weekdaysOf(rule.recurrence)
        .map((code) => time.shortWeekday(code))
        .join(', '),
    });

  function block(rule: ScheduleRule, place: Place) {
    const note = repeatNote(rule);
    const hours = `${time.wallClock(rule.startTime)} – ${time.wallClock(rule.endTime)}`;
    return (
      <Group key={rule.id} gap={6} wrap="nowrap" align="center">
        <Text size="sm" fw={500}>
          {hours}
        </Text>
        {note && (
          <Badge size="sm" variant="light" color="violet">
            {note}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {datesNote(rule)}
        </Text>
        {mayManage && (
          <>
            <Button
              size="compact-xs"
              variant="subtle"
              aria-label={t('schedule.hours.editLabel', { rule: describe(rule), location: place.name })}
              onClick={() => setEditing({ rule, locationId: rule.locationId })}
            >
              {t('schedule.hours.edit')}
            </Button>
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              aria-label={t('schedule.hours.removeLabel', { rule: describe(rule), location: place.name })}
              onClick={() => setRemoving(rule)}
            >
              {t('schedule.hours.remove')}
            </Button>
          </>
        )}
      </Group>
    );
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="weekly-hours-heading">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id="weekly-hours-heading">
            {t('schedule.hours.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('schedule.hours.intro')}
          </Text>
        </div>
        {places.length === 0 && <Text size="sm">{t('schedule.hours.noLocation')}</Text>}
        {places.map((place) => {
          const rules = sorted.filter((rule) => rule.locationId === place.locationId);
          const otherDays = rules.filter((rule) => weekdaysOf(rule.recurrence).length === 0);
          return (
            <Stack key={place.locationId} gap="xs" component="section" aria-label={place.name}>
              <Title order={3} size="h4">
                {place.name}{' '}
                <Text span size="sm" c="dimmed" fw={400}>
                  {t('schedule.hours.zone', { zone: time.zone(place.timeZone) })}
                </Text>
              </Title>
              {!place.active && <Text size="sm">{t('schedule.hours.inactiveLocation')}</Text>}
              <Table withRowBorders verticalSpacing={6}>
                <Table.Tbody>
                  {weekdayCodes.map((code) => {
                    const day = rules.filter((rule) => weekdaysOf(rule.recurrence).includes(code));
                    return (
                      <Table.Tr key={code}>
                        <Table.Th scope="row" w={130}>
                          {time.weekday(code)}
                        </Table.Th>
                        <Table.Td>
                          <Stack gap={4}>
                            {day.length === 0 && (
                              <Text size="sm" c="dimmed">
                                {t('schedule.hours.notWorking')}
                              </Text>
                            )}
                            {day.map((rule) => block(rule, place))}
                          </Stack>
                        </Table.Td>
                        <Table.Td w={150} ta="right">
                          {mayManage && place.active && (
                            <Button
                              size="compact-sm"
                              variant="default"
                              aria-label={t('schedule.hours.addOnLabel', {
                                weekday: time.weekday(code),
                                location: place.name,
                              })}
                              onClick={() => {
                                onChanging();
                                setEditing({ locationId: place.locationId, weekday: code });
                              }}
                            >
                              {t('schedule.hours.add')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                  {otherDays.length > 0 && (
                    <Table.Tr>
                      <Table.Th scope="row">{t('schedule.hours.otherDays')}</Table.Th>
                      <Table.Td colSpan={2}>
                        <Stack gap={4}>{otherDays.map((rule) => block(rule, place))}</Stack>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Stack>
          );
        })}
      </Stack>
      {editing && (
        <RuleDialog
          providerId={profile.id}
          places={places.filter((place) => place.active)}
          rule={editing.rule}
          locationId={editing.locationId}
          weekday={editing.weekday}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            onChanged(
              t(editing.rule ? 'schedule.hours.changed' : 'schedule.hours.added', { rule: describe(saved) }),
            );
          }}
        />
      )}
      <ConfirmDialog
        opened={removing !== undefined}
        title={t('schedule.hours.removeTitle')}
        confirmLabel={t('schedule.hours.removeConfirm')}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          if (!removing) return;
          await callApi('DELETE', `/api/scheduling/providers/${profile.id}/rules/${removing.id}`);
          onChanged(t('schedule.hours.removed', { rule: describe(removing) }));
        }}
      >
        {removing ? t('schedule.hours.removeText', { rule: describe(removing) }) : ''}
      </ConfirmDialog>
    </Card>
  );
}
