import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Orm } from '../../db/connection.ts';
import { inTenant } from '../../db/tenant-scope.ts';
import { sendAutomaticReply } from '../conversations/automatic-reply.ts';
import type { ChannelDeliveryDependencies } from '../conversations/channel-delivery.ts';
import { encryptedFields } from '../conversations/fields.ts';
import type { ConversationRow, InboundResult } from '../conversations/inbound.ts';
import { conversationMessages, conversations } from '../conversations/schema.ts';
import { addToTimeline } from '../conversations/timeline.ts';
import { knowledgeArticleFeedback, knowledgeArticles } from '../knowledge/schema.ts';
import { searchArticles } from '../knowledge/search.ts';
import { organizations } from '../organizations/schema.ts';
import { answerConfidence } from './answer-confidence.ts';
import { assistantSettingsOf } from './assistant-settings.ts';
import { answerText, assistantTexts } from './assistant-texts.ts';
import {
  type ArticleForModel,
  answerWithLanguageModel,
  type LanguageModelSettings,
} from './language-model.ts';
import { type AssistantChannel, assistantAnswers, type HandoverReason } from './schema.ts';
import { asksForPerson, helpfulAnswer, isQuestion } from './what-they-said.ts';

/**
 * The assistant, after an inbound message is stored. It answers routine questions at once from
 * the organisation's public articles when the search is sure enough, and never: clinical
 * questions, anything triage did not call routine (the emergency path already answered), or a
 * conversation a person has taken up. It hands over at "agent" or "person", at "no, that did not
 * help", and at the second question it cannot answer; every attempt is recorded for the
 * deflection figures. A language model, when configured, may word the answer from the articles
 * (outside any transaction: a slow model never holds the database).
 */

export interface AssistantDependencies extends Partial<Pick<ChannelDeliveryDependencies, 'channels'>> {
  cipher: ChannelDeliveryDependencies['cipher'];
  search: ChannelDeliveryDependencies['search'];
  publicUrl: string;
  languageModel: LanguageModelSettings | null;
}

export type AssistantAction = 'answered' | 'handed-over' | 'not-found' | 'thanked';

export interface AssistantResult {
  action: AssistantAction;
  conversation: ConversationRow;
}

type Plan =
  | { kind: 'nothing' }
  | { kind: 'thank'; answerId: string; articleId: string | null }
  | { kind: 'hand-over'; reason: HandoverReason; answerId?: string }
  | { kind: 'not-found' }
  | {
      kind: 'answer';
      articles: (ArticleForModel & { id: string; summary: string })[];
      confidence: number;
      useModel: boolean;
    };

interface Context {
  organization: { id: string; slug: string; name: string };
  conversation: ConversationRow;
  questionMessageId: string;
  text: string;
  language: 'en' | 'es';
  intent: string;
  channel: AssistantChannel;
}

async function agentHasAnswered(orm: Orm, conversationId: string): Promise<boolean> {
  const [answer] = await orm
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        eq(conversationMessages.authorKind, 'agent'),
        eq(conversationMessages.kind, 'message'),
      ),
    )
    .limit(1);
  return answer !== undefined;
}

