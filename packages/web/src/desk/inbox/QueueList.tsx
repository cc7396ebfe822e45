import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import type { ConversationSummary } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ChannelLabel, PriorityBadge, SlaBadge, useContactName, WaitTime } from './ConversationBadges.tsx';
import classes from './inbox.module.css';
import { isFiltered, type QueueFilters } from './inbox-query.ts';
import { useNow } from './use-now.ts';

/** The time of the last message: the hour today, the date before. */
function useLastMessageTime() {
  const { i18n } = useTranslation();
  const today = new Intl.DateTimeFormat(i18n.resolvedLanguage, { hour: 'numeric', minute: '2-digit' });
  const earlier = new Intl.DateTimeFormat(i18n.resolvedLanguage, { month: 'short', day: 'numeric' });
  return (instant: string) => {
    const date = new Date(instant);
    return date.toDateString() === new Date().toDateString() ? today.format(date) : earlier.format(date);
  };
}

function QueueItem({
  conversation,
  selected,
  search,
  now,
}: {
  conversation: ConversationSummary;
  selected: boolean;
  search: string;
  now: number;
}) {
  const { t } = useTranslation();
  const contactName = useContactName();
  const lastMessageTime = useLastMessageTime();
  return (
    <li>
      <Link
        to={`/desk/inbox/${conversation.id}${search}`}
        className={classes.queueItem}
        aria-current={selected ? 'page' : undefined}
        data-priority={conversation.priority}
        data-conversation-id={conversation.id}
      >
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <PriorityBadge priority={conversation.priority} />
            <ChannelLabel channel={conversation.channel} />
          </Group>
          <Text size="xs" c="dimmed" span>
            <time dateTime={conversation.lastMessageAt}>{lastMessageTime(conversation.lastMessageAt)}</time>
          </Text>
        </Group>
        <Text fw={600} truncate mt={4}>
          {contactName(conversation)}
        </Text>
        {conversation.subject && (
          <Text size="sm" truncate>
            {conversation.subject}
          </Text>
        )}
        <Text size="sm" c="gray.8" truncate>
          {conversation.preview ?? t('inbox.queue.messages', { count: conversation.messagesCount })}
        </Text>
        <Group gap={6} mt={4} wrap="wrap">
          <WaitTime since={conversation.waitingSince} now={now} />
          <SlaBadge conversation={conversation} now={now} />
          {conversation.preview !== null && (
            <Text size="xs" c="gray.8" span>
              {t('inbox.queue.messages', { count: conversation.messagesCount })}
            </Text>
          )}
          <Text size="xs" c="gray.8" span>
            {conversation.assignee
              ? t('inbox.queue.assignedTo', { name: conversation.assignee.displayName })
              : t('inbox.queue.unassigned')}
          </Text>
          {conversation.tags.map((tag) => (
            <Badge key={tag} size="xs" variant="outline" color="gray">
              {tag}
            </Badge>
          ))}
        </Group>
      </Link>
    </li>
  );
}

/** The conversations of the queue, in the server's order (priority, then SLA, then wait). */
export function QueueList({
  items,
  error,
  filters,
  selectedId,
  search,
}: {
  items: ConversationSummary[] | undefined;
  error: unknown;
  filters: QueueFilters;
  selectedId: string | undefined;
  search: string;
}) {
  const { t } = useTranslation();
  const now = useNow();
  if (error && !items) return <FormError error={error} title={t('inbox.queue.failed')} />;
  if (!items) return <Loading />;
  return (
    <Stack gap={0}>
      {error ? <FormError error={error} title={t('inbox.queue.failed')} /> : null}
      {items.length === 0 ? (
        <Alert color="gray" variant="light" m="sm" role="status">
          {t(isFiltered(filters) ? 'inbox.queue.noneMatch' : `inbox.queue.empty.${filters.view}`)}
        </Alert>
      ) : (
        <ul
          className={classes.queueList}
          aria-label={t('inbox.queue.label', { view: t(`inbox.views.${filters.view}`) })}
        >
          {items.map((conversation) => (
            <QueueItem
              key={conversation.id}
              conversation={conversation}
              selected={conversation.id === selectedId}
              search={search}
              now={now}
            />
          ))}
        </ul>
      )}
    </Stack>
  );
}
