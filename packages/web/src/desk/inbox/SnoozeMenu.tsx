import { Button, Group, Menu, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { customSnoozeTime, localDateTimeValue, snoozePresets } from './snooze-times.ts';

/**
 * Puts a conversation away until a time: in an hour, tomorrow morning, next Monday morning, or
 * a time the agent picks. It comes back by itself then, or sooner if the contact writes.
 */
export function SnoozeMenu({
  opened,
  onChange,
  onSnooze,
  disabled,
}: {
  opened: boolean;
  onChange(opened: boolean): void;
  onSnooze(until: Date): void;
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [customOpen, setCustomOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string>();
  const presets = snoozePresets(new Date());
  const when = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  });

  function snoozeCustom(event: FormEvent) {
    event.preventDefault();
    const until = customSnoozeTime(custom, new Date());
    if (!until) {
      setCustomError(t('inbox.snooze.customInvalid'));
      return;
    }
    setCustomOpen(false);
    onSnooze(until);
  }

  return (
    <>
      <Menu opened={opened} onChange={onChange} position="bottom-start">
        <Menu.Target>
          <Button variant="default" size="xs" disabled={disabled}>
            {t('inbox.actions.snooze')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onSnooze(presets.inOneHour)}>{t('inbox.snooze.oneHour')}</Menu.Item>
          <Menu.Item onClick={() => onSnooze(presets.tomorrowMorning)}>
            {t('inbox.snooze.tomorrow', { when: when.format(presets.tomorrowMorning) })}
          </Menu.Item>
          <Menu.Item onClick={() => onSnooze(presets.nextWeekMorning)}>
            {t('inbox.snooze.nextWeek', { when: when.format(presets.nextWeekMorning) })}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            onClick={() => {
              setCustom(localDateTimeValue(presets.tomorrowMorning));
              setCustomError(undefined);
              setCustomOpen(true);
            }}
          >
            {t('inbox.snooze.custom')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <AdminModal
        opened={customOpen}
        onClose={() => setCustomOpen(false)}
        title={t('inbox.snooze.customTitle')}
      >
        <form onSubmit={snoozeCustom} noValidate>
          <Stack>
            <TextInput
              type="datetime-local"
              label={t('inbox.snooze.until')}
              description={t('inbox.snooze.untilHint')}
              value={custom}
              min={localDateTimeValue(new Date())}
              onChange={(event) => {
                setCustom(event.currentTarget.value);
                setCustomError(undefined);
              }}
              error={customError}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCustomOpen(false)}>
                {t('inbox.common.cancel')}
              </Button>
              <Button type="submit">{t('inbox.snooze.confirm')}</Button>
            </Group>
          </Stack>
        </form>
      </AdminModal>
    </>
  );
}
