import { Badge, Button, Group } from '@mantine/core';
import type { ConversationSummary, ConversationUpdate } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { SnoozeMenu } from './SnoozeMenu.tsx';

const statusColour = { open: 'green', pending: 'blue', snoozed: 'grape', resolved: 'gray' } as const;

/** The status of a conversation and the actions that change it most often (e, s and a on the keyboard). */
export function ConversationActions({
  conversation,
  staffId,
  busy,
  snoozeOpen,
  onSnoozeOpenChange,
  update,
}: {
  conversation: ConversationSummary;
  staffId: string;
  busy: boolean;
  snoozeOpen: boolean;
  onSnoozeOpenChange(opened: boolean): void;
  update(changes: ConversationUpdate): void;
}) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const resolved = conversation.status === 'resolved';
  return (
    <Group gap="xs" wrap="wrap">
      <Badge color={statusColour[conversation.status]} variant="light" size="lg">
        {conversation.status === 'snoozed' && conversation.snoozedUntil
          ? t('inbox.status.snoozedUntil', { time: formatDateTime(conversation.snoozedUntil) })
          : t(`inbox.status.${conversation.status}`)}
      </Badge>
      {resolved ? (
        <Button size="xs" onClick={() => update({ status: 'open' })} disabled={busy}>
          {t('inbox.actions.reopen')}
        </Button>
      ) : (
        <Button size="xs" onClick={() => update({ status: 'resolved' })} disabled={busy}>
          {t('inbox.actions.resolve')}
        </Button>
      )}
      {!resolved &&
        (conversation.status === 'pending' || conversation.status === 'snoozed' ? (
          <Button size="xs" variant="default" onClick={() => update({ status: 'open' })} disabled={busy}>
            {t('inbox.actions.markOpen')}
          </Button>
        ) : (
          <Button size="xs" variant="default" onClick={() => update({ status: 'pending' })} disabled={busy}>
            {t('inbox.actions.markPending')}
          </Button>
        ))}
      <SnoozeMenu
        opened={snoozeOpen}
        onChange={onSnoozeOpenChange}
        disabled={busy || resolved}
        onSnooze={(until) => update({ status: 'snoozed', snoozedUntil: until.toISOString() })}
      />
      {conversation.assignee?.id !== staffId && (
        <Button size="xs" variant="default" onClick={() => update({ assigneeId: staffId })} disabled={busy}>
          {t('inbox.actions.assignToMe')}
        </Button>
      )}
    </Group>
  );
}
