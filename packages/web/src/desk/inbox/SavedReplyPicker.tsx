import { Alert, Badge, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { SavedReply } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { savedRepliesMatching } from './composer-tokens.ts';

/** Saved replies in the conversation's language first, then the others. */
export function inLanguageFirst(replies: SavedReply[], language: string): SavedReply[] {
  const base = (tag: string) => tag.split('-')[0]!.toLowerCase();
  return [
    ...replies.filter((reply) => base(reply.language) === base(language)),
    ...replies.filter((reply) => base(reply.language) !== base(language)),
  ];
}

/** One saved reply as a choice: title, shortcut, language, and the start of its text. */
export function SavedReplyChoice({ reply }: { reply: SavedReply }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {reply.title}
        </Text>
        {reply.shortcut && (
          <Badge size="xs" variant="light" color="gray" tt="none">
            /{reply.shortcut}
          </Badge>
        )}
        <Badge size="xs" variant="outline" color="gray">
          {reply.language}
        </Badge>
        {!reply.shared && (
          <Badge size="xs" variant="light" color="blue">
            {t('inbox.savedReplies.personal')}
          </Badge>
        )}
      </Group>
      <Text size="xs" c="gray.8" lineClamp={2}>
        {reply.body}
      </Text>
    </Stack>
  );
}

/**
 * Finds a saved reply by its title or shortcut and hands it to the composer, which fills in its
 * variables for this conversation (the server refuses one that would leave a hole).
 */
export function SavedReplyPicker({
  opened,
  replies,
  error,
  onPick,
  onClose,
}: {
  opened: boolean;
  replies: SavedReply[] | undefined;
  error: unknown;
  onPick(reply: SavedReply): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const shown = replies ? (query.trim() ? savedRepliesMatching(replies, query.trim(), 50) : replies) : [];
  return (
    <AdminModal opened={opened} onClose={onClose} title={t('inbox.savedReplies.title')} size="lg">
      <Stack gap="sm">
        <TextInput
          label={t('inbox.savedReplies.search')}
          description={t('inbox.savedReplies.searchHint')}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          data-autofocus
          autoComplete="off"
        />
        <FormError error={error} title={t('inbox.savedReplies.failed')} />
        {replies && shown.length === 0 && (
          <Alert color="gray" variant="light" role="status">
            {t(replies.length === 0 ? 'inbox.savedReplies.noneYet' : 'inbox.savedReplies.noneMatch')}
          </Alert>
        )}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {shown.map((reply) => (
            <li key={reply.id}>
              <UnstyledButton
                onClick={() => onPick(reply)}
                w="100%"
                p="xs"
                style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
              >
                <SavedReplyChoice reply={reply} />
              </UnstyledButton>
            </li>
          ))}
        </Stack>
      </Stack>
    </AdminModal>
  );
}
