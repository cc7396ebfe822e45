import { Group, Text } from '@mantine/core';
import type { WidgetMessage } from '@patientdesk/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../ui/dates.ts';
import classes from './messages.module.css';

/**
 * The thread as a chat: the person's own messages on the right, the clinic's on the left with
 * the first name of who answered. A log, so screen readers announce each message that arrives.
 */
export function MessageLog({ messages, clinicName }: { messages: WidgetMessage[]; clinicName: string }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const log = useRef<HTMLDivElement>(null);
  const newest = messages.at(-1)?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new newest message is why it scrolls.
  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [newest]);

  const authorOf = (message: WidgetMessage) => {
    if (message.from === 'visitor') return t('portalMessages.thread.you');
    if (message.from === 'assistant') return t('portalMessages.thread.assistant');
    return message.agentName ?? clinicName;
  };

  return (
    <div
      className={classes.log}
      ref={log}
      role="log"
      aria-label={t('portalMessages.thread.log')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
      tabIndex={0}
    >
      {messages.length === 0 && <Text c="dimmed">{t('portalMessages.thread.empty')}</Text>}
      {messages.map((message) => (
        <div
          key={message.id}
          className={classes.message}
          data-side={message.from === 'visitor' ? 'own' : 'theirs'}
        >
          <Group gap="xs" justify="space-between" wrap="wrap">
            <Text size="xs" fw={700}>
              {authorOf(message)}
            </Text>
            <Text size="xs" c="gray.8">
              <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
            </Text>
          </Group>
          <Text size="sm">{message.body}</Text>
        </div>
      ))}
    </div>
  );
}
