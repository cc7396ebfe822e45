import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type {
  ConversationMessage,
  ConversationSummary,
  ConversationUpdate,
  SignedInStaff,
} from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { Loading } from '../../ui/Loading.tsx';
import bookingClasses from '../booking/booking.module.css';
import { ConversationAppointments } from '../booking/ConversationAppointments.tsx';
import { ConversationBookingPanel } from '../booking/ConversationBookingPanel.tsx';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { ContactPanel } from './ContactPanel.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { ChannelLabel, PriorityBadge, SlaBadge, useContactName, WaitTime } from './ConversationBadges.tsx';
import { ConversationDetails } from './ConversationDetails.tsx';
import { type ConversationEvent, ConversationThread } from './ConversationThread.tsx';
import { DistressNotice } from './DistressNotice.tsx';
import { HelpArticlesPanel } from './HelpArticlesPanel.tsx';
import classes from './inbox.module.css';
import { useCoalescedReload, useConversationEvents } from './inbox-live.tsx';
import { colleagueById, useInboxPeople } from './inbox-people.tsx';
import { triageCorrectors } from './inbox-roles.ts';
import { useNow } from './use-now.ts';

/** A "typing" event counts for this long (senders repeat it every few seconds while typing). */
const typingShownMs = 6000;

/** Who is typing in this conversation now, said in words; it fades when the pings stop. */
function useTyping(conversationId: string, staffId: string): string | undefined {
  const { t } = useTranslation();
  const people = useInboxPeople();
  const [typist, setTypist] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useConversationEvents(
    (event) => {
      if (event.conversationId !== conversationId) return;
      if (event.change === 'message') setTypist(undefined);
      if (event.change !== 'typing' || !event.typing || event.typing === staffId) return;
      setTypist(event.typing);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setTypist(undefined), typingShownMs);
    },
    () => {},
  );
  if (!typist) return undefined;
  if (typist === 'contact') return t('inbox.thread.contactTyping');
  return t('inbox.thread.colleagueTyping', {
    name: colleagueById(people, typist)?.displayName ?? t('inbox.timeline.aColleague'),
  });
}

/**
 * One conversation: its header and status actions, the thread with the composer, and beside
 * them the assignment details and the contact panel. Kept current by live events; r, n, e, a
 * and s act on it from the keyboard.
 */
