import { Group, NativeSelect, Radio, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import {
  type KnowledgeAudience,
  type KnowledgeCategory,
  type KnowledgeLanguage,
  knowledgeCategories,
  knowledgeLanguages,
  knowledgeLimits,
  type OrganizationOverview,
} from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../ui/field-errors.ts';
import type { ArticleDraft } from './editor-state.ts';
import { useKnowledgeFormat } from './knowledge-format.ts';

type Teams = OrganizationOverview['teams'];

/** The form's fields, in the order a writer thinks of them; each shows the server's word on it. */
export function ArticleFields({
  draft,
  isNew,
  teams,
  error,
  onChange,
}: {
  draft: ArticleDraft;
  /** A saved article keeps its language: its translation is a separate article with the same slug. */
  isNew: boolean;
  teams: Teams | undefined;
  error: unknown;
  onChange(changes: Partial<ArticleDraft>): void;
}) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  const errorOf = (field: string) => fieldError(error, `body.${field}`);
  const teamChoices = [
    { value: '', label: t('knowledge.noTeam') },
    ...(teams ?? []).map((team) => ({ value: team.id, label: team.name })),
  ];
  // A team that is not offered any more (or not loaded yet) stays shown rather than silently cleared.
  if (draft.ownerTeamId && !teamChoices.some((choice) => choice.value === draft.ownerTeamId))
    teamChoices.push({ value: draft.ownerTeamId, label: t('knowledge.editor.currentTeam') });

  return (
    <Stack gap="sm">
      <TextInput
        label={t('knowledge.fields.title')}
        description={t('knowledge.editor.titleHint')}
        value={draft.title}
        onChange={(event) => onChange({ title: event.currentTarget.value })}
        error={errorOf('title')}
        maxLength={knowledgeLimits.title}
        withAsterisk
        aria-required
        lang={draft.language}
      />
      <TextInput
        label={t('knowledge.fields.slug')}
        description={t('knowledge.editor.slugHint')}
        value={draft.slug}
        onChange={(event) => onChange({ slug: event.currentTarget.value })}
        error={errorOf('slug')}
        maxLength={knowledgeLimits.slug}
        withAsterisk
        aria-required
        autoComplete="off"
        spellCheck={false}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NativeSelect
          label={t('knowledge.fields.language')}
          description={isNew ? undefined : t('knowledge.editor.languageFixed')}
          value={draft.language}
          onChange={(event) => onChange({ language: event.currentTarget.value as KnowledgeLanguage })}
          data={knowledgeLanguages.map((value) => ({ value, label: t(`knowledge.languages.${value}`) }))}
          error={errorOf('language')}
          disabled={!isNew}
        />
        <NativeSelect
          label={t('knowledge.fields.category')}
          value={draft.category}
          onChange={(event) => {
            const category = event.currentTarget.value as KnowledgeCategory;
            // Staff procedures are never public: choosing the category sets the audience too.
            onChange(category === 'internal-procedures' ? { category, audience: 'internal' } : { category });
          }}
          data={knowledgeCategories.map((value) => ({ value, label: format.categoryName(value) }))}
          error={errorOf('category')}
        />
        <NativeSelect
          label={t('knowledge.fields.ownerTeam')}
          description={t('knowledge.editor.ownerHint')}
          value={draft.ownerTeamId}
          onChange={(event) => onChange({ ownerTeamId: event.currentTarget.value })}
          data={teamChoices}
          error={errorOf('ownerTeamId')}
        />
        <TextInput
          type="date"
          label={t('knowledge.fields.reviewBy')}
          description={t('knowledge.editor.reviewHint')}
          value={draft.reviewBy}
          onChange={(event) => onChange({ reviewBy: event.currentTarget.value })}
          error={errorOf('reviewBy')}
        />
      </SimpleGrid>
      <Radio.Group
        label={t('knowledge.fields.audience')}
        value={draft.audience}
        onChange={(value) => onChange({ audience: value as KnowledgeAudience })}
        error={errorOf('audience')}
      >
        <Group gap="lg" mt={4}>
          <Radio value="public" label={t('knowledge.editor.audiencePublic')} />
          <Radio value="internal" label={t('knowledge.editor.audienceInternal')} />
        </Group>
      </Radio.Group>
      <Textarea
        label={t('knowledge.fields.summary')}
        description={t('knowledge.editor.summaryHint')}
        value={draft.summary}
        onChange={(event) => onChange({ summary: event.currentTarget.value })}
        error={errorOf('summary')}
        maxLength={knowledgeLimits.summary}
        autosize
        minRows={2}
        maxRows={4}
        lang={draft.language}
      />
      <Textarea
        label={t('knowledge.fields.body')}
        description={t('knowledge.editor.bodyHint')}
        value={draft.body}
        onChange={(event) => onChange({ body: event.currentTarget.value })}
        error={errorOf('body')}
        withAsterisk
        aria-required
        autosize
        minRows={12}
        maxRows={30}
        lang={draft.language}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <TextInput
        label={t('knowledge.editor.noteLabel')}
        description={t('knowledge.editor.noteHint')}
        value={draft.note}
        onChange={(event) => onChange({ note: event.currentTarget.value })}
        error={errorOf('note')}
        maxLength={knowledgeLimits.note}
      />
    </Stack>
  );
}
