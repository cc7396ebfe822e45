import { ActionIcon, Badge, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import type { ConversationSummary, SignedInStaff } from '@patientdesk/contracts';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useApiData } from '../../api/use-api-data.ts';
import { usePageTitle } from '../../app/page-title.ts';
import { ConversationView } from './ConversationView.tsx';
import classes from './inbox.module.css';
import { useCoalescedReload, useConversationEvents, useInboxLive } from './inbox-live.tsx';
import { InboxPeopleProvider } from './inbox-people.tsx';
import { filtersFrom, type QueueFilters, queuePath, searchOf } from './inbox-query.ts';
import { QueueFilterBar } from './QueueFilterBar.tsx';
import { QueueList } from './QueueList.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { type ViewCounts, ViewNav, ViewPicker } from './ViewNav.tsx';

const liveColour = { connected: 'green', connecting: 'gray', offline: 'orange' } as const;
/** How long after "g" an "i" still means "go to the inbox". */
const sequenceMs = 1200;

/**
 * The agent's inbox at /desk/inbox and /desk/inbox/:id: the views, the queue with its filters,
 * and the open conversation beside them. Everything updates live; the keyboard does the rest.
 */
export function InboxWorkspace({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const search = searchOf(filters);
  const live = useInboxLive();
  const queue = useApiData<{ items: ConversationSummary[] }>(queuePath(filters));
  const reloadSoon = useCoalescedReload(queue.reload);
  useConversationEvents((event) => {
    if (event.change !== 'typing') reloadSoon();
  }, queue.reload);
  usePageTitle(`${t(`inbox.views.${filters.view}`)} · ${t('inbox.title')}`);

  const setFilters = useCallback(
    (next: QueueFilters) => setParams(new URLSearchParams(searchOf(next)), { replace: true }),
    [setParams],
  );
  const items = queue.data?.items;
  const counts: ViewCounts = {
    ...(live.mineCount !== undefined ? { mine: live.mineCount } : {}),
    ...(live.unassigned ? { unassigned: live.unassigned.length } : {}),
    ...(items ? { [filters.view]: items.length } : {}),
  };

  const searchRef = useRef<HTMLInputElement>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const pressedG = useRef(0);
  const step = (by: 1 | -1) => {
    if (!items?.length) return;
    const at = items.findIndex((conversation) => conversation.id === id);
    const next = at === -1 ? (by === 1 ? 0 : items.length - 1) : at + by;
    const target = items[Math.min(Math.max(next, 0), items.length - 1)];
    if (target && target.id !== id) navigate(`/desk/inbox/${target.id}${search}`);
  };
  useHotkeys([
    ['j', () => step(1)],
    ['k', () => step(-1)],
    ['/', () => searchRef.current?.focus()],
    ['shift+?', () => setHelpOpen(true)],
    [
      'g',
      () => {
        pressedG.current = Date.now();
      },
    ],
    [
      'i',
      () => {
        if (Date.now() - pressedG.current < sequenceMs) navigate(`/desk/inbox${search}`);
        pressedG.current = 0;
      },
    ],
  ]);

  return (
    <InboxPeopleProvider>
      <div className={classes.workspace} data-conversation-open={id ? '' : undefined}>
        <nav className={`${classes.column} ${classes.views}`} aria-label={t('inbox.views.label')}>
          <ViewNav filters={filters} counts={counts} />
        </nav>
        <section className={`${classes.column} ${classes.queue}`} aria-labelledby="inbox-heading">
          <Stack gap="xs" p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <Group justify="space-between" wrap="nowrap">
              <Title order={1} size="h3" id="inbox-heading">
                {t('inbox.title')}
              </Title>
              <Group gap="xs" wrap="nowrap">
                <Badge color={liveColour[live.status]} variant="light" role="status">
                  {t(`inbox.live.${live.status}`)}
                </Badge>
                <Tooltip label={t('inbox.shortcuts.title')}>
                  <ActionIcon
                    variant="default"
                    aria-label={t('inbox.shortcuts.open')}
                    onClick={() => setHelpOpen(true)}
                  >
                    <Text fw={700} size="sm" aria-hidden="true">
                      ?
                    </Text>
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            <ViewPicker filters={filters} counts={counts} />
            <QueueFilterBar filters={filters} onChange={setFilters} searchRef={searchRef} />
          </Stack>
          <div className={classes.scroll}>
            <QueueList items={items} error={queue.error} filters={filters} selectedId={id} search={search} />
          </div>
        </section>
        {id && (
          <div className={classes.conversation}>
            <ConversationView key={id} id={id} staff={staff} backTo={`/desk/inbox${search}`} />
          </div>
        )}
      </div>
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </InboxPeopleProvider>
  );
}
