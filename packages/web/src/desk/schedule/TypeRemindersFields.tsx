import { ActionIcon, Button, Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../ui/field-errors.ts';
import { errorWithin } from './field-errors.ts';
import { newRowKey, type OffsetUnit, offsetUnits, type ReminderRow } from './type-form.ts';

/** When the reminders of a visit of this kind go out: an amount of minutes, hours or days before. */
export function TypeRemindersFields({
  reminders,
  onChange,
  error,
  mayManage,
}: {
  reminders: ReminderRow[];
  onChange(reminders: ReminderRow[]): void;
  error: unknown;
  mayManage: boolean;
}) {
  const { t } = useTranslation();
  const readOnly = !mayManage;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="type-reminders">
      <Stack gap="sm">
        <Title order={2} size="h4" id="type-reminders">
          {t('schedule.typeForm.reminders')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('schedule.typeForm.remindersHint')}
        </Text>
        {reminders.map((reminder, index) => (
          <Group key={reminder.key} align="flex-start" gap="xs">
            <NumberInput
              label={t('schedule.typeForm.reminderAmount', { number: index + 1 })}
              value={reminder.amount}
              onChange={(value) =>
                onChange(reminders.map((row, at) => (at === index ? { ...row, amount: value } : row)))
              }
              allowDecimal={false}
              w={160}
              readOnly={readOnly}
              error={errorWithin(error, `body.reminderOffsetsMinutes.${index}`)}
            />
            <Select
              label={t('schedule.typeForm.reminderUnit', { number: index + 1 })}
              data={offsetUnits.map((unit) => ({
                value: unit,
                label: t(`schedule.typeForm.units.${unit}`),
              }))}
              value={reminder.unit}
              onChange={(value) =>
                value &&
                onChange(
                  reminders.map((row, at) => (at === index ? { ...row, unit: value as OffsetUnit } : row)),
                )
              }
              allowDeselect={false}
              w={160}
              readOnly={readOnly}
            />
            {mayManage && (
              <ActionIcon
                mt={28}
                variant="light"
                color="red"
                aria-label={t('schedule.typeForm.removeReminder', { number: index + 1 })}
                onClick={() => onChange(reminders.filter((_, at) => at !== index))}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {fieldError(error, 'body.reminderOffsetsMinutes') && (
          <Text size="sm" c="red.9">
            {fieldError(error, 'body.reminderOffsetsMinutes')}
          </Text>
        )}
        {mayManage && (
          <Group>
            <Button
              variant="default"
              size="sm"
              onClick={() => onChange([...reminders, { key: newRowKey(), amount: 1, unit: 'days' }])}
            >
              {t('schedule.typeForm.addReminder')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
