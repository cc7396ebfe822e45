import { Alert, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import type { KbPreview, KnowledgeLanguage } from '@patientdesk/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { ArticleHtml } from './ArticleHtml.tsx';
import { useKnowledgeFormat } from './knowledge-format.ts';

/** How long typing must pause before the preview is asked for again. */
export const previewPauseMs = 500;

interface PreviewInput {
  body: string;
  summary: string;
  language: KnowledgeLanguage;
}

/**
 * The article rendered as the help centre will show it, with its reading grade, asked of the
 * server (POST /api/kb/preview) once typing pauses. An answer for older text is dropped, so the
 * preview never shows a draft the editor has already changed.
 */
export function useArticlePreview({ body, summary, language }: PreviewInput, delayMs = previewPauseMs) {
  const [preview, setPreview] = useState<{ for: PreviewInput; answer: KbPreview }>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!body.trim()) {
      setPreview(undefined);
      setError(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      const request = { body, summary, language };
      callApi<KbPreview>('POST', '/api/kb/preview', request).then(
        (answer) => {
          if (!current) return;
          setPreview({ for: request, answer });
          setError(undefined);
        },
        (caught) => {
          if (current) setError(caught);
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body, summary, language, delayMs]);

  const upToDate =
    preview?.for.body === body && preview.for.summary === summary && preview.for.language === language;
  return { preview: body.trim() ? preview?.answer : undefined, upToDate, error };
}

/** The reading grade of the preview, and what to do when it is above the limit. */
export function PreviewGrade({ preview }: { preview: KbPreview }) {
  const { t } = useTranslation();
  const format = useKnowledgeFormat();
  const values = {
    grade: format.grade(preview.readingGrade),
    limit: preview.gradeLimit,
    words: preview.words,
    sentences: preview.sentences,
  };
  if (!preview.readingGradeAboveLimit) return <Text size="sm">{t('knowledge.preview.gradeOk', values)}</Text>;
  return (
    <Alert color="orange" variant="light" title={t('knowledge.preview.gradeHighTitle', values)}>
      <Text size="sm">{t('knowledge.preview.gradeHighAdvice', values)}</Text>
    </Alert>
  );
}

/**
 * The live preview beside the editor: the title, summary and text as patients will see them,
 * and the grade. Screen readers hear when the article crosses the grade-8 line either way, not
 * every new number while the editor types.
 */
export function ArticlePreview({ title, summary, body, language }: PreviewInput & { title: string }) {
  const { t } = useTranslation();
  const { preview, upToDate, error } = useArticlePreview({ body, summary, language });
  const gradeNews = !preview
    ? ''
    : preview.readingGradeAboveLimit
      ? t('knowledge.preview.nowAbove', { limit: preview.gradeLimit })
      : t('knowledge.preview.nowWithin', { limit: preview.gradeLimit });

  return (
    <Stack gap="sm" component="section" aria-labelledby="article-preview-heading">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4" id="article-preview-heading">
          {t('knowledge.preview.title')}
        </Title>
        {preview && !upToDate && (
          <Text size="xs" c="dimmed">
            {t('knowledge.preview.updating')}
          </Text>
        )}
      </Group>
      <VisuallyHidden aria-live="polite">{gradeNews}</VisuallyHidden>
      {preview && <PreviewGrade preview={preview} />}
      {Boolean(error) && (
        <Text size="sm" c="red.9">
          {t('knowledge.preview.failed')}
        </Text>
      )}
      <Paper withBorder p="md" lang={language}>
        {body.trim() ? (
          <Stack gap="xs">
            {/* Not a heading: the outline of the page is the editor's; the article's own headings follow. */}
            <Text fz="xl" fw={700}>
              {title || t('knowledge.preview.untitled')}
            </Text>
            {summary && <Text c="dimmed">{summary}</Text>}
            {preview && <ArticleHtml html={preview.html} language={language} />}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('knowledge.preview.empty')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
