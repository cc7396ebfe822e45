import { Badge, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { KbArticleVersion, KnowledgeLanguage } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { useKnowledgeFormat } from './knowledge-format.ts';

/** The text of the article before one change, to compare with what it says now. */
function PreviousText({
  version,
  language,
  onClose,
}: {
  version: KbArticleVersion;
  language: KnowledgeLanguage;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  const previous = version.previous;
  return (
    <AdminModal
      opened
      onClose={onClose}
      size="xl"
      title={t('knowledge.history.previousTitle', { version: version.version })}
    >
      {previous && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('knowledge.history.previousMeta', {
              category: format.categoryName(previous.category),
              audience: t(`knowledge.audience.${previous.audience}`),
            })}
          </Text>
          <div>
            <Text size="sm" fw={600}>
              {t('knowledge.fields.title')}
            </Text>
            <Text lang={language}>{previous.title}</Text>
          </div>
          <div>
            <Text size="sm" fw={600}>
              {t('knowledge.fields.summary')}
            </Text>
            <Text lang={language}>{previous.summary || t('knowledge.history.noSummary')}</Text>
          </div>
          <div>
            <Text size="sm" fw={600}>
              {t('knowledge.fields.body')}
            </Text>
            {/* The markdown as it was written: the words are what changed, not the looks. */}
            <Code block lang={language} style={{ whiteSpace: 'pre-wrap' }}>
              {previous.body}
            </Code>
          </div>
        </Stack>
      )}
    </AdminModal>
  );
}

/**
 * Who changed the article, when, which fields, and why (the editor's note), newest first. The
 * text as it was before each change opens beside it.
 */
export function ArticleHistory({
  versions,
  language,
}: {
  versions: KbArticleVersion[];
  language: KnowledgeLanguage;
}) {
  const { t } = useTranslation();
  const dateTime = useDateTimeFormat();
  const [open, setOpen] = useState<KbArticleVersion>();
  const fieldName = (field: string) => t(`knowledge.fields.${field}`, { defaultValue: field });

  return (
    <Stack gap="sm" component="section" aria-labelledby="article-history-heading">
      <Title order={2} size="h4" id="article-history-heading">
        {t('knowledge.history.title')}
      </Title>
      <Stack component="ol" gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {versions.map((version) => (
          <li key={version.version}>
            <Stack gap={2} p="xs" style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}>
              <Group gap="xs">
                <Badge size="sm" variant="light" color="gray">
                  {t('knowledge.history.version', { version: version.version })}
                </Badge>
                <Text size="sm" fw={600}>
                  {t(`knowledge.history.change.${version.change}`)}
                </Text>
                <Text size="sm">
                  {t('knowledge.history.byWhen', {
                    name: version.changedBy?.name ?? t('knowledge.history.system'),
                    when: dateTime(version.changedAt),
                  })}
                </Text>
              </Group>
              {version.change === 'edited' && version.changedFields.length > 0 && (
                <Text size="sm">
                  {t('knowledge.history.changedFields', {
                    fields: version.changedFields.map(fieldName).join(', '),
                  })}
                </Text>
              )}
              {version.note && (
                <Text size="sm" fs="italic">
                  {t('knowledge.history.note', { note: version.note })}
                </Text>
              )}
              {version.previous && (
                <Button size="compact-xs" variant="default" w="fit-content" onClick={() => setOpen(version)}>
                  {t('knowledge.history.showPrevious', { version: version.version })}
                </Button>
              )}
            </Stack>
          </li>
        ))}
      </Stack>
      {open && <PreviousText version={open} language={language} onClose={() => setOpen(undefined)} />}
    </Stack>
  );
}
