import {
  type KbArticle,
  knowledgeAudiences,
  knowledgeCategories,
  knowledgeLanguages,
  type SignedInStaff,
} from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ArticleEditor } from './ArticleEditor.tsx';
import { ArticleListPage } from './ArticleListPage.tsx';
import { ArticleReader } from './ArticleReader.tsx';
import type { ArticleDraft } from './editor-state.ts';
import { knowledgeEditors } from './knowledge-roles.ts';

const oneOf = <T extends string>(allowed: readonly T[], value: string | null): T | undefined =>
  allowed.find((item) => item === value);

/** A new article's first values from the address (a translation begun from its original). */
function startOf(params: URLSearchParams): Partial<ArticleDraft> {
  const start: Partial<ArticleDraft> = {};
  const language = oneOf(knowledgeLanguages, params.get('language'));
  const category = oneOf(knowledgeCategories, params.get('category'));
  const audience = oneOf(knowledgeAudiences, params.get('audience'));
  if (language) start.language = language;
  if (category) start.category = category;
  if (audience) start.audience = audience;
  if (params.get('slug')) start.slug = params.get('slug') ?? '';
  if (params.get('ownerTeamId')) start.ownerTeamId = params.get('ownerTeamId') ?? '';
  return start;
}

/**
 * /desk/knowledge/:id, and /desk/knowledge/new. Editors get the editor, everyone else the
 * article to read. Once a new article is saved the address becomes its own, and the article
 * the save answered with is shown at once (no second load).
 */
function ArticlePage({ mayEdit }: { mayEdit: boolean }) {
  const { t } = useTranslation();
  const { id = 'new' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const isNew = id === 'new';
  // The newest version this page has from a save, a reload, or a creation.
  const [saved, setSaved] = useState<KbArticle>();
  const [createdId, setCreatedId] = useState<string>();
  const fromSave = saved?.id === id ? saved : undefined;
  const loaded = useApiData<KbArticle>(isNew || fromSave ? undefined : `/api/kb/articles/${id}`);
  const fromLoad = loaded.data?.id === id ? loaded.data : undefined;
  const article =
    fromSave && fromLoad
      ? fromLoad.version > fromSave.version
        ? fromLoad
        : fromSave
      : (fromSave ?? fromLoad);

  if (isNew && !mayEdit) return <NotFoundPage />;
  if (!isNew && !article)
    return loaded.error ? (
      <FormError error={loaded.error} title={t('knowledge.editor.loadFailed')} />
    ) : (
      <Loading />
    );
  if (!mayEdit && article) return <ArticleReader article={article} />;
  return (
    <ArticleEditor
      key={isNew ? `new:${params}` : id}
      article={article}
      start={isNew ? startOf(params) : undefined}
      justCreated={createdId === id}
      onSaved={(answer) => {
        setSaved(answer);
        if (!isNew) return;
        setCreatedId(answer.id);
        navigate(`/desk/knowledge/${answer.id}`, { replace: true });
      }}
    />
  );
}

/** The knowledge base in the desk: the list of articles, one article, and a new one. */
export function KnowledgeArea({ staff }: { staff: SignedInStaff }) {
  const mayEdit = knowledgeEditors.includes(staff.role);
  return (
    <Routes>
      <Route index element={<ArticleListPage mayEdit={mayEdit} />} />
      <Route path=":id" element={<ArticlePage mayEdit={mayEdit} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