async function planFor(orm: Orm, context: Context, urgency: string): Promise<Plan> {
  const settings = await assistantSettingsOf(orm, context.organization.id);
  if (!settings.enabled || !settings.channels.includes(context.channel)) return { kind: 'nothing' };
  if (await agentHasAnswered(orm, context.conversation.id)) return { kind: 'nothing' };
  // A clinic with no help articles in this language has no assistant to speak of: stay quiet.
  const [anyArticle] = await orm
    .select({ id: knowledgeArticles.id })
    .from(knowledgeArticles)
    .where(
      and(
        eq(knowledgeArticles.language, context.language),
        eq(knowledgeArticles.status, 'published'),
        eq(knowledgeArticles.audience, 'public'),
      ),
    )
    .limit(1);
  if (!anyArticle) return { kind: 'nothing' };
  const history = await orm
    .select()
    .from(assistantAnswers)
    .where(eq(assistantAnswers.conversationId, context.conversation.id))
    .orderBy(asc(assistantAnswers.createdAt));
  if (history.some((row) => row.outcome === 'handed-over')) return { kind: 'nothing' };

  const last = history.at(-1);
  // A short reply ("no", "ok") says little about its language: keep the one the conversation is in.
  if (last) context.language = last.language;
  const feedback = helpfulAnswer(context.text);
  if (last?.outcome === 'answered' && last.helpful === null && feedback !== null)
    return feedback
      ? { kind: 'thank', answerId: last.id, articleId: last.articleId }
      : { kind: 'hand-over', reason: 'not-helpful', answerId: last.id };
  if (asksForPerson(context.text)) return { kind: 'hand-over', reason: 'asked-for-person' };
  // Never clinical, never anything triage did not call routine, never an order to act on.
  if (urgency !== 'routine' || context.intent === 'clinical-question' || !isQuestion(context.text))
    return { kind: 'nothing' };

  const found = await searchArticles(orm, {
    question: context.text,
    languages: [context.language],
    includeInternal: false,
    limit: 3,
  });
  const unanswered = () =>
    history.some((row) => row.outcome === 'unanswered')
      ? ({ kind: 'hand-over', reason: 'second-unanswered' } as const)
      : ({ kind: 'not-found' } as const);
  if (found.items.length === 0) return unanswered();
  const bodies = await orm
    .select({ id: knowledgeArticles.id, body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(
      inArray(
        knowledgeArticles.id,
        found.items.map((item) => item.id),
      ),
    );
  const articles = found.items.map((item) => ({
    id: item.id,
    slug: item.slug,
    title: item.title,
    summary: item.summary,
    body: bodies.find((b) => b.id === item.id)?.body ?? '',
  }));
  const top = articles[0]!;
  const confidence = answerConfidence(context.text, found.corrections, top, {
    top: found.items[0]!.score,
    second: found.items[1]?.score ?? null,
  });
  if (confidence.value < settings.minConfidence) return unanswered();
  return { kind: 'answer', articles, confidence: confidence.value, useModel: settings.useLanguageModel };
}

/** The contact is answered: no wait, no SLA target running (a new message starts them again). */
async function nobodyWaits(
  orm: Orm,
  conversationId: string,
  change: Pick<typeof conversations.$inferInsert, 'status' | 'resolvedAt'>,
  now: Date,
): Promise<ConversationRow | undefined> {
  const [updated] = await orm
    .update(conversations)
    .set({
      ...change,
      waitingSince: null,
      responseDueAt: null,
      slaWarnedAt: null,
      slaBreachedAt: null,
      updatedAt: now,
    })
    .where(eq(conversations.id, conversationId))
    .returning();
  return updated;
}

async function record(
  orm: Orm,
  context: Context,
  values: Partial<typeof assistantAnswers.$inferInsert> & {
    outcome: 'answered' | 'unanswered' | 'handed-over';
  },
) {
  await orm
    .insert(assistantAnswers)
    .values({
      organizationId: context.organization.id,
      conversationId: context.conversation.id,
      questionMessageId: context.questionMessageId,
      intent: context.intent,
      language: context.language,
      ...values,
    })
    .onConflictDoNothing();
}

async function carryOut(
  orm: Orm,
  deps: AssistantDependencies,
  context: Context,
  plan: Exclude<Plan, { kind: 'nothing' }>,
  written: { text: string; slug: string } | null,
): Promise<AssistantResult> {
  const now = new Date();
  const { conversation, language, organization } = context;
  const say = (text: string, metadata: Record<string, unknown>) =>
    sendAutomaticReply(orm, deps, conversation, {
      authorKind: 'assistant',
      text,
      clinicName: organization.name,
      metadata: { assistant: metadata },
      at: new Date(now.getTime() + 1),
    });
  const timeline = (
    kind: 'assistant-answered' | 'assistant-handed-over' | 'assistant-not-found',
    details: Record<string, unknown>,
  ) =>
    addToTimeline(orm, { organizationId: organization.id, conversationId: conversation.id, kind, details });

  if (plan.kind === 'thank') {
    await orm
      .update(assistantAnswers)
      .set({ helpful: true, feedbackAt: now })
      .where(eq(assistantAnswers.id, plan.answerId));
    if (plan.articleId)
      await orm.insert(knowledgeArticleFeedback).values({
        organizationId: organization.id,
        articleId: plan.articleId,
        helpful: true,
        source: 'assistant',
      });
    const said = await say(assistantTexts.glad[language], { kind: 'thanks' });
    // Answered and confirmed without a person: nothing is left to do.
    const resolved = await nobodyWaits(orm, conversation.id, { status: 'resolved', resolvedAt: now }, now);
    await addToTimeline(orm, {
      organizationId: organization.id,
      conversationId: conversation.id,
      kind: 'status-changed',
      details: { from: conversation.status, to: 'resolved', reason: 'the assistant’s answer helped' },
    });
    return { action: 'thanked', conversation: resolved ?? (said.sent ? said.conversation : conversation) };
  }
  if (plan.kind === 'hand-over') {
    if (plan.answerId) {
      await orm
        .update(assistantAnswers)
        .set({ helpful: false, feedbackAt: now })
        .where(eq(assistantAnswers.id, plan.answerId));
      const [answered] = await orm
        .select()
        .from(assistantAnswers)
        .where(eq(assistantAnswers.id, plan.answerId));
      if (answered?.articleId)
        await orm.insert(knowledgeArticleFeedback).values({
          organizationId: organization.id,
          articleId: answered.articleId,
          helpful: false,
          source: 'assistant',
        });
    }
    const said = await say(assistantTexts.handOver[language], { kind: 'hand-over', reason: plan.reason });
    await record(orm, context, {
      outcome: 'handed-over',
      handoverReason: plan.reason,
      answerMessageId: said.sent ? said.message.id : null,
    });
    await timeline('assistant-handed-over', { reason: plan.reason });
    return { action: 'handed-over', conversation: said.sent ? said.conversation : conversation };
  }
  if (plan.kind === 'not-found') {
    const said = await say(assistantTexts.notFound[language], { kind: 'not-found' });
    await record(orm, context, {
      outcome: 'unanswered',
      answerMessageId: said.sent ? said.message.id : null,
    });
    await timeline('assistant-not-found', {});
    return { action: 'not-found', conversation: said.sent ? said.conversation : conversation };
  }
  const article = plan.articles.find((a) => a.slug === written?.slug) ?? plan.articles[0]!;
  const url = `${deps.publicUrl}/help/${organization.slug}/${language}/${article.slug}`;
  const said = await say(
    answerText(language, context.channel, {
      text: written?.text ?? article.summary,
      title: article.title,
      url,
    }),
    {
      kind: 'answer',
      articleSlug: article.slug,
      confidence: plan.confidence,
      source: written ? 'language-model' : 'search',
    },
  );
  if (!said.sent) return { action: 'answered', conversation };
  await record(orm, context, {
    outcome: 'answered',
    answerMessageId: said.message.id,
    articleId: article.id,
    articleSlug: article.slug,
    confidence: plan.confidence,
    source: written ? 'language-model' : 'search',
  });
  // Answered: the contact is not waiting for a person any more (a new message starts the wait again).
  const pending = await nobodyWaits(orm, conversation.id, { status: 'pending' }, now);
  await timeline('assistant-answered', {
    article: article.slug,
    confidence: plan.confidence,
    source: written ? 'language-model' : 'search',
  });
  return { action: 'answered', conversation: pending ?? said.conversation };
}

/** Runs the assistant for a stored inbound message; null when it stays silent. */
export async function assistAfterInbound(
  database: Database,
  deps: AssistantDependencies,
  inbound: InboundResult,
): Promise<AssistantResult | null> {
  if (inbound.duplicate) return null;
  const channel = inbound.conversation.channel;
  if (channel === 'email') return null;
  const organizationId = inbound.conversation.organizationId;
  const first = await inTenant(database, organizationId, async (orm) => {
    const [organization] = await orm
      .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    if (!organization) return null;
    const context: Context = {
      organization,
      conversation: inbound.conversation,
      questionMessageId: inbound.message.id,
      text: deps.cipher.decrypt(encryptedFields.body, inbound.message.bodyEncrypted),
      language: inbound.triage.language,
      intent: inbound.triage.intent,
      channel,
    };
    return { context, plan: await planFor(orm, context, inbound.triage.urgency) };
  });
  if (!first || first.plan.kind === 'nothing') return null;
  const { context, plan } = first;
  let written: { text: string; slug: string } | null = null;
  if (plan.kind === 'answer' && plan.useModel && deps.languageModel) {
    // Outside any transaction: a slow model never holds the database.
    written = await answerWithLanguageModel(
      deps.languageModel,
      { text: context.text, language: context.language, clinic: context.organization.name },
      plan.articles,
    ).catch(() => null);
  }
  return inTenant(database, organizationId, async (orm) => {
    // The conversation as it is now: a person who answered meanwhile has taken it over.
    const [current] = await orm
      .select()
      .from(conversations)
      .where(eq(conversations.id, context.conversation.id));
    if (!current || (await agentHasAnswered(orm, current.id))) return null;
    return carryOut(orm, deps, { ...context, conversation: current }, plan, written);
  });
}
