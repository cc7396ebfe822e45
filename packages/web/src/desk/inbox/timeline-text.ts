import type { InboxPeople } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { bookingTimelineKinds, useBookingTimelineText } from '../booking/booking-timeline.ts';
import { colleagueById } from './inbox-people.tsx';

/** One event of a conversation's timeline, as the API gives it. */
export interface TimelineEvent {
  kind: string;
  details: Record<string, unknown>;
}

const known = new Set([
  'created',
  'reopened',
  'status-changed',
  'priority-changed',
  'assigned',
  'unassigned',
  'team-changed',
  'tags-changed',
  'intent-changed',
  'identity-verified',
  'patient-linked',
  'opted-out',
  'opted-in',
  'reply-held',
  'delivery-failed',
  'sla-warning',
  'sla-breach',
  'sla-breached',
  'snooze-ended',
  'merged',
  'triaged',
  'emergency-response',
  'distress',
  'triage-corrected',
  'assistant-answered',
  'assistant-handed-over',
  'assistant-not-found',
  ...bookingTimelineKinds,
]);

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) =>
  Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];

/** Says what a timeline event means, in the interface's language ("Assigned to Dana Lee"). */
export function useTimelineText(people: InboxPeople): (event: TimelineEvent) => string {
  const { t } = useTranslation();
  const status = (value: unknown) => (text(value) ? t(`inbox.status.${text(value)}`) : '');
  const priority = (value: unknown) => (text(value) ? t(`inbox.priority.${text(value)}`) : '');
  const bookingText = useBookingTimelineText();
  return ({ kind, details }) => {
    if (!known.has(kind)) return t('inbox.timeline.other', { kind });
    switch (kind) {
      case 'status-changed':
        return t('inbox.timeline.status-changed', { from: status(details.from), to: status(details.to) });
      case 'priority-changed':
        return t(
          details.by === 'triage' ? 'triage.timeline.priorityByTriage' : 'inbox.timeline.priority-changed',
          {
            from: priority(details.from),
            to: priority(details.to),
          },
        );
      case 'triaged':
      case 'emergency-response':
      case 'distress':
      case 'triage-corrected':
        return triageEventText(t, kind, details);
      case 'assistant-answered':
        return t('triage.timeline.assistantAnswered', { article: text(details.article) });
      case 'assistant-handed-over':
        return t('triage.timeline.assistantHandedOver', {
          reason: t(`triage.timeline.handOverReason.${text(details.reason) || 'asked-for-person'}`),
        });
      case 'assistant-not-found':
        return t('triage.timeline.assistantNotFound');
      case 'appointment-booked':
      case 'appointment-rescheduled':
      case 'appointment-cancelled':
        return bookingText(kind, details);
      case 'assigned':
        return t(details.by === 'reply' ? 'inbox.timeline.assignedByReply' : 'inbox.timeline.assigned', {
          name:
            text(details.assignee) ||
            colleagueById(people, details.assigneeId)?.displayName ||
            t('inbox.timeline.aColleague'),
        });
      case 'team-changed':
        return details.teamId
          ? t('inbox.timeline.team-changed', {
              team: text(details.team) || people.teams.find((team) => team.id === details.teamId)?.name,
            })
          : t('inbox.timeline.teamRemoved');
      case 'tags-changed': {
        const tags = list(details.to);
        return tags.length
          ? t('inbox.timeline.tags-changed', { tags: tags.join(', ') })
          : t('inbox.timeline.tagsRemoved');
      }
      case 'intent-changed':
        return t('inbox.timeline.intent-changed', { intent: text(details.to) || '—' });
      case 'identity-verified':
        return t('inbox.timeline.identity-verified', {
          identifiers: list(details.identifiers)
            // The API names them `birth-date`; the identifier labels are keyed `birthDate`.
            .map((identifier) => identifier.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()))
            .map((identifier) => t(`patients.verify.identifiers.${identifier}`, { defaultValue: identifier }))
            .join(', '),
        });
      case 'delivery-failed':
        return t('inbox.timeline.delivery-failed', {
          reason: text(details.reason) || t('inbox.delivery.noReason'),
        });
      case 'sla-breach':
        return t('inbox.timeline.sla-breached');
      default:
        return t(`inbox.timeline.${kind}`);
    }
  };
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** The timeline's triage events: what triage decided, did at once, noticed, or a clinician corrected. */
function triageEventText(t: Translate, kind: string, details: Record<string, unknown>): string {
  const urgency = (value: unknown) => (text(value) ? t(`triage.urgency.${text(value)}`) : '');
  const intent = (value: unknown) => (text(value) ? t(`triage.intent.${text(value)}`) : '');
  const level = (value: unknown) => {
    const decided = (value ?? {}) as { urgency?: unknown; intent?: unknown };
    return `${urgency(decided.urgency)}, ${intent(decided.intent)}`;
  };
  switch (kind) {
    case 'triaged': {
      const rules = list(details.rules);
      return t(rules.length ? 'triage.timeline.triagedRules' : 'triage.timeline.triaged', {
        urgency: urgency(details.urgency),
        intent: intent(details.intent),
        rules: rules.join(', '),
      });
    }
    case 'emergency-response': {
      const reply = text(details.safetyReply);
      const alerted = list(details.alertedStaffIds);
      return t('triage.timeline.emergency-response', {
        reply:
          reply === 'sent'
            ? t('triage.timeline.replySent')
            : t('triage.timeline.replyNotSent', { why: reply.replace(/^not sent: /, '') }),
        alerted:
          alerted.length > 0
            ? t('triage.timeline.alerted', { count: alerted.length })
            : details.pagedOnCall
              ? t('triage.timeline.paged')
              : t('triage.timeline.nobodyAlerted'),
      });
    }
    case 'distress':
      return t('triage.timeline.distress', {
        kinds: list(details.kinds)
          .map((k) => t(`triage.distress.kind.${k}`))
          .join(', '),
      });
    default:
      return t('triage.timeline.triage-corrected', { from: level(details.from), to: level(details.to) });
  }
}
