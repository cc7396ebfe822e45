import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import type { PortalConversation, PortalThread, SignedInPortalUser } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { usePortalSession } from '../portal-session.tsx';
import { ConversationList } from './ConversationList.tsx';
import { conversationTitle } from './conversation-texts.ts';
import { NewMessageForm } from './NewMessageForm.tsx';
import { useRefreshWhileVisible } from './use-refresh-while-visible.ts';

/** "Sent", with the way to the thread; focused, so everyone learns the message went. */
function SentNotice({ thread }: { thread: PortalThread }) {
  const { t } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => notice.current?.focus(), []);
  return (
    <Alert color="green" variant="light" role="status" ref={notice} tabIndex={-1}>
      {t('portalMessages.newMessage.sent')}{' '}
      <Anchor component={Link} to={`/portal/messages/${thread.conversation.id}`}>
        {t('portalMessages.newMessage.openThread', { title: conversationTitle(t, thread.conversation) })}
      </Anchor>
    </Alert>
  );
}

/** /portal/messages: the person's secure threads with the clinic, and a new message to it. */
export function MessagesPage({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  usePageTitle(t('portalMessages.title'));
  const { chosenPatient } = usePortalSession();
  const list = useApiData<{ items: PortalConversation[] }>('/api/portal/conversations');
  // Counted, so a second message sent from the page is announced (and focused) again.
  const [sent, setSent] = useState<{ thread: PortalThread; count: number }>();
  useRefreshWhileVisible(list.reload);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('portalMessages.title')}</Title>
        <Text c="dimmed">{t('portalMessages.intro')}</Text>
      </div>
      {/* Patients write to the clinic in a crisis; the way to urgent help comes before the form. */}
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      {sent && <SentNotice key={sent.count} thread={sent.thread} />}
      <NewMessageForm
        patients={user.patients}
        chosenPatient={chosenPatient}
        onSent={(thread) => {
          setSent((previous) => ({ thread, count: (previous?.count ?? 0) + 1 }));
          list.reload();
        }}
      />
      <Stack component="section" aria-labelledby="conversations-heading" gap="sm">
        <Title order={2} size="h3" id="conversations-heading">
          {t('portalMessages.list.heading')}
        </Title>
        <FormError error={list.error} title={t('portalMessages.list.failed')} />
        {list.data ? (
          <ConversationList conversations={list.data.items} showPatient={user.patients.length > 1} />
        ) : (
          !list.error && <Loading />
        )}
      </Stack>
    </Stack>
  );
}
