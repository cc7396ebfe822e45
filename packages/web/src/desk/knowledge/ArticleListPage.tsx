import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { KbArticleSummary } from '@patientdesk/contracts';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { AudienceBadge, GradeLabel, ReviewDate, StatusBadge } from './ArticleBadges.tsx';
import { ArticleFiltersForm } from './ArticleFiltersForm.tsx';
import {
  type ArticleFilters,
  articleListLimit,
  articleListPath,
  filtersFromSearch,
  isFiltered,
  searchOfFilters,
} from './article-filters.ts';
import { useKnowledgeFormat } from './knowledge-format.ts';

function ArticleRow({ article }: { article: KbArticleSummary }) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap" align="baseline">
            <Badge
              size="xs"
              variant="outline"
              color="gray"
              title={t(`knowledge.languages.${article.language}`)}
            >
              {article.language}
            </Badge>
            <Anchor component={Link} to={`/desk/knowledge/${article.id}`} fw={600} lang={article.language}>
              {article.title}
            </Anchor>
          </Group>
          {article.summary && (
            <Text size="sm" c="dimmed" lineClamp={2} lang={article.language}>
              {article.summary}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{format.categoryName(article.category)}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <StatusBadge status={article.status} />
          <AudienceBadge audience={article.audience} />
        </Group>
      </Table.Td>
      <Table.Td>
        <GradeLabel grade={article.readingGrade} aboveLimit={article.readingGradeAboveLimit} />
      </Table.Td>
      <Table.Td>
        <ReviewDate reviewBy={article.reviewBy} overdue={article.reviewOverdue} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{article.ownerTeam?.name ?? t('knowledge.noTeam')}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * /desk/knowledge: the clinic's help articles, public and internal, with the words to find one
 * and filters for language, category, audience and status. Each shows its reading grade and
 * review date, flagged when above grade 8 or past due. Editors may start a new article.
 */
export function ArticleListPage({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromSearch(params);
  const list = useApiData<{ items: KbArticleSummary[]; total: number }>(articleListPath(filters));
  const changeFilters = useCallback(
    (next: ArticleFilters) => setParams(searchOfFilters(next), { replace: true }),
    [setParams],
  );

  const items = list.data?.items;
  return (
    <Stack maw={1200} mx="auto" py="lg" gap="md">
      <PageHeading
        title={t('knowledge.list.title')}
        intro={t(mayEdit ? 'knowledge.list.introEditor' : 'knowledge.list.introReader')}
        actions={
          mayEdit && (
            <Button component={Link} to="/desk/knowledge/new">
              {t('knowledge.list.new')}
            </Button>
          )
        }
      />
      <ArticleFiltersForm filters={filters} onChange={changeFilters} />
      <FormError error={list.error} title={t('knowledge.list.failed')} />
      <Text size="sm" role="status">
        {list.data &&
          (list.data.total > articleListLimit
            ? t('knowledge.list.countLimited', { count: list.data.total, shown: articleListLimit })
            : t('knowledge.list.count', { count: list.data.total }))}
      </Text>
      {!items && !list.error && <Loading />}
      {items && items.length === 0 && (
        <Alert color="gray" variant="light">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {t(isFiltered(filters) ? 'knowledge.list.noneMatching' : 'knowledge.list.noneYet')}
            </Text>
            {isFiltered(filters) && (
              <Button size="xs" variant="default" onClick={() => setParams({}, { replace: true })}>
                {t('knowledge.filters.clear')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {items && items.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          bg="white"
          aria-label={t('knowledge.list.tableLabel')}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('knowledge.fields.title')}</Table.Th>
              <Table.Th>{t('knowledge.fields.category')}</Table.Th>
              <Table.Th>{t('knowledge.fields.status')}</Table.Th>
              <Table.Th>{t('knowledge.fields.readingGrade')}</Table.Th>
              <Table.Th>{t('knowledge.fields.reviewBy')}</Table.Th>
              <Table.Th>{t('knowledge.fields.ownerTeam')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((article) => (
              <ArticleRow key={article.id} article={article} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
