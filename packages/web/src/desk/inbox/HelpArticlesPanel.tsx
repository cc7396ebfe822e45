import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  type ConversationSummary,
  type KbArticle,
  type KbArticleSummary,
  type KbSearchResponse,
  type KbSearchResult,
  type KnowledgeLanguage,
  knowledgeLanguages,
} from '@patientdesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { RenderedArticle } from '../knowledge/ArticleReader.tsx';
import { isOptedOut } from './ComposerNotices.tsx';

const typingPauseMs = 300;

/** What "Insert link" puts in the reply: the article's title, its summary and its help-centre page. */
export function articleLinkText(article: Pick<KbSearchResult, 'title' | 'summary' | 'url'>): string {
  return [article.title, article.summary, article.url].filter(Boolean).join('\n');
}

/** Only public articles go to patients; internal procedures are for the agent to read. */
const insertable = (article: KbSearchResult): article is KbSearchResult & { url: string } =>
  article.audience === 'public' && article.url !== null;

/**
 * The whole article for a search result. Search answers with the slug (its public address);
 * the desk's list finds the article by its title in that language, then it is read by id.
 */
function useOpenedArticle(result: KbSearchResult) {
  const params = new URLSearchParams({
    q: result.title,
    language: result.language,
    status: 'published',
    limit: '200',
  });
  const list = useApiData<{ items: KbArticleSummary[] }>(`/api/kb/articles?${params}`);
  const found = list.data?.items.find((item) => item.slug === result.slug);
  const article = useApiData<KbArticle>(found ? `/api/kb/articles/${found.id}` : undefined);
  const missing = list.data !== undefined && !found;
  return { article: article.data, error: list.error ?? article.error, missing };
}

