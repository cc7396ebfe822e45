import { NativeSelect, Stack, TagsInput, Title } from '@mantine/core';
import {
  type ConversationPriority,
  type ConversationSummary,
  type ConversationUpdate,
  conversationPriorities,
} from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { useInboxPeople } from './inbox-people.tsx';

/** Who has the conversation, which team, how urgent, and its tags. */
export function ConversationDetails({
  conversation,
  staffId,
  busy,
  update,
}: {
  conversation: ConversationSummary;
  staffId: string;
  busy: boolean;
  update(changes: ConversationUpdate): void;
}) {
  const { t } = useTranslation();
  const people = useInboxPeople();
  const assignees = people.staff.some((member) => member.id === conversation.assignee?.id)
    ? people.staff
    : // Someone who left the inbox still shows as the current assignee.
      [
        ...people.staff,
        ...(conversation.assignee
          ? [{ ...conversation.assignee, availability: 'offline' as const, teamIds: [], mentionName: '' }]
          : []),
      ];
  return (
    <Stack gap="xs" component="section" aria-labelledby="conversation-details-heading">
      <Title order={2} size="h5" id="conversation-details-heading">
        {t('inbox.details.title')}
      </Title>
      <NativeSelect
        size="xs"
        label={t('inbox.details.assignee')}
        value={conversation.assignee?.id ?? ''}
        disabled={busy}
        onChange={(event) => update({ assigneeId: event.currentTarget.value || null })}
        data={[
          { value: '', label: t('inbox.details.nobody') },
          ...assignees.map((member) => ({
            value: member.id,
            label: `${member.id === staffId ? t('inbox.details.me', { name: member.displayName }) : member.displayName} · ${t(`availability.${member.availability}`)}`,
          })),
        ]}
      />
      <NativeSelect
        size="xs"
        label={t('inbox.details.team')}
        value={conversation.team?.id ?? ''}
        disabled={busy}
        onChange={(event) => update({ teamId: event.currentTarget.value || null })}
        data={[
          { value: '', label: t('inbox.details.noTeam') },
          ...people.teams.map((team) => ({ value: team.id, label: team.name })),
        ]}
      />
      <NativeSelect
        size="xs"
        label={t('inbox.details.priority')}
        value={conversation.priority}
        disabled={busy}
        onChange={(event) => update({ priority: event.currentTarget.value as ConversationPriority })}
        data={conversationPriorities.map((priority) => ({
          value: priority,
          label: t(`inbox.priority.${priority}`),
        }))}
      />
      <TagsInput
        size="xs"
        label={t('inbox.details.tags')}
        description={t('inbox.details.tagsHint')}
        value={conversation.tags}
        disabled={busy}
        onChange={(tags) => update({ tags })}
      />
    </Stack>
  );
}
