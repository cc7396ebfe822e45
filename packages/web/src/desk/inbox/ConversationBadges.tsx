import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type {
  ConversationChannel,
  ConversationMessage,
  ConversationPriority,
  ConversationSummary,
} from '@patientdesk/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { slaStateOf, waitLength } from './wait-time.ts';

const priorityColour: Record<ConversationPriority, string> = {
  emergency: 'red.9',
  urgent: 'orange',
  high: 'yellow',
  normal: 'gray',
  low: 'gray',
};

export function PriorityBadge({ priority }: { priority: ConversationPriority }) {
  const { t } = useTranslation();
  return (
    <Badge
      size="sm"
      color={priorityColour[priority]}
      variant={priority === 'emergency' ? 'filled' : 'light'}
      aria-label={t('inbox.priority.label', { priority: t(`inbox.priority.${priority}`) })}
    >
      {t(`inbox.priority.${priority}`)}
    </Badge>
  );
}

// Simple line drawings, 16 px: a speech bubble, a shield, a phone, an envelope.
const channelDrawing: Record<ConversationChannel, ReactNode> = {
  web: <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />,
  portal: <path d="M8 1.8l5 2v4c0 3-2.2 5.2-5 6.4-2.8-1.2-5-3.4-5-6.4v-4z M5.8 8l1.6 1.6 3-3.2" />,
  sms: <path d="M5 1.8h6a1 1 0 0 1 1 1v10.4a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V2.8a1 1 0 0 1 1-1z M7 12.2h2" />,
  email: <path d="M2 3.8h12v8.4H2z M2 4l6 4.6L14 4" />,
};

export function ChannelIcon({ channel }: { channel: ConversationChannel }) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinejoin="round"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      {channelDrawing[channel]}
    </svg>
  );
}

/** The channel as an icon and its name (the name is what screen readers hear). */
export function ChannelLabel({ channel }: { channel: ConversationChannel }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" c="gray.8">
      <ChannelIcon channel={channel} />
      <Text size="xs" span>
        {t(`inbox.channel.${channel}`)}
      </Text>
    </Group>
  );
}

/** Who the conversation is with, as far as the desk may say: a name given, else the address. */
export function useContactName(): (conversation: Pick<ConversationSummary, 'contact' | 'channel'>) => string {
  const { t } = useTranslation();
  return ({ contact, channel }) =>
    contact.displayName ?? contact.address ?? t(`inbox.contact.unnamed.${channel}`);
}

/** "waiting 4 min", ticking with `now`; nothing once the contact has been answered. */
export function WaitTime({
  since,
  now,
  color = 'gray.8',
}: {
  since: string | null;
  now: number;
  /** `inherit` on a coloured background (the emergency banner), where grey would not be readable. */
  color?: string;
}) {
  const { t } = useTranslation();
  if (!since) return null;
  const wait = waitLength(since, now);
  return (
    <Text size="xs" fw={600} c={color} span>
      {t(`inbox.wait.${wait.unit}`, wait)}
    </Text>
  );
}

export function SlaBadge({
  conversation,
  now,
}: {
  conversation: Pick<ConversationSummary, 'responseDueAt' | 'slaBreachedAt' | 'status' | 'waitingSince'>;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const sla = slaStateOf(conversation, now);
  if (!sla) return null;
  if (sla.state === 'breached')
    return (
      <Tooltip label={t('inbox.sla.breachedSince', { time: formatDateTime(sla.since) })}>
        <Badge size="sm" color="red" variant="light">
          {t('inbox.sla.breached')}
        </Badge>
      </Tooltip>
    );
  if (sla.state === 'dueSoon')
    return (
      <Badge size="sm" color="orange" variant="light">
        {t('inbox.sla.dueSoon', { count: sla.minutes })}
      </Badge>
    );
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { hour: 'numeric', minute: '2-digit' });
  return (
    <Tooltip label={formatDateTime(sla.dueAt)}>
      <Badge size="sm" color="gray" variant="light">
        {t('inbox.sla.due', { time: time.format(new Date(sla.dueAt)) })}
      </Badge>
    </Tooltip>
  );
}

const deliveryColour = { queued: 'gray', sent: 'blue', delivered: 'green', failed: 'red' } as const;

/** Where an outbound message is on its way: queued, sent, delivered, or failed with the reason. */
export function DeliveryStatus({ message }: { message: ConversationMessage }) {
  const { t } = useTranslation();
  const status = message.deliveryStatus;
  if (message.direction !== 'outbound' || !status || status === 'received') return null;
  return (
    <Group gap={6} wrap="wrap">
      <Badge size="xs" variant="light" color={deliveryColour[status]}>
        {t(`inbox.delivery.${status}`)}
      </Badge>
      {status === 'failed' && (
        <Text size="xs" c="red.9">
          {message.failureReason ?? t('inbox.delivery.noReason')}
        </Text>
      )}
    </Group>
  );
}
