import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { ConversationSummary } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';

/** Over SMS or plain email a reply is held when it looks like health information. */
export const isPhiHold = (error: unknown): error is ApiRequestError =>
  error instanceof ApiRequestError && error.code === 'phi_on_insecure_channel';

export const isOptedOut = (conversation: ConversationSummary) =>
  conversation.channel === 'sms' && conversation.contact.optedOut;

/** Over SMS or plain email files only go with a secure portal message; the server refuses the plain reply. */
const isFilesRefusedOnChannel = (
  error: unknown,
  conversation: ConversationSummary,
): error is ApiRequestError =>
  error instanceof ApiRequestError &&
  (conversation.channel === 'sms' || conversation.channel === 'email') &&
  // The other refusal of the same field (a file no longer waiting) is a plain error.
  error.details.some(
    (detail) => detail.field === 'body.attachmentIds' && detail.message.includes('deliverSecurely'),
  );

/** The way out of a hold: the same reply as a secure portal message, once the contact is verified. */
function SecureSendOffer({
  conversation,
  busy,
  onSendSecurely,
  verifyFirst,
}: {
  conversation: ConversationSummary;
  busy: boolean;
  onSendSecurely(): void;
  /** What to do instead when the contact is not verified yet. */
  verifyFirst: string;
}) {
  const { t } = useTranslation();
  const canSendSecurely = conversation.identityVerified && conversation.patientId !== null;
  return canSendSecurely ? (
    <Group mt="sm">
      <Button size="xs" onClick={onSendSecurely} loading={busy}>
        {t('inbox.composer.held.sendSecurely')}
      </Button>
      <Text size="xs" c="gray.8">
        {t('inbox.composer.held.secureExplain')}
      </Text>
    </Group>
  ) : (
    <Text size="sm" mt="sm">
      {verifyFirst}
    </Text>
  );
}

/**
 * Why a reply was held, with the words that made it look like health information, and the way
 * out: the same text as a secure portal message (the contact only gets "you have a new secure
 * message"), which needs a contact whose identity was verified.
 */
function PhiHold({
  error,
  conversation,
  busy,
  onSendSecurely,
}: {
  error: ApiRequestError;
  conversation: ConversationSummary;
  busy: boolean;
  onSendSecurely(): void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" role="alert" title={t('inbox.composer.held.title')}>
      <Text size="sm">
        {t('inbox.composer.held.explain', { channel: t(`inbox.channel.${conversation.channel}`) })}
      </Text>
      {error.details.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('inbox.composer.held.findings')}
          </Text>
          <List size="sm">
            {error.details.map((finding) => (
              <List.Item key={finding.message}>{finding.message}</List.Item>
            ))}
          </List>
        </>
      )}
      <SecureSendOffer
        conversation={conversation}
        busy={busy}
        onSendSecurely={onSendSecurely}
        verifyFirst={t('inbox.composer.held.verifyFirst')}
      />
    </Alert>
  );
}

/**
 * What stands between the agent and sending: a hold, files the channel cannot carry, an
 * opt-out, a resolved conversation, or an error.
 */
export function ComposerNotices({
  mode,
  conversation,
  error,
  busy,
  onSendSecurely,
  onReopen,
}: {
  mode: 'message' | 'note';
  conversation: ConversationSummary;
  error: unknown;
  busy: boolean;
  onSendSecurely(): void;
  onReopen(): void;
}) {
  const { t } = useTranslation();
  if (mode === 'message' && isPhiHold(error))
    return <PhiHold error={error} conversation={conversation} busy={busy} onSendSecurely={onSendSecurely} />;
  if (mode === 'message' && isFilesRefusedOnChannel(error, conversation))
    return (
      <Alert color="orange" variant="light" role="alert" title={t('inbox.attachments.notOnChannel')}>
        <Text size="sm">{error.message}</Text>
        <SecureSendOffer
          conversation={conversation}
          busy={busy}
          onSendSecurely={onSendSecurely}
          verifyFirst={t('inbox.attachments.verifyFirst')}
        />
      </Alert>
    );
  const optedOut =
    isOptedOut(conversation) || (error instanceof ApiRequestError && error.code === 'contact_opted_out');
  return (
    <>
      {mode === 'message' && optedOut && (
        <Alert color="red.9" variant="light" role="alert" title={t('inbox.composer.optedOut.title')}>
          {t('inbox.composer.optedOut.explain')}
        </Alert>
      )}
      {mode === 'message' && conversation.status === 'resolved' && (
        <Alert color="gray" variant="light" title={t('inbox.composer.resolved.title')}>
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('inbox.composer.resolved.explain')}</Text>
            <Button size="xs" variant="default" onClick={onReopen}>
              {t('inbox.actions.reopen')}
            </Button>
          </Group>
        </Alert>
      )}
      {!(error instanceof ApiRequestError && error.code === 'contact_opted_out') && (
        <FormError error={error} title={t('inbox.composer.failed')} />
      )}
    </>
  );
}
