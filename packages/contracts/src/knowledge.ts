import { z } from 'zod';

/**
 * The knowledge base: help articles in English and Spanish, public (the help centre, the chat
 * widget, the assistant) or internal (procedures for staff), each with its reading grade and a
 * history of who changed what. A translation shares its article's slug.
 */

export const knowledgeLanguages = ['en', 'es'] as const;
export type KnowledgeLanguage = (typeof knowledgeLanguages)[number];

export const knowledgeCategories = [
  'visits',
  'billing',
  'prescriptions',
  'records',
  'portal',
  'getting-here',
  'your-care',
  'about',
  'internal-procedures',
] as const;
export type KnowledgeCategory = (typeof knowledgeCategories)[number];

/** What patients and staff read for each category, in both languages. */
export const knowledgeCategoryNames: Record<KnowledgeCategory, Record<KnowledgeLanguage, string>> = {
  visits: { en: 'Appointments and visits', es: 'Citas y consultas' },
  billing: { en: 'Bills, payments and insurance', es: 'Facturas, pagos y seguro médico' },
  prescriptions: { en: 'Prescriptions and refills', es: 'Recetas y reposiciones' },
  records: { en: 'Medical records and forms', es: 'Expediente médico y formularios' },
  portal: { en: 'The patient portal', es: 'El portal del paciente' },
  'getting-here': { en: 'Getting here', es: 'Cómo llegar' },
  'your-care': { en: 'Your care', es: 'Su atención' },
  about: { en: 'About the clinic', es: 'Sobre la clínica' },
  'internal-procedures': {
    en: 'Internal procedures (staff only)',
    es: 'Procedimientos internos (solo personal)',
  },
};

export const knowledgeAudiences = ['public', 'internal'] as const;
export type KnowledgeAudience = (typeof knowledgeAudiences)[number];

/** Only published articles are found by search; archived ones are kept for their history. */
export const knowledgeStatuses = ['draft', 'published', 'archived'] as const;
export type KnowledgeStatus = (typeof knowledgeStatuses)[number];

export const knowledgeLimits = {
  slug: 100,
  title: 200,
  summary: 500,
  body: 50_000,
  note: 500,
  query: 300,
} as const;

const language = z.enum(knowledgeLanguages, { message: 'must be "en" or "es"' });
const category = z.enum(knowledgeCategories, {
  message: `must be one of ${knowledgeCategories.join(', ')}`,
});
const audience = z.enum(knowledgeAudiences, { message: 'must be "public" or "internal"' });
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9-]*$/,
    'must be lower-case letters, digits and dashes, such as "prescription-refills"',
  )
  .max(knowledgeLimits.slug, `must be at most ${knowledgeLimits.slug} characters`);
const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(knowledgeLimits.title, `must be at most ${knowledgeLimits.title} characters`);
const summary = z
  .string()
  .trim()
  .max(knowledgeLimits.summary, `must be at most ${knowledgeLimits.summary} characters`);
const body = z
  .string()
  .min(1, 'must not be empty')
  .max(knowledgeLimits.body, `must be at most ${knowledgeLimits.body.toLocaleString('en-US')} characters`)
  .refine((text) => text.trim().length > 0, 'must not be empty');
const note = z
  .string()
  .trim()
  .max(knowledgeLimits.note, `must be at most ${knowledgeLimits.note} characters`);
const reviewBy = z.iso.date({ message: 'must be a date such as 2026-06-30' });
/** The version the editor started from: a save over someone else's newer one is refused (409). */
const version = z.number({ message: 'must be the version you edited' }).int().min(1);

// --- Search --------------------------------------------------------------------------------

export const kbSearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(knowledgeLimits.query, `must be at most ${knowledgeLimits.query} characters`),
  /** Only articles in this language; without it both languages are searched. */
  lang: language.optional(),
  /** The clinic's short name; signed-in staff may leave it out (their own organisation). */
  org: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a clinic short name such as "demo"')
    .optional(),
  /** `all` adds internal articles: signed-in staff who may read them only. */
  audience: z.enum(['public', 'all'], { message: 'must be "public" or "all"' }).default('public'),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type KbSearchQuery = z.input<typeof kbSearchQuerySchema>;

export const kbSearchResultSchema = z.object({
  slug: z.string(),
  language: language,
  title: z.string(),
  summary: z.string(),
  category: category,
  audience: audience,
  /** The help-centre page; null for internal articles, which the help centre never shows. */
  url: z.string().nullable(),
  /** Higher is better; comparable within one answer only. */
  score: z.number(),
});
export type KbSearchResult = z.infer<typeof kbSearchResultSchema>;

export const kbSearchResponseSchema = z.object({
  items: z.array(kbSearchResultSchema),
  /** Words read as another known word ("perscription" as "prescription"). */
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
});
export type KbSearchResponse = z.infer<typeof kbSearchResponseSchema>;

// --- Articles, for the desk editor ---------------------------------------------------------

const staffRef = z.object({ id: z.uuid(), name: z.string() }).nullable();
const teamRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable();

export const kbArticleSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  language: language,
  title: z.string(),
  summary: z.string(),
  category: category,
  audience: audience,
  status: z.enum(knowledgeStatuses),
  ownerTeam: teamRef,
  reviewBy: z.string().nullable(),
  /** The review date has passed. */
  reviewOverdue: z.boolean(),
  readingGrade: z.number(),
  /** Above `plainLanguageGradeLimit` (grade 8): the editor flags it. */
  readingGradeAboveLimit: z.boolean(),
  version: z.number().int(),
  publishedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  updatedBy: staffRef,
  /** Help-centre page (public articles only). */
  url: z.string().nullable(),
});
export type KbArticleSummary = z.infer<typeof kbArticleSummarySchema>;