export function ConversationView({
  id,
  staff,
  backTo,
}: {
  id: string;
  staff: SignedInStaff;
  backTo: string;
}) {
  const { t } = useTranslation();
  const contactName = useContactName();
  const now = useNow();
  const summary = useApiData<ConversationSummary>(`/api/conversations/${id}`);
  const messages = useApiData<{ items: ConversationMessage[] }>(`/api/conversations/${id}/messages`);
  const timeline = useApiData<{ items: ConversationEvent[] }>(`/api/conversations/${id}/timeline`);
  // The newest summary this screen knows: from a change it made, until the next load.
  const [changed, setChanged] = useState<ConversationSummary>();
  const conversation = changed ?? summary.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh load replaces what a change returned.
  useEffect(() => setChanged(undefined), [summary.data]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const typing = useTyping(id, staff.id);
  // The booking panel takes the side column for this conversation, beside the thread.
  const [bookingFor, setBookingFor] = useState<string>();

  const reloadAll = () => {
    summary.reload();
    messages.reload();
    timeline.reload();
  };
  const reloadSoon = useCoalescedReload(reloadAll, 300);
  useConversationEvents((event) => {
    if (event.conversationId === id && event.change !== 'typing') reloadSoon();
  }, reloadAll);

  async function update(changes: ConversationUpdate) {
    setBusy(true);
    setError(undefined);
    try {
      setChanged(await callApi<ConversationSummary>('PATCH', `/api/conversations/${id}`, changes));
      timeline.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  useHotkeys([
    ['r', () => composer.current?.focus('message')],
    ['n', () => composer.current?.focus('note')],
    ['e', () => conversation && conversation.status !== 'resolved' && void update({ status: 'resolved' })],
    ['a', () => conversation?.assignee?.id !== staff.id && void update({ assigneeId: staff.id })],
    ['s', () => conversation && conversation.status !== 'resolved' && setSnoozeOpen(true)],
  ]);

  if (summary.error && !conversation)
    return <FormError error={summary.error} title={t('inbox.conversation.failed')} />;
  if (!conversation) return <Loading />;
  const name = contactName(conversation);
  const bookingPatient = bookingFor === id && conversation.identityVerified ? conversation.patientId : null;

  return (
    <div
      className={`${classes.conversationLayout} ${bookingClasses.layout}`}
      data-booking-open={bookingPatient ? '' : undefined}
    >
      <section className={classes.column} aria-labelledby="conversation-heading">
        <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Anchor component={Link} to={backTo} size="sm" className={classes.backLink}>
            {t('inbox.conversation.back')}
          </Anchor>
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Title order={2} size="h4" id="conversation-heading">
              {name}
            </Title>
            <Group gap={6}>
              <PriorityBadge priority={conversation.priority} />
              <ChannelLabel channel={conversation.channel} />
              <Text size="xs" c="gray.8">
                #{conversation.number}
              </Text>
            </Group>
          </Group>
          {conversation.subject && <Text size="sm">{conversation.subject}</Text>}
          <Group gap={6}>
            <WaitTime since={conversation.waitingSince} now={now} />
            <SlaBadge conversation={conversation} now={now} />
          </Group>
          <ConversationActions
            conversation={conversation}
            staffId={staff.id}
            busy={busy}
            snoozeOpen={snoozeOpen}
            onSnoozeOpenChange={setSnoozeOpen}
            update={(changes) => void update(changes)}
          />
          <FormError error={error} title={t('inbox.conversation.changeFailed')} />
          <DistressNotice conversation={conversation} />
        </Stack>
        {messages.data && timeline.data ? (
          <ConversationThread
            messages={messages.data.items}
            events={timeline.data.items}
            contactName={name}
            typing={typing}
            triage={{
              conversationId: id,
              canCorrect: triageCorrectors.includes(staff.role),
              onCorrected: reloadAll,
            }}
          />
        ) : messages.error || timeline.error ? (
          <FormError error={messages.error ?? timeline.error} title={t('inbox.conversation.failed')} />
        ) : (
          <Loading />
        )}
        <Composer
          conversation={conversation}
          handle={composer}
          onReopen={() => void update({ status: 'open' })}
          onSent={(result) => {
            setChanged(result.conversation);
            messages.reload();
            timeline.reload();
          }}
        />
      </section>
      <aside className={`${classes.column} ${classes.scroll}`} aria-label={t('inbox.conversation.aside')}>
        {bookingPatient && (
          <ConversationBookingPanel
            conversation={conversation}
            patientId={bookingPatient}
            staff={staff}
            onClose={() => setBookingFor(undefined)}
            onInsertInReply={(text) => composer.current?.insertInReply(text)}
            onChanged={timeline.reload}
          />
        )}
        <Stack gap="lg" p="sm" hidden={bookingPatient !== null} display={bookingPatient ? 'none' : undefined}>
          <ConversationDetails
            conversation={conversation}
            staffId={staff.id}
            busy={busy}
            update={(changes) => void update(changes)}
          />
          <ContactPanel
            conversation={conversation}
            onChanged={(verified) => {
              setChanged(verified);
              timeline.reload();
            }}
          />
          <ConversationAppointments
            conversation={conversation}
            staff={staff}
            panelOpen={bookingPatient !== null}
            onOpenPanel={() => setBookingFor(id)}
          />
          <HelpArticlesPanel
            conversation={conversation}
            onInsertLink={(text) => composer.current?.insertInReply(text)}
          />
        </Stack>
      </aside>
    </div>
  );
}
