import { Paper, Stack, Text } from '@mantine/core';
import type { KbArticle } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { ArticleHistory } from './ArticleHistory.tsx';
import { ArticleHtml } from './ArticleHtml.tsx';
import { ArticleOverview } from './ArticleOverview.tsx';
import { useArticlePreview } from './ArticlePreview.tsx';

/** The article's text rendered as the help centre shows it (the server renders the markdown). */
export function RenderedArticle({ article }: { article: Pick<KbArticle, 'body' | 'summary' | 'language'> }) {
  const { t } = useTranslation();
  const { preview, error } = useArticlePreview(article, 0);
  if (error) return <FormError error={error} title={t('knowledge.preview.failed')} />;
  if (!preview) return <Loading />;
  return <ArticleHtml html={preview.html} language={article.language} />;
}

/** An article for those who read but do not write: the text, its details and its history. */
export function ArticleReader({ article }: { article: KbArticle }) {
  return (
    <Stack maw={900} mx="auto" py="lg" gap="md">
      <PageHeading title={article.title} />
      <ArticleOverview article={article} mayEdit={false} />
      <Paper withBorder p="lg" lang={article.language}>
        <Stack gap="sm">
          {article.summary && (
            <Text fw={500} c="dimmed">
              {article.summary}
            </Text>
          )}
          <RenderedArticle article={article} />
        </Stack>
      </Paper>
      <ArticleHistory versions={article.versions} language={article.language} />
    </Stack>
  );
}
