import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import { organizations } from '../organizations/schema.ts';
import { staffMembers } from '../staff/schema.ts';
import { redFlags, type SafetyAdvice } from '../triage/lexicon/red-flags.ts';
import { safetyNumbersOf, safetyReplyText } from '../triage/safety-reply.ts';
import type { TriageResult } from '../triage/triage-engine.ts';
import { sendAutomaticReply } from './automatic-reply.ts';
import type { ChannelDeliveryDependencies } from './channel-delivery.ts';
import type { ConversationRow, MessageRow } from './inbound.ts';
import { conversationMessages } from './schema.ts';
import { addToTimeline } from './timeline.ts';

/**
 * What happens at once when triage finds an emergency: the writer gets the safety reply on the
 * channel they used (call 911 / 988 / Poison Control, never a word about them), and the
 * clinicians on duty in the desk are alerted; with none on duty, the organisation's on-call
 * phone is texted a link (no patient details). A writer who sends several alarming messages in
 * a row gets one safety reply, not one per message. Everything is in the timeline.
 */

/** One safety reply per conversation in this window, however many alarming messages arrive. */
const safetyReplyQuietMinutes = 30;

export interface EmergencyResponse {
  safetyReply: MessageRow | null;
  /** Clinicians alerted in the desk (the caller publishes the alert once the data is committed). */
  alertedStaffIds: string[];
  pagedOnCall: boolean;
}

function adviceOf(triage: TriageResult): SafetyAdvice[] {
  const current = new Set(triage.flags.filter((f) => f.status === 'current').map((f) => f.rule));
  const advice = redFlags
    .filter((flag) => flag.level === 'emergency' && current.has(flag.id))
    .map((f) => f.advice);
  return advice.length > 0 ? advice : ['emergency-services'];
}

async function recentSafetyReply(orm: Orm, conversationId: string, now: Date): Promise<boolean> {
  const [row] = await orm
    .select({ id: conversationMessages.id })
    .from(conversationMessages)
    .where(
      and(
        eq(conversationMessages.conversationId, conversationId),
        eq(conversationMessages.authorKind, 'system'),
        sql`${conversationMessages.channelMetadata} ->> 'safetyReply' = 'true'`,
        gt(conversationMessages.createdAt, new Date(now.getTime() - safetyReplyQuietMinutes * 60_000)),
      ),
    )
    .orderBy(desc(conversationMessages.createdAt))
    .limit(1);
  return row !== undefined;
}

/** Clinicians on duty: signed in to the desk as available or busy. */
async function cliniciansOnDuty(orm: Orm): Promise<string[]> {
  const rows = await orm
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.role, 'clinician'),
        inArray(staffMembers.availability, ['available', 'busy']),
        isNull(staffMembers.disabledAt),
      ),
    );
  return rows.map((row) => row.id);
}

export async function respondToEmergency(
  orm: Orm,
  deps: Partial<Pick<ChannelDeliveryDependencies, 'channels' | 'publicUrl'>> &
    Pick<ChannelDeliveryDependencies, 'cipher' | 'search'>,
  conversation: ConversationRow,
  triage: TriageResult,
  now: Date,
): Promise<EmergencyResponse> {
  const { organizationId } = conversation;
  const alreadyAnswered = await recentSafetyReply(orm, conversation.id, now);
  const [organization] = await orm
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const numbers = await safetyNumbersOf(orm, organizationId);
  let safetyReply: MessageRow | null = null;
  let notSentBecause: string | null = null;

  if (!alreadyAnswered) {
    const outcome = await sendAutomaticReply(orm, deps, conversation, {
      authorKind: 'system',
      text: safetyReplyText(
        adviceOf(triage),
        triage.language,
        conversation.channel,
        numbers,
        organization?.name ?? 'The clinic',
      ),
      subject:
        triage.language === 'es' ? 'Importante: si es una emergencia' : 'Important: if this is an emergency',
      clinicName: organization?.name ?? 'the clinic',
      metadata: { safetyReply: true },
      // Just after the message it answers, so it reads below it.
      at: new Date(now.getTime() + 1),
    });
    if (outcome.sent) safetyReply = outcome.message;
    else notSentBecause = outcome.reason;
  }

  const alertedStaffIds = alreadyAnswered ? [] : await cliniciansOnDuty(orm);
  let pagedOnCall = false;
  if (
    !alreadyAnswered &&
    alertedStaffIds.length === 0 &&
    numbers.onCallPhone &&
    deps.channels &&
    deps.publicUrl
  ) {
    // No patient details by text: only that an emergency waits, and where.
    await deps.channels
      .sendSms(orm, {
        organizationId,
        to: numbers.onCallPhone,
        from: null,
        body: `PatientDesk: a message triaged as an EMERGENCY is waiting and no clinician is on duty in the desk. Open ${deps.publicUrl}/desk/inbox/${conversation.id}`,
        statusCallbackUrl: `${deps.publicUrl}/hooks/twilio/status`,
      })
      .then(() => {
        pagedOnCall = true;
      })
      .catch(() => {
        pagedOnCall = false;
      });
  }
  if (!alreadyAnswered)
    await addToTimeline(orm, {
      organizationId,
      conversationId: conversation.id,
      kind: 'emergency-response',
      details: {
        rules: triage.flags.filter((f) => f.status === 'current').map((f) => f.rule),
        safetyReply: safetyReply ? 'sent' : `not sent: ${notSentBecause}`,
        alertedStaffIds,
        pagedOnCall,
      },
    });
  return { safetyReply, alertedStaffIds, pagedOnCall };
}
