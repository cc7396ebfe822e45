import {
  findJargon,
  type PlainLanguage,
  plainLanguageGradeLimit,
  type ReplyCheck,
  type ReplyCheckRequest,
  readingGrade,
  replyCheckRequestSchema,
} from '@patientdesk/contracts';
import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { Forbidden } from '../../errors.ts';
import type { ActorScope } from '../access/actor-scope.ts';
import { patients } from '../patients/schema.ts';
import type { ConversationRow } from './inbound.ts';
import { checkForPhi, type PhiCheck } from './phi-guard.ts';
import { loadConversation } from './replies.ts';

/**
 * The composer's aids, asked for as the agent types: jargon with plain words, the reading grade,
 * and, on SMS or plain email, whether the reply would be held for health information if sent as
 * it is. The PHI part is the very check the send makes, with the same facts from the record, so
 * the warning before sending and the hold after it agree.
 *
 * No audit event is written. Nothing is stored and nothing of the record is disclosed: the only
 * record value read is the patient's MRN, compared with the agent's own text and echoed back only
 * when the agent already typed it, exactly as a held send does (which is not audited either).
 * Auditing every pause in typing would bury the real PHI accesses of the log under noise. The
 * text is never logged or stored, and the answer is marked not to be cached.
 */

const insecureChannels: ReadonlySet<string> = new Set(['sms', 'email']);

/** Whether a conversation's channel carries text in the clear (SMS, plain email). */
export const isInsecureChannel = (channel: string) => insecureChannels.has(channel);

/** What the record says that a reply must not quote in the clear: for now, the patient's MRN. */
async function recordFactsOf(orm: Orm, conversation: ConversationRow) {
  if (!conversation.patientId) return {};
  const [patient] = await orm
    .select({ mrn: patients.mrn })
    .from(patients)
    .where(eq(patients.id, conversation.patientId));
  return { identifiers: patient ? [patient.mrn] : [] };
}

/**
 * The check a reply over SMS or plain email gets before it leaves: the same rules and record
 * facts as the hold in `sendAgentReply`.
 */
export async function phiCheckBeforeSending(
  orm: Orm,
  conversation: ConversationRow,
  body: string,
): Promise<PhiCheck> {
  return checkForPhi(body, await recordFactsOf(orm, conversation));
}

/** The language the aids read a conversation in: English or Spanish, or none we have words for. */
export function plainLanguageOf(languageTag: string): PlainLanguage | null {
  const primary = languageTag.toLowerCase().split('-')[0];
  return primary === 'en' || primary === 'es' ? primary : null;
}

/** Checks a draft reply in a conversation of the agent's organisation; see the module comment. */
export async function checkReply(
  scope: ActorScope,
  conversationId: string,
  input: ReplyCheckRequest,
): Promise<ReplyCheck> {
  if (scope.actor.kind !== 'staff') throw new Forbidden('Only clinic staff answer in the inbox.');
  const request = replyCheckRequestSchema.parse(input);
  await scope.authorize('conversation.reply');
  const conversation = await loadConversation(scope.orm, conversationId);
  const language = request.language ?? plainLanguageOf(conversation.language);
  const insecure = isInsecureChannel(conversation.channel);

  if (request.kind === 'note')
    return {
      language,
      jargon: [],
      readingGrade: null,
      gradeLimit: plainLanguageGradeLimit,
      phi: { channelIsSecure: true, findings: [] },
    };
  const phi = insecure ? await phiCheckBeforeSending(scope.orm, conversation, request.body) : undefined;
  return {
    language,
    jargon: language ? findJargon(request.body, language) : [],
    readingGrade: language ? readingGrade(request.body, language).grade : null,
    gradeLimit: plainLanguageGradeLimit,
    phi: { channelIsSecure: !insecure, findings: phi?.findings ?? [] },
  };
}
