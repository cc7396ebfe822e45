import { Anchor, Badge, Group, Text } from '@mantine/core';
import { type KbArticle, knowledgeLanguages } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { AudienceBadge, GradeLabel, ReviewDate, StatusBadge } from './ArticleBadges.tsx';
import { useKnowledgeFormat } from './knowledge-format.ts';

/** Where a translation of `article` starts: the same slug, topic, audience and owner. */
export function translationStart(article: KbArticle, language: string): string {
  const params = new URLSearchParams({
    language,
    slug: article.slug,
    category: article.category,
    audience: article.audience,
  });
  if (article.ownerTeam) params.set('ownerTeamId', article.ownerTeam.id);
  return `/desk/knowledge/new?${params}`;
}

/**
 * The article at a glance: status, language, grade, review date, owner, who saved it last, its
 * help-centre page, what readers said, and its version in the other language.
 */
export function ArticleOverview({ article, mayEdit }: { article: KbArticle; mayEdit: boolean }) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  const dateTime = useDateTimeFormat();
  const otherLanguages = knowledgeLanguages.filter((language) => language !== article.language);
  return (
    <Group gap="md" align="center" wrap="wrap">
      <Group gap={4}>
        <StatusBadge status={article.status} />
        <AudienceBadge audience={article.audience} always />
        <Badge size="sm" variant="outline" color="gray">
          {t(`knowledge.languages.${article.language}`)}
        </Badge>
      </Group>
      <Text size="sm">{format.categoryName(article.category)}</Text>
      <GradeLabel grade={article.readingGrade} aboveLimit={article.readingGradeAboveLimit} />
      <Group gap={4}>
        <Text size="sm">{t('knowledge.fields.reviewBy')}:</Text>
        <ReviewDate reviewBy={article.reviewBy} overdue={article.reviewOverdue} />
      </Group>
      <Text size="sm">
        {t('knowledge.overview.owner', { team: article.ownerTeam?.name ?? t('knowledge.noTeam') })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('knowledge.overview.saved', {
          version: article.version,
          name: article.updatedBy?.name ?? t('knowledge.history.system'),
          when: dateTime(article.updatedAt),
        })}
      </Text>
      {article.status === 'published' && article.url && (
        <Anchor href={article.url} target="_blank" rel="noopener" size="sm">
          {t('knowledge.overview.helpCentrePage')}
        </Anchor>
      )}
      {(article.feedback.helpful > 0 || article.feedback.notHelpful > 0) && (
        <Text size="sm">{t('knowledge.overview.feedback', article.feedback)}</Text>
      )}
      {otherLanguages.map((language) => {
        const translation = article.translations.find((item) => item.language === language);
        if (translation)
          return (
            <Anchor key={language} component={Link} to={`/desk/knowledge/${translation.id}`} size="sm">
              {t('knowledge.overview.translation', {
                language: t(`knowledge.languageInText.${language}`),
                status: t(`knowledge.status.${translation.status}`),
              })}
            </Anchor>
          );
        return mayEdit ? (
          <Anchor key={language} component={Link} to={translationStart(article, language)} size="sm">
            {t('knowledge.overview.writeTranslation', {
              language: t(`knowledge.languageInText.${language}`),
            })}
          </Anchor>
        ) : null;
      })}
    </Group>
  );
}