export const kbArticleVersionSchema = z.object({
  version: z.number().int(),
  change: z.enum(['created', 'edited', 'published', 'unpublished', 'archived']),
  changedFields: z.array(z.string()),
  changedBy: staffRef,
  changedAt: z.iso.datetime({ offset: true }),
  note: z.string().nullable(),
  /** The article as it was before this change (null for the first version). */
  previous: z
    .object({
      title: z.string(),
      summary: z.string(),
      body: z.string(),
      category: category,
      audience: audience,
    })
    .nullable(),
});
export type KbArticleVersion = z.infer<typeof kbArticleVersionSchema>;

export const kbArticleSchema = kbArticleSummarySchema.extend({
  body: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The same slug in the other language. */
  translations: z.array(z.object({ id: z.uuid(), language: language, status: z.enum(knowledgeStatuses) })),
  /** Answers to "Did this help?" on the help centre. */
  feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int() }),
  /** Newest first. */
  versions: z.array(kbArticleVersionSchema),
});
export type KbArticle = z.infer<typeof kbArticleSchema>;

/** `true` or `false` in an address; a boolean when called in code. */
const queryBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true'),
]);

export const kbArticleListQuerySchema = z.object({
  /** Words in the title or summary (any case). */
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  language: language.optional(),
  category: category.optional(),
  audience: audience.optional(),
  status: z.enum(knowledgeStatuses, { message: 'must be draft, published or archived' }).optional(),
  ownerTeamId: z.uuid({ message: 'must be a team id (a UUID)' }).optional(),
  /** Only articles whose review date has passed. */
  reviewOverdue: queryBoolean.optional(),
  /** Only articles above the reading-grade limit. */
  aboveGradeLimit: queryBoolean.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type KbArticleListQuery = z.input<typeof kbArticleListQuerySchema>;

export const kbArticleListSchema = z.object({
  items: z.array(kbArticleSummarySchema),
  total: z.number().int(),
});

export const newKbArticleSchema = z.strictObject({
  slug,
  language,
  title,
  summary: summary.default(''),
  body,
  category,
  audience: audience.default('public'),
  ownerTeamId: z.uuid({ message: 'must be a team id (a UUID)' }).nullable().optional(),
  reviewBy: reviewBy.nullable().optional(),
  note: note.optional(),
});
export type NewKbArticle = z.input<typeof newKbArticleSchema>;

export const kbArticleUpdateSchema = z
  .strictObject({
    version,
    slug: slug.optional(),
    title: title.optional(),
    summary: summary.optional(),
    body: body.optional(),
    category: category.optional(),
    audience: audience.optional(),
    ownerTeamId: z.uuid({ message: 'must be a team id (a UUID)' }).nullable().optional(),
    reviewBy: reviewBy.nullable().optional(),
    note: note.optional(),
  })
  .refine((update) => Object.keys(update).some((key) => key !== 'version' && key !== 'note'), {
    message: 'says nothing to change',
  });
export type KbArticleUpdate = z.input<typeof kbArticleUpdateSchema>;

/** Publish, unpublish or archive; with `version`, refused (409) if someone saved since. */
export const kbArticleStatusChangeSchema = z.strictObject({
  version: version.optional(),
  note: note.optional(),
});
export type KbArticleStatusChange = z.input<typeof kbArticleStatusChangeSchema>;

export const kbArticleIdParamsSchema = z.object({
  id: z.uuid({ message: 'must be an article id (a UUID)' }),
});

export const kbPreviewRequestSchema = z.strictObject({
  body: z
    .string()
    .max(knowledgeLimits.body, `must be at most ${knowledgeLimits.body.toLocaleString('en-US')} characters`),
  language,
  summary: summary.optional(),
});
export type KbPreviewRequest = z.input<typeof kbPreviewRequestSchema>;

export const kbPreviewSchema = z.object({
  /** Safe HTML: raw HTML in the markdown is shown as text, never run. */
  html: z.string(),
  readingGrade: z.number(),
  gradeLimit: z.number(),
  readingGradeAboveLimit: z.boolean(),
  words: z.number().int(),
  sentences: z.number().int(),
});
export type KbPreview = z.infer<typeof kbPreviewSchema>;

// --- Synonyms an organisation adds to the built-in list ------------------------------------

const synonymTerm = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'must be at least 2 letters')
  .max(60, 'must be at most 60 characters')
  .regex(/^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+){0,3}$/u, 'must be a word or a phrase of up to 4 words');

export const kbSynonymGroupSchema = z.object({
  id: z.uuid(),
  terms: z.array(z.string()),
  createdAt: z.iso.datetime({ offset: true }),
});
export type KbSynonymGroup = z.infer<typeof kbSynonymGroupSchema>;

export const newKbSynonymGroupSchema = z.strictObject({
  /** Words or phrases that mean the same to a patient: ["copay", "copayment", "copago"]. */
  terms: z
    .array(synonymTerm)
    .min(2, 'needs at least 2 words that mean the same')
    .max(20, 'must be at most 20 words'),
});
export type NewKbSynonymGroup = z.input<typeof newKbSynonymGroupSchema>;

export const kbSynonymListSchema = z.object({
  items: z.array(kbSynonymGroupSchema),
  /** The groups every organisation has, for reference. */
  builtIn: z.array(z.array(z.string())),
});
