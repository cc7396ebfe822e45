import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import type { ConversationMessage } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { DeliveryStatus } from './ConversationBadges.tsx';
import classes from './inbox.module.css';
import { useInboxPeople } from './inbox-people.tsx';
import { MessageAttachments } from './MessageAttachments.tsx';
import { MessageTriage, TriagedBody } from './MessageTriage.tsx';
import { type TimelineEvent, useTimelineText } from './timeline-text.ts';

export interface ConversationEvent extends TimelineEvent {
  id: string;
  actor: { id: string; displayName: string } | null;
  createdAt: string;
}

export interface ThreadTriage {
  conversationId: string;
  canCorrect: boolean;
  onCorrected: () => void;
}

type Entry =
  | { type: 'message'; at: string; message: ConversationMessage }
  | { type: 'event'; at: string; event: ConversationEvent };

/** Messages, notes and what happened in between, in the order it happened. */
function entriesOf(messages: ConversationMessage[], events: ConversationEvent[]): Entry[] {
  return [
    ...messages.map((message) => ({ type: 'message' as const, at: message.createdAt, message })),
    ...events.map((event) => ({ type: 'event' as const, at: event.createdAt, event })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

function MessageBubble({
  message,
  contactName,
  triage,
}: {
  message: ConversationMessage;
  contactName: string;
  triage: ThreadTriage;
}) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const note = message.kind === 'note';
  const author = message.author.staff?.displayName ?? t(`inbox.thread.author.${message.author.kind}`);
  return (
    <Box
      component="article"
      className={`${classes.message} ${note ? classes.note : ''}`}
      data-direction={message.direction ?? 'note'}
      aria-label={t(note ? 'inbox.thread.noteBy' : 'inbox.thread.messageBy', {
        name: message.direction === 'inbound' ? contactName : author,
      })}
    >
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap={6}>
          {note && (
            <Badge size="xs" color="yellow" variant="filled" c="dark">
              {t('inbox.thread.internalNote')}
            </Badge>
          )}
          <Text size="xs" fw={700}>
            {message.direction === 'inbound' ? contactName : author}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        </Text>
      </Group>
      <Text size="sm">
        <TriagedBody message={message} />
      </Text>
      <MessageAttachments attachments={message.attachments} />
      <MessageTriage
        conversationId={triage.conversationId}
        message={message}
        canCorrect={triage.canCorrect}
        onCorrected={triage.onCorrected}
      />
      {note && message.mentions.length > 0 && (
        <Text size="xs" mt={4} c="gray.8">
          {t('inbox.thread.mentioned', {
            names: message.mentions.map((member) => member.displayName).join(', '),
          })}
        </Text>
      )}
      <Box mt={4}>
        <DeliveryStatus message={message} />
      </Box>
    </Box>
  );
}

/**
 * The conversation as it happened: the contact's messages, the answers with their delivery,
 * yellow internal notes, and the timeline's events between them. It scrolls to the newest.
 */
export function ConversationThread({
  messages,
  events,
  contactName,
  typing,
  triage,
}: {
  messages: ConversationMessage[];
  events: ConversationEvent[];
  contactName: string;
  /** Whose thread it is, and whether the viewer may correct triage (clinicians, supervisors). */
  triage: ThreadTriage;
  /** Who is typing now, said in words; nothing when nobody is. */
  typing: string | undefined;
}) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const people = useInboxPeople();
  const timelineText = useTimelineText(people);
  const entries = entriesOf(messages, events);
  const thread = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new entry (or a typing line) is why it scrolls.
  useEffect(() => {
    const element = thread.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [entries.length, typing]);

  return (
    // A log: screen readers announce what is added (a new message, "typing…").
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
    <div className={classes.thread} ref={thread} role="log" aria-label={t('inbox.thread.label')} tabIndex={0}>
      <Stack gap="sm">
        {entries.map((entry) =>
          entry.type === 'message' ? (
            <MessageBubble
              key={entry.message.id}
              message={entry.message}
              contactName={contactName}
              triage={triage}
            />
          ) : (
            <Text key={entry.event.id} size="xs" c="gray.8" className={classes.event}>
              {timelineText(entry.event)}
              {entry.event.actor && ` · ${entry.event.actor.displayName}`} ·{' '}
              <time dateTime={entry.event.createdAt}>{formatDateTime(entry.event.createdAt)}</time>
            </Text>
          ),
        )}
      </Stack>
      <Box mt="sm" mih="1.5em">
        {typing && (
          <Text size="sm" c="gray.8" fs="italic">
            {typing}
          </Text>
        )}
      </Box>
    </div>
  );
}
