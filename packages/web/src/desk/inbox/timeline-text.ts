import type { InboxPeople } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
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
]);

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) =>
  Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];

/** Says what a timeline event means, in the interface's language ("Assigned to Dana Lee"). */
export function useTimelineText(people: InboxPeople): (event: TimelineEvent) => string {
  const { t } = useTranslation();
  const status = (value: unknown) => (text(value) ? t(`inbox.status.${text(value)}`) : '');
  const priority = (value: unknown) => (text(value) ? t(`inbox.priority.${text(value)}`) : '');
  return ({ kind, details }) => {
    if (!known.has(kind)) return t('inbox.timeline.other', { kind });
    switch (kind) {
      case 'status-changed':
        return t('inbox.timeline.status-changed', { from: status(details.from), to: status(details.to) });
      case 'priority-changed':
        return t('inbox.timeline.priority-changed', {
          from: priority(details.from),
          to: priority(details.to),
        });
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
