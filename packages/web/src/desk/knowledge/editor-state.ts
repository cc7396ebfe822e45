import type {
  KbArticle,
  KbArticleUpdate,
  KnowledgeAudience,
  KnowledgeCategory,
  KnowledgeLanguage,
  NewKbArticle,
} from '@patientdesk/contracts';
import { knowledgeLimits } from '@patientdesk/contracts';

/**
 * What the article editor holds while someone writes: every field as the form shows it (an
 * empty string for "no owner team" or "no review date"), and the note for the history.
 */
export interface ArticleDraft {
  title: string;
  slug: string;
  language: KnowledgeLanguage;
  category: KnowledgeCategory;
  audience: KnowledgeAudience;
  ownerTeamId: string;
  reviewBy: string;
  summary: string;
  body: string;
  /** Why this change was made, shown in the history (not part of the article). */
  note: string;
}

/** The fields an editor can change on a saved article (its language is fixed once written). */
export const editableFields = [
  'title',
  'slug',
  'category',
  'audience',
  'ownerTeamId',
  'reviewBy',
  'summary',
  'body',
] as const;
type EditableField = (typeof editableFields)[number];

/** A new article, perhaps begun from another (a translation shares its slug and topic). */
export function blankDraft(start: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    title: '',
    slug: '',
    language: 'en',
    category: 'visits',
    audience: 'public',
    ownerTeamId: '',
    reviewBy: '',
    summary: '',
    body: '',
    note: '',
    ...start,
  };
}

/** The saved article as the form shows it. */
export function draftOf(article: KbArticle): ArticleDraft {
  return {
    title: article.title,
    slug: article.slug,
    language: article.language,
    category: article.category,
    audience: article.audience,
    ownerTeamId: article.ownerTeam?.id ?? '',
    reviewBy: article.reviewBy ?? '',
    summary: article.summary,
    body: article.body,
    note: '',
  };
}

/**
 * A slug suggested from the title, as the help-centre address will show it: "¿Cómo pago mi
 * factura?" becomes "como-pago-mi-factura".
 */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, knowledgeLimits.slug)
    .replace(/-+$/, '');
}

/** What POST /api/kb/articles is sent for a new article. */
export function newArticleRequest(draft: ArticleDraft): NewKbArticle {
  return {
    slug: draft.slug,
    language: draft.language,
    title: draft.title,
    summary: draft.summary,
    body: draft.body,
    category: draft.category,
    audience: draft.audience,
    ownerTeamId: draft.ownerTeamId || null,
    reviewBy: draft.reviewBy || null,
    ...(draft.note.trim() && { note: draft.note.trim() }),
  };
}

const savedValue = (draft: ArticleDraft, field: EditableField) =>
  field === 'ownerTeamId' || field === 'reviewBy' ? draft[field] || null : draft[field];

/** The fields of the draft that differ from the article it was opened from. */
export function changedFields(draft: ArticleDraft, openedFrom: KbArticle): EditableField[] {
  const saved = draftOf(openedFrom);
  return editableFields.filter((field) => draft[field] !== saved[field]);
}

/**
 * What PATCH /api/kb/articles/:id is sent: only the fields that changed, over the version the
 * editor opened (a colleague's newer save is then refused with 409, not overwritten).
 * Undefined when nothing changed.
 */
export function articleUpdate(draft: ArticleDraft, openedFrom: KbArticle): KbArticleUpdate | undefined {
  const fields = changedFields(draft, openedFrom);
  if (fields.length === 0) return undefined;
  const update: Record<string, unknown> = { version: openedFrom.version };
  for (const field of fields) update[field] = savedValue(draft, field);
  if (draft.note.trim()) update.note = draft.note.trim();
  return update as KbArticleUpdate;
}

/**
 * After a colleague saved the article meanwhile: the editor's own changes are kept word for
 * word, and the fields they did not touch take the colleague's newer values. Nothing typed is
 * lost, and saving again (over the newer version) keeps the colleague's other changes.
 */
export function keepEditsOver(draft: ArticleDraft, openedFrom: KbArticle, latest: KbArticle): ArticleDraft {
  const mine = new Set(changedFields(draft, openedFrom));
  const theirs = draftOf(latest);
  const merged: Record<EditableField, string> = { ...draft };
  for (const field of editableFields) if (!mine.has(field)) merged[field] = theirs[field];
  return merged as ArticleDraft;
}

/** Fields both the editor and the colleague changed: the editor should compare before saving. */
export function fieldsBothChanged(
  draft: ArticleDraft,
  openedFrom: KbArticle,
  latest: KbArticle,
): EditableField[] {
  const theirs = new Set(changedFields(draftOf(latest), openedFrom));
  return changedFields(draft, openedFrom).filter(
    (field) => theirs.has(field) && draft[field] !== draftOf(latest)[field],
  );
}
