import { Alert, Button, Grid, Group, Stack, Text } from '@mantine/core';
import type { KbArticle, OrganizationOverview } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError, callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { focusPageHeading, PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { ArticleFields } from './ArticleFields.tsx';
import { ArticleHistory } from './ArticleHistory.tsx';
import { ArticleOverview } from './ArticleOverview.tsx';
import { ArticlePreview } from './ArticlePreview.tsx';
import { ArticleStatusActions, type StatusAction } from './ArticleStatusActions.tsx';
import {
  type ArticleDraft,
  articleUpdate,
  blankDraft,
  changedFields,
  draftOf,
  fieldsBothChanged,
  keepEditsOver,
  newArticleRequest,
  slugFromTitle,
} from './editor-state.ts';

/** A save refused because a colleague saved the article after it was opened (not a slug clash). */
const isStaleVersion = (error: unknown): error is ApiRequestError =>
  error instanceof ApiRequestError &&
  error.status === 409 &&
  error.details.some((detail) => detail.field === 'body.version');

/** Leaving the page (closing the tab, reloading) with unsaved words asks first. */
function useWarnBeforeLeaving(unsaved: boolean) {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}

interface Reloaded {
  version: number;
  by: string | null;
  /** Fields the colleague changed too, where the editor's words were kept: worth comparing. */
  bothChanged: string[];
}

/**
 * Writes a new article or edits one: the fields, a live preview with the reading grade, save
 * over the version opened, publish / unpublish / archive, and the history. When a colleague
 * saved meanwhile, the save is refused and "Reload" brings in their version while keeping every
 * word typed here.
 */
export function ArticleEditor({
  article,
  start,
  justCreated,
  onSaved,
}: {
  /** The article as saved; undefined for a new one. */
  article: KbArticle | undefined;
  /** A new article's first values (a translation starts from its original's slug and topic). */
  start?: Partial<ArticleDraft>;
  /** This article was created a moment ago on this page: say so. */
  justCreated?: boolean;
  /** A save or a reload brought a newer version (or, for a new article, the article itself). */
  onSaved(saved: KbArticle): void;
}) {
  const { t } = useTranslation();
  const [base, setBase] = useState(article);
  const [draft, setDraft] = useState<ArticleDraft>(() => (article ? draftOf(article) : blankDraft(start)));
  // A new article's slug follows its title until the writer types one of their own.
  const [slugTyped, setSlugTyped] = useState(Boolean(article || start?.slug));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<ApiRequestError>();
  const [reloaded, setReloaded] = useState<Reloaded>();
  const [status, setStatus] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const organization = useApiData<OrganizationOverview>('/api/organization');

  const unsaved = base ? changedFields(draft, base).length > 0 : Boolean(draft.title || draft.body);
  useWarnBeforeLeaving(unsaved);
  useFocusFirstInvalid(form, error);

  // Said once the page is up, so screen readers hear it in the live region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the page opens.
  useEffect(() => {
    if (!justCreated) return;
    setStatus(t('knowledge.editor.created'));
    focusPageHeading();
  }, []);

  // A newer version from outside (the page loaded it again) replaces an untouched form.
  useEffect(() => {
    if (article && base && article.id === base.id && article.version > base.version && !unsaved) {
      setBase(article);
      setDraft(draftOf(article));
    }
  }, [article, base, unsaved]);

  const change = (changes: Partial<ArticleDraft>) => {
    setStatus(undefined);
    if (changes.slug !== undefined) setSlugTyped(true);
    setDraft((current) => {
      const next = { ...current, ...changes };
      if (!base && !slugTyped && changes.title !== undefined) next.slug = slugFromTitle(changes.title);
      return next;
    });
  };

  const failed = (caught: unknown) => {
    if (isStaleVersion(caught)) {
      setConflict(caught);
      setError(undefined);
    } else setError(caught);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const update = base ? articleUpdate(draft, base) : undefined;
    if (base && !update) {
      setStatus(t('knowledge.editor.nothingToSave'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      if (!base) {
        onSaved(await callApi<KbArticle>('POST', '/api/kb/articles', newArticleRequest(draft)));
        return;
      }
      const saved = await callApi<KbArticle>('PATCH', `/api/kb/articles/${base.id}`, update);
      setBase(saved);
      setDraft(draftOf(saved));
      setReloaded(undefined);
      setStatus(t('knowledge.editor.saved', { version: saved.version }));
      onSaved(saved);
    } catch (caught) {
      failed(caught);
    } finally {
      setBusy(false);
    }
  }

  async function changeStatus(action: StatusAction) {
    if (!base || busy) return;
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const note = draft.note.trim();
      const saved = await callApi<KbArticle>('POST', `/api/kb/articles/${base.id}/${action}`, {
        version: base.version,
        ...(note && { note }),
      });
      setBase(saved);
      setDraft(draftOf(saved));
      setStatus(t(`knowledge.editor.done.${action}`));
      onSaved(saved);
    } catch (caught) {
      failed(caught);
    } finally {
      setBusy(false);
    }
  }

  /** Brings in the colleague's version; every field typed here keeps its words. */
  async function reloadLatest() {
    if (!base) return;
    setBusy(true);
    try {
      const latest = await callApi<KbArticle>('GET', `/api/kb/articles/${base.id}`);
      setReloaded({
        version: latest.version,
        by: latest.updatedBy?.name ?? null,
        bothChanged: fieldsBothChanged(draft, base, latest),
      });
      setDraft(keepEditsOver(draft, base, latest));
      setBase(latest);
      setConflict(undefined);
      onSaved(latest);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const fieldName = (field: string) => t(`knowledge.fields.${field}`);
  return (
    <Stack maw={1400} mx="auto" py="lg" gap="md">
      <PageHeading
        title={base ? t('knowledge.editor.editTitle', { title: base.title }) : t('knowledge.editor.newTitle')}
        intro={t('knowledge.editor.intro')}
      />
      {base && (
        <>
          <ArticleOverview article={base} mayEdit />
          <ArticleStatusActions article={base} unsaved={unsaved} busy={busy} onAction={changeStatus} />
        </>
      )}
      <StatusMessage message={status} />
      {conflict && (
        <Alert color="orange" variant="light" role="alert" title={t('knowledge.editor.conflictTitle')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{conflict.message}</Text>
            <Text size="sm">{t('knowledge.editor.conflictKeep')}</Text>
            <Button onClick={() => void reloadLatest()} loading={busy}>
              {t('knowledge.editor.reload')}
            </Button>
          </Stack>
        </Alert>
      )}
      {reloaded && (
        <Alert
          color="blue"
          variant="light"
          title={t('knowledge.editor.reloadedTitle', {
            version: reloaded.version,
            name: reloaded.by ?? t('knowledge.history.system'),
          })}
        >
          <Text size="sm">
            {reloaded.bothChanged.length > 0
              ? t('knowledge.editor.reloadedCompare', {
                  fields: reloaded.bothChanged.map(fieldName).join(', '),
                })
              : t('knowledge.editor.reloadedMerged')}
          </Text>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form ref={form} onSubmit={(event) => void save(event)} noValidate>
            <Stack gap="md">
              <ArticleFields
                draft={draft}
                isNew={!base}
                teams={organization.data?.teams}
                error={error}
                onChange={change}
              />
              <FormError error={error} title={t('knowledge.editor.notSaved')} />
              <Group gap="sm">
                <Button type="submit" loading={busy} disabled={Boolean(conflict)}>
                  {t(base ? 'knowledge.editor.save' : 'knowledge.editor.saveDraft')}
                </Button>
                <Text size="sm" c="dimmed">
                  {base && (unsaved ? t('knowledge.editor.unsaved') : t('knowledge.editor.allSaved'))}
                </Text>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ArticlePreview
            title={draft.title}
            summary={draft.summary}
            body={draft.body}
            language={draft.language}
          />
        </Grid.Col>
      </Grid>
      {base && <ArticleHistory versions={base.versions} language={base.language} />}
    </Stack>
  );
}
