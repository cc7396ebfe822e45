import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import {
  knowledgeAudiences,
  knowledgeCategories,
  knowledgeLanguages,
  knowledgeStatuses,
} from '@patientdesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleFilters } from './article-filters.ts';
import { useKnowledgeFormat } from './knowledge-format.ts';

const typingPauseMs = 300;

/**
 * The list's search box and filters. Choices apply at once; the words apply once typing pauses
 * (or on Enter), so the list does not jump on every keystroke.
 */
export function ArticleFiltersForm({
  filters,
  onChange,
}: {
  filters: ArticleFilters;
  onChange(filters: ArticleFilters): void;
}) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  const [words, setWords] = useState(filters.q);

  // Back and forward in the browser change the address: the box follows.
  // (A space typed at the end is the start of the next word: it stays.)
  useEffect(() => setWords((typed) => (typed.trim() === filters.q ? typed : filters.q)), [filters.q]);
  useEffect(() => {
    if (words.trim() === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: words }), typingPauseMs);
    return () => clearTimeout(timer);
  }, [words, filters, onChange]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ ...filters, q: words });
  }

  const all = { value: '', label: t('knowledge.filters.all') };
  const choose = <K extends 'language' | 'category' | 'audience' | 'status'>(key: K, value: string) =>
    onChange({ ...filters, [key]: value || undefined });

  return (
    <search>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label={t('knowledge.filters.search')}
            description={t('knowledge.filters.searchHint')}
            value={words}
            onChange={(event) => setWords(event.currentTarget.value)}
            autoComplete="off"
            maxLength={200}
          />
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
            <NativeSelect
              label={t('knowledge.fields.language')}
              value={filters.language ?? ''}
              onChange={(event) => choose('language', event.currentTarget.value)}
              data={[
                all,
                ...knowledgeLanguages.map((value) => ({ value, label: t(`knowledge.languages.${value}`) })),
              ]}
            />
            <NativeSelect
              label={t('knowledge.fields.category')}
              value={filters.category ?? ''}
              onChange={(event) => choose('category', event.currentTarget.value)}
              data={[
                all,
                ...knowledgeCategories.map((value) => ({ value, label: format.categoryName(value) })),
              ]}
            />
            <NativeSelect
              label={t('knowledge.fields.audience')}
              value={filters.audience ?? ''}
              onChange={(event) => choose('audience', event.currentTarget.value)}
              data={[
                all,
                ...knowledgeAudiences.map((value) => ({ value, label: t(`knowledge.audience.${value}`) })),
              ]}
            />
            <NativeSelect
              label={t('knowledge.fields.status')}
              value={filters.status ?? ''}
              onChange={(event) => choose('status', event.currentTarget.value)}
              data={[
                all,
                ...knowledgeStatuses.map((value) => ({ value, label: t(`knowledge.status.${value}`) })),
              ]}
            />
          </SimpleGrid>
          <Group gap="lg">
            <Checkbox
              label={t('knowledge.filters.aboveGradeLimit')}
              checked={filters.aboveGradeLimit}
              onChange={(event) => onChange({ ...filters, aboveGradeLimit: event.currentTarget.checked })}
            />
            <Checkbox
              label={t('knowledge.filters.reviewOverdue')}
              checked={filters.reviewOverdue}
              onChange={(event) => onChange({ ...filters, reviewOverdue: event.currentTarget.checked })}
            />
            {/* Enter in the search box searches at once; the button is there for those who look for one. */}
            <Button type="submit" variant="default" size="xs">
              {t('knowledge.filters.apply')}
            </Button>
          </Group>
        </Stack>
      </form>
    </search>
  );
}