function OpenedArticle({
  result,
  mayInsert,
  onInsert,
  onClose,
}: {
  result: KbSearchResult;
  mayInsert: boolean;
  onInsert(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { article, error, missing } = useOpenedArticle(result);
  return (
    <AdminModal opened onClose={onClose} size="lg" title={<span lang={result.language}>{result.title}</span>}>
      <Stack gap="sm">
        <Group gap={6}>
          <Badge size="sm" variant="outline" color="gray">
            {t(`knowledge.languages.${result.language}`)}
          </Badge>
          {result.audience === 'internal' && (
            <Badge size="sm" variant="light" color="violet">
              {t('knowledge.audience.internal')}
            </Badge>
          )}
        </Group>
        {result.audience === 'internal' && (
          <Alert color="violet" variant="light">
            {t('knowledge.panel.internalExplain')}
          </Alert>
        )}
        {result.summary && (
          <Text fw={500} lang={result.language}>
            {result.summary}
          </Text>
        )}
        <FormError error={error} title={t('knowledge.panel.openFailed')} />
        {missing && <Text size="sm">{t('knowledge.panel.gone')}</Text>}
        {article ? <RenderedArticle article={article} /> : !error && !missing && <Loading />}
        <Group gap="sm" justify="space-between">
          {article ? (
            <Anchor component={Link} to={`/desk/knowledge/${article.id}`} size="sm">
              {t('knowledge.panel.openInKnowledgeBase')}
            </Anchor>
          ) : (
            <span />
          )}
          {insertable(result) && (
            <Button onClick={onInsert} disabled={!mayInsert}>
              {t('knowledge.panel.insert')}
            </Button>
          )}
        </Group>
      </Stack>
    </AdminModal>
  );
}

/**
 * Help articles beside a conversation: the agent searches the clinic's articles (internal
 * procedures too), reads one, and puts a public one's title, summary and link into the reply,
 * so the patient gets the clinic's own words and page rather than a retyped answer.
 */
export function HelpArticlesPanel({
  conversation,
  onInsertLink,
}: {
  conversation: ConversationSummary;
  /** Puts the text into the reply composer. */
  onInsertLink(text: string): void;
}) {
  const { t } = useTranslation();
  const contactLanguage = knowledgeLanguages.find((language) => language === conversation.language);
  const [words, setWords] = useState('');
  const [language, setLanguage] = useState<KnowledgeLanguage | ''>(contactLanguage ?? '');
  const [asked, setAsked] = useState<{ q: string; language: KnowledgeLanguage | '' }>();
  const [found, setFound] = useState<KbSearchResponse>();
  const [error, setError] = useState<unknown>();
  const [opened, setOpened] = useState<KbSearchResult>();
  const [news, setNews] = useState('');
  const mayInsert = conversation.status !== 'resolved' && !isOptedOut(conversation);

  // Searches once typing pauses; Enter searches at once.
  useEffect(() => {
    const q = words.trim();
    if (q.length < 2) return;
    const timer = setTimeout(() => setAsked({ q, language }), typingPauseMs);
    return () => clearTimeout(timer);
  }, [words, language]);

  useEffect(() => {
    if (!asked) return;
    let current = true;
    const params = new URLSearchParams({ q: asked.q, audience: 'all', limit: '8' });
    if (asked.language) params.set('lang', asked.language);
    callApi<KbSearchResponse>('GET', `/api/kb/search?${params}`).then(
      (answer) => {
        if (!current) return;
        setFound(answer);
        setError(undefined);
        setNews(
          answer.items.length === 0
            ? t('knowledge.panel.none', { query: asked.q })
            : t('knowledge.panel.found', { count: answer.items.length }),
        );
      },
      (caught) => current && setError(caught),
    );
    return () => {
      current = false;
    };
  }, [asked, t]);

  function search(event: FormEvent) {
    event.preventDefault();
    const q = words.trim();
    if (q) setAsked({ q, language });
  }

  function insert(article: KbSearchResult) {
    setOpened(undefined);
    onInsertLink(articleLinkText(article));
    setNews(t('knowledge.panel.inserted', { title: article.title }));
  }

  const items = found?.items;
  return (
    <Stack gap="xs" component="section" aria-labelledby="help-articles-heading">
      <Title order={2} size="h5" id="help-articles-heading">
        {t('knowledge.panel.title')}
      </Title>
      <search>
        <form onSubmit={search}>
          <Stack gap={6}>
            <TextInput
              label={t('knowledge.panel.searchLabel')}
              description={t('knowledge.panel.searchHint')}
              value={words}
              onChange={(event) => setWords(event.currentTarget.value)}
              autoComplete="off"
              maxLength={300}
              size="sm"
            />
            <Group gap={6} align="flex-end" wrap="nowrap">
              <NativeSelect
                label={t('knowledge.fields.language')}
                size="xs"
                value={language}
                onChange={(event) => setLanguage(event.currentTarget.value as KnowledgeLanguage | '')}
                data={[
                  { value: '', label: t('knowledge.panel.bothLanguages') },
                  ...knowledgeLanguages.map((value) => ({ value, label: t(`knowledge.languages.${value}`) })),
                ]}
              />
              <Button type="submit" size="xs" variant="default">
                {t('knowledge.panel.search')}
              </Button>
            </Group>
          </Stack>
        </form>
      </search>
      <FormError error={error} title={t('knowledge.panel.failed')} />
      <Text size="xs" role="status">
        {news}
      </Text>
      {found && found.corrections.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('knowledge.panel.corrected', {
            words: found.corrections.map((item) => `“${item.to}”`).join(', '),
          })}
        </Text>
      )}
      {items && items.length > 0 && (
        <Stack
          component="ul"
          gap={6}
          aria-label={t('knowledge.panel.results')}
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {items.map((article) => (
            <li key={`${article.language}:${article.slug}`}>
              <Stack
                gap={2}
                p={6}
                style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}
              >
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  fw={600}
                  ta="left"
                  lang={article.language}
                  onClick={() => setOpened(article)}
                >
                  {article.title}
                </Anchor>
                {article.summary && (
                  <Text size="xs" c="dimmed" lineClamp={2} lang={article.language}>
                    {article.summary}
                  </Text>
                )}
                <Group gap={4} justify="space-between">
                  <Group gap={4}>
                    <Badge size="xs" variant="outline" color="gray">
                      {article.language}
                    </Badge>
                    {article.audience === 'internal' && (
                      <Badge size="xs" variant="light" color="violet">
                        {t('knowledge.audience.internal')}
                      </Badge>
                    )}
                  </Group>
                  {insertable(article) && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      disabled={!mayInsert}
                      onClick={() => insert(article)}
                      aria-label={t('knowledge.panel.insertFor', { title: article.title })}
                    >
                      {t('knowledge.panel.insert')}
                    </Button>
                  )}
                </Group>
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {opened && (
        <OpenedArticle
          result={opened}
          mayInsert={mayInsert}
          onInsert={() => insert(opened)}
          onClose={() => setOpened(undefined)}
        />
      )}
    </Stack>
  );
}
