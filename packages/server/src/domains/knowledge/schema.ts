import type {
  KnowledgeAudience,
  KnowledgeCategory,
  KnowledgeLanguage,
  KnowledgeStatus,
} from '@patientdesk/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations, teams } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';

/** The knowledge base's tables (migration 0016). */

export type ArticleChange = 'created' | 'edited' | 'published' | 'unpublished' | 'archived';

const organizationId = () =>
  uuid('organization_id')
    .notNull()
    .references(() => organizations.id);
const staffReference = (name: string) =>
  uuid(name).references(() => staffMembers.id, { onDelete: 'set null' });

/** Written by the database alone (a stored generated column); code never sets it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const knowledgeArticles = pgTable(
  'knowledge_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: organizationId(),
    slug: text('slug').notNull(),
    language: text('language').$type<KnowledgeLanguage>().notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull(),
    category: text('category').$type<KnowledgeCategory>().notNull(),
    audience: text('audience').$type<KnowledgeAudience>().notNull().default('public'),
    status: text('status').$type<KnowledgeStatus>().notNull().default('draft'),
    ownerTeamId: uuid('owner_team_id').references(() => teams.id, { onDelete: 'set null' }),
    reviewBy: date('review_by'),
    readingGrade: real('reading_grade').notNull().default(0),
    version: integer('version').notNull().default(1),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: staffReference('created_by'),
    updatedBy: staffReference('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchHead: tsvector('search_head').generatedAlwaysAs(sql`null`),
    searchDocument: tsvector('search_document').generatedAlwaysAs(sql`null`),
  },
  (table) => [unique().on(table.organizationId, table.language, table.slug)],
);

export const knowledgeArticleVersions = pgTable('knowledge_article_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  articleId: uuid('article_id')
    .notNull()
    .references(() => knowledgeArticles.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  change: text('change').$type<ArticleChange>().notNull(),
  changedFields: text('changed_fields').array().notNull().default([]),
  previousTitle: text('previous_title'),
  previousSummary: text('previous_summary'),
  previousBody: text('previous_body'),
  previousCategory: text('previous_category').$type<KnowledgeCategory>(),
  previousAudience: text('previous_audience').$type<KnowledgeAudience>(),
  note: text('note'),
  changedBy: staffReference('changed_by'),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const knowledgeArticleFeedback = pgTable('knowledge_article_feedback', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  articleId: uuid('article_id')
    .notNull()
    .references(() => knowledgeArticles.id, { onDelete: 'cascade' }),
  helpful: boolean('helpful').notNull(),
  source: text('source').$type<'help-centre' | 'widget' | 'assistant'>().notNull().default('help-centre'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const knowledgeSynonyms = pgTable('knowledge_synonyms', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: organizationId(),
  terms: text('terms').array().notNull(),
  createdBy: staffReference('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Kept by a trigger on knowledge_articles; read through `knowledge_spelling`. */
export const knowledgeTerms = pgTable(
  'knowledge_terms',
  {
    organizationId: organizationId(),
    language: text('language').notNull(),
    term: text('term').notNull(),
    lexeme: text('lexeme').notNull(),
    documents: integer('documents').notNull().default(0),
    publicDocuments: integer('public_documents').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.term, table.language] })],
);
