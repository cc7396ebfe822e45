import { Badge, Group, Text } from '@mantine/core';
import type { PortalConversation } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { conversationTitle, statusKey } from './conversation-texts.ts';
import classes from './messages.module.css';

const statusColor = { open: 'clinicTeal', pending: 'orange', resolved: 'gray' } as const;

export function StatusBadge({ status }: { status: PortalConversation['status'] }) {
  const { t } = useTranslation();
  const key = statusKey(status);
  return (
    <Badge variant="light" color={statusColor[key]} c={key === 'resolved' ? 'gray.8' : undefined}>
      {t(`portalMessages.status.${key}`)}
    </Badge>
  );
}

/**
 * The person's threads with the clinic, newest first (as the server orders them), each a link
 * to the conversation; the patient is named when the person acts for several.
 */
export function ConversationList({
  conversations,
  showPatient,
}: {
  conversations: PortalConversation[];
  showPatient: boolean;
}) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  if (conversations.length === 0) return <Text c="dimmed">{t('portalMessages.list.empty')}</Text>;
  return (
    <ul className={classes.conversationList}>
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          <Link to={`/portal/messages/${conversation.id}`} className={classes.conversationLink}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text fw={600} className={classes.conversationTitle}>
                {conversationTitle(t, conversation)}
              </Text>
              <StatusBadge status={conversation.status} />
            </Group>
            {conversation.preview && (
              <Text size="sm" lineClamp={1}>
                {conversation.preview}
              </Text>
            )}
            <Text size="sm" c="gray.8">
              {showPatient && conversation.patient && (
                <>{t('portalMessages.list.about', { name: conversation.patient.displayName })} · </>
              )}
              {t('portalMessages.list.messages', { count: conversation.messagesCount })} ·{' '}
              {t('portalMessages.list.lastMessage')}{' '}
              <time dateTime={conversation.lastMessageAt}>{formatDateTime(conversation.lastMessageAt)}</time>
            </Text>
          </Link>
        </li>
      ))}
    </ul>
  );
}
