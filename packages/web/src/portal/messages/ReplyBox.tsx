import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import type { PortalConversation, PortalThread } from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError } from '../../ui/field-errors.ts';
import { usePortalSend } from './use-portal-send.ts';

/**
 * Answering in a thread. A reply is a portal message about the thread's patient: it joins their
 * open portal thread (this one, or, for a secure answer sent from a text or an email, the portal
 * thread about them), so `onSent` gets the thread it landed in.
 */
export function ReplyBox({
  conversation,
  onSent,
}: {
  conversation: PortalConversation;
  onSent(thread: PortalThread): void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const sending = usePortalSend();
  const field = useRef<HTMLTextAreaElement>(null);
  const patient = conversation.patient;

  if (!patient) return <Text c="dimmed">{t('portalMessages.thread.cannotReply')}</Text>;

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!patient) return;
    const thread = await sending.send({ patientId: patient.id, body });
    // Back to the box after a send or a failure: the next words, or the retry, start there.
    field.current?.focus();
    if (!thread) return;
    setBody('');
    onSent(thread);
  }

  return (
    <form onSubmit={send} noValidate>
      <Stack gap="xs">
        <FormError
          error={formLevelError(sending.error, ['body.body'])}
          title={t('portalMessages.thread.replyFailed')}
        />
        <Textarea
          ref={field}
          label={t('portalMessages.thread.reply')}
          description={
            conversation.channel === 'portal'
              ? undefined
              : t('portalMessages.thread.replyGoesToPortal', { name: patient.displayName })
          }
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={5000}
          error={fieldError(sending.error, 'body.body')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={sending.busy}>
            {t('portalMessages.thread.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
