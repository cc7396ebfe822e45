import { Alert, Anchor, Badge, Box, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import type { OutboxMessage } from '@patientdesk/contracts';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { MessageBody } from './MessageBody.tsx';
import { SimulateInbound } from './SimulateInbound.tsx';

const knownPurposes = new Set([
  'staff-invitation',
  'password-reset',
  'portal-sign-in-code',
  'conversation-reply',
]);
/** Appointment notices (scheduling), named in their own texts. */
const noticePurposes = new Set([
  'appointment-confirmation',
  'appointment-rescheduled',
  'appointment-cancelled',
  'appointment-reminder',
]);

/** The files kept with an email (an appointment's .ics), each a download. */
function Attachments({ message }: { message: OutboxMessage }) {
  const { t, i18n } = useTranslation();
  const kilobytes = new Intl.NumberFormat(i18n.language, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 1,
  });
  const listId = `outbox-${message.id}-attachments`;
  return (
    <Box>
      <Text size="sm" fw={500} id={listId}>
        {t('adminOutboxNotices.attachments')}
      </Text>
      <List size="sm" aria-labelledby={listId}>
        {message.attachments.map((file) => (
          <List.Item key={file.index}>
            <Anchor
              href={`/api/admin/outbox/${message.id}/attachments/${file.index}`}
              download={file.filename}
            >
              {t('adminOutboxNotices.download', {
                filename: file.filename,
                size: kilobytes.format(Math.max(0.1, file.size / 1024)),
              })}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Box>
  );
}

/** The threading headers of a conversation's email, as a mail program would read them. */
function EmailHeaders({ headers }: { headers: NonNullable<OutboxMessage['emailHeaders']> }) {
  const { t } = useTranslation();
  const rows: [string, string | undefined][] = [
    [t('adminOutbox.headers.from'), headers.from],
    [t('adminOutbox.headers.messageId'), headers.messageId],
    [t('adminOutbox.headers.inReplyTo'), headers.inReplyTo],
    [t('adminOutbox.headers.references'), headers.references?.join(' ')],
  ];
  return (
    <Box
      component="dl"
      m={0}
      fz="xs"
      c="dimmed"
      style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 8 }}
    >
      {rows
        .filter((row): row is [string, string] => Boolean(row[1]))
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd style={{ margin: 0, wordBreak: 'break-all' }}>{value}</dd>
          </Fragment>
        ))}
    </Box>
  );
}

function OutboxEntry({ message }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const headingId = `outbox-${message.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge variant="light" color={message.channel === 'email' ? 'blue' : 'grape'}>
                {t(`adminOutbox.channels.${message.channel}`)}
              </Badge>
              <Title order={3} size="h5" id={headingId}>
                {message.subject ?? t('adminOutbox.noSubject')}
              </Title>
            </Group>
            <Text size="sm">{t('adminOutbox.to', { recipient: message.recipient })}</Text>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="sm">{formatTime(message.createdAt)}</Text>
            <Text size="xs" c="dimmed">
              {knownPurposes.has(message.purpose)
                ? t(`adminOutbox.purposes.${message.purpose}`)
                : noticePurposes.has(message.purpose)
                  ? t(`adminOutboxNotices.purposes.${message.purpose}`)
                  : message.purpose}
            </Text>
          </Stack>
        </Group>
        {message.emailHeaders && <EmailHeaders headers={message.emailHeaders} />}
        <MessageBody body={message.body} />
        {message.attachments.length > 0 && <Attachments message={message} />}
      </Stack>
    </Card>
  );
}

/** /admin/outbox: the email and SMS this installation keeps instead of sending, newest first. */
export function OutboxPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useApiData<{ items: OutboxMessage[] }>('/api/admin/outbox');
  return (
    <Stack gap="lg">
      <PageHeading
        title={t('adminOutbox.title')}
        actions={
          <Button variant="default" onClick={reload}>
            {t('adminOutbox.refresh')}
          </Button>
        }
      />
      <Alert color="blue" variant="light" title={t('adminOutbox.explainTitle')}>
        {t('adminOutbox.explain')}
      </Alert>
      <SimulateInbound />
      <Title order={2} size="h4">
        {t('adminOutbox.kept')}
      </Title>
      <FormError error={error} title={t('adminOutbox.loadFailed')} />
      {!data && !error && <Loading />}
      {data?.items.length === 0 && <Text c="dimmed">{t('adminOutbox.empty')}</Text>}
      {data?.items.map((message) => (
        <OutboxEntry key={message.id} message={message} />
      ))}
    </Stack>
  );
}
