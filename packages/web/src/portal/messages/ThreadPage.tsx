import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { PortalThread, SignedInPortalUser } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { usePageTitle } from '../../app/page-title.ts';
import { Loading } from '../../ui/Loading.tsx';
import { StatusBadge } from './ConversationList.tsx';
import { conversationTitle } from './conversation-texts.ts';
import { MessageLog } from './MessageLog.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { useRefreshWhileVisible } from './use-refresh-while-visible.ts';

/** /portal/messages/:id: one thread with the clinic, kept up to date while it is on screen. */
export function ThreadPage({ user }: { user: SignedInPortalUser }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useApiData<PortalThread>(id && `/api/portal/conversations/${id}`);
  useRefreshWhileVisible(reload);
  // After a move to another thread, the one before must not show under the new address.
  const thread = data?.conversation.id === id ? data : undefined;
  const title = thread ? conversationTitle(t, thread.conversation) : t('portalMessages.thread.title');
  usePageTitle(title);

  const back = (
    <Anchor component={Link} to="/portal/messages" size="sm">
      {t('portalMessages.thread.back')}
    </Anchor>
  );
  if (!thread) {
    return (
      <Stack>
        {back}
        <Title order={1}>{title}</Title>
        {error ? <FormError error={error} title={t('portalMessages.thread.failed')} /> : <Loading />}
      </Stack>
    );
  }

  const { conversation } = thread;
  return (
    <Stack gap="md">
      {back}
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{title}</Title>
          <StatusBadge status={conversation.status} />
        </Group>
        {user.patients.length > 1 && conversation.patient && (
          <Text c="dimmed">{t('portalMessages.list.about', { name: conversation.patient.displayName })}</Text>
        )}
      </div>
      {/* A refresh that failed: the thread stays readable, with the reason it may be out of date. */}
      <FormError error={error} title={t('portalMessages.thread.refreshFailed')} />
      <MessageLog messages={thread.messages} clinicName={user.organization.name} />
      <Text size="sm" c="dimmed">
        {t('portalMessages.thread.refreshNote')}
      </Text>
      <Alert color="red" variant="outline" role="note">
        {t('common.emergency')}
      </Alert>
      <ReplyBox
        conversation={conversation}
        onSent={(answered) => {
          if (answered.conversation.id === id) reload();
          else navigate(`/portal/messages/${answered.conversation.id}`);
        }}
      />
    </Stack>
  );
}
