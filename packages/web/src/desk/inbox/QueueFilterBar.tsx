import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { type ConversationChannel, conversationChannels } from '@patientdesk/contracts';
import { type FormEvent, type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInboxPeople } from './inbox-people.tsx';
import type { QueueFilters } from './inbox-query.ts';

const typingPauseMs = 400;

/** Narrows the queue by channel, team and tag, and searches the words of every message. */
export function QueueFilterBar({
  filters,
  onChange,
  searchRef,
}: {
  filters: QueueFilters;
  onChange(filters: QueueFilters): void;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const { teams } = useInboxPeople();
  const [q, setQ] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');

  // The address is the truth: another link (a view, the back button) may change it.
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => setTag(filters.tag ?? ''), [filters.tag]);

  // Searching as the agent types, once they pause; Enter searches at once.
  useEffect(() => {
    const typedQ = q.trim() || undefined;
    const typedTag = tag.trim().toLowerCase() || undefined;
    if (typedQ === filters.q && typedTag === filters.tag) return;
    const timer = setTimeout(() => onChange({ ...filters, q: typedQ, tag: typedTag }), typingPauseMs);
    return () => clearTimeout(timer);
  }, [q, tag, filters, onChange]);

  function searchNow(event: FormEvent) {
    event.preventDefault();
    onChange({ ...filters, q: q.trim() || undefined, tag: tag.trim().toLowerCase() || undefined });
  }

  return (
    <search>
      <form onSubmit={searchNow}>
        <TextInput
          ref={searchRef}
          type="search"
          label={t('inbox.filters.search')}
          placeholder={t('inbox.filters.searchPlaceholder')}
          value={q}
          onChange={(event) => setQ(event.currentTarget.value)}
          autoComplete="off"
          size="sm"
          mb="xs"
        />
      </form>
      {/* Each text field has its own form, so Enter in it applies it at once. */}
      <form onSubmit={searchNow}>
        <SimpleGrid cols={3} spacing="xs">
          <NativeSelect
            size="xs"
            label={t('inbox.filters.channel')}
            value={filters.channel ?? ''}
            onChange={(event) =>
              onChange({
                ...filters,
                channel: (event.currentTarget.value || undefined) as ConversationChannel | undefined,
              })
            }
            data={[
              { value: '', label: t('inbox.filters.anyChannel') },
              ...conversationChannels.map((channel) => ({
                value: channel,
                label: t(`inbox.channel.${channel}`),
              })),
            ]}
          />
          <NativeSelect
            size="xs"
            label={t('inbox.filters.team')}
            value={filters.teamId ?? ''}
            onChange={(event) => onChange({ ...filters, teamId: event.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('inbox.filters.anyTeam') },
              ...teams.map((team) => ({ value: team.id, label: team.name })),
            ]}
          />
          <TextInput
            size="xs"
            label={t('inbox.filters.tag')}
            value={tag}
            onChange={(event) => setTag(event.currentTarget.value)}
            autoComplete="off"
          />
        </SimpleGrid>
      </form>
    </search>
  );
}
