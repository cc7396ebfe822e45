import {
  type ConversationChannel,
  conversationChannels,
  type InboxView,
  inboxViews,
} from '@patientdesk/contracts';

/**
 * What the queue shows: a view and its filters. They live in the address (`?view=team&channel=sms`),
 * so a link, a reload or the back button brings an agent back to the same queue, and opening a
 * conversation keeps the queue beside it.
 */
export interface QueueFilters {
  view: InboxView;
  channel?: ConversationChannel;
  tag?: string;
  teamId?: string;
  q?: string;
}

/** The view an agent lands on: their own conversations. */
export const defaultView: InboxView = 'mine';

/** How many conversations one queue shows; the API's own ceiling is 200. */
export const queueLimit = 100;

const isView = (value: string | null): value is InboxView => inboxViews.includes(value as InboxView);
const isChannel = (value: string | null): value is ConversationChannel =>
  conversationChannels.includes(value as ConversationChannel);
const present = (value: string | null) => (value?.trim() ? value.trim() : undefined);

/** Reads the queue from the address; anything unknown falls back to the default. */
export function filtersFrom(params: URLSearchParams): QueueFilters {
  const view = params.get('view');
  const channel = params.get('channel');
  const filters: QueueFilters = { view: isView(view) ? view : defaultView };
  if (isChannel(channel)) filters.channel = channel;
  const tag = present(params.get('tag'));
  if (tag) filters.tag = tag.toLowerCase();
  const teamId = present(params.get('team'));
  if (teamId) filters.teamId = teamId;
  const q = present(params.get('q'));
  if (q) filters.q = q;
  return filters;
}

/** The address form of the queue (the default view is left out, so plain /desk/inbox stays plain). */
export function searchOf(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.view !== defaultView) params.set('view', filters.view);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.teamId) params.set('team', filters.teamId);
  if (filters.q) params.set('q', filters.q);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The API call that lists the queue. */
export function queuePath(filters: QueueFilters, limit = queueLimit): string {
  const params = new URLSearchParams({ view: filters.view, limit: String(limit) });
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.teamId) params.set('teamId', filters.teamId);
  if (filters.q) params.set('q', filters.q);
  return `/api/conversations?${params}`;
}

/** Whether any filter narrows the view (so an empty queue can say "nothing matches" instead of "all done"). */
export const isFiltered = (filters: QueueFilters) =>
  Boolean(filters.channel || filters.tag || filters.teamId || filters.q);
