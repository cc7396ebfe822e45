import type { ConversationChangedEvent, ConversationSummary, LiveEvent } from '@patientdesk/contracts';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { callApi } from '../../api/client.ts';
import { useStaffSession } from '../../app/staff-session.tsx';
import { type LiveStatus, useLiveEvents } from '../use-live-events.ts';
import { queueLimit } from './inbox-query.ts';

type Listener = (event: Exclude<LiveEvent, { type: 'live.connected' }>) => void;
type EmergencyAlert = Extract<LiveEvent, { type: 'triage.emergency' }>;

/** The desk's live view of the inbox: one websocket for every inbox screen, and the queues every screen needs. */
interface InboxLive {
  status: LiveStatus;
  /** Calls `listener` for each change (conversations, typing included, and availability); returns how to stop. */
  subscribe(listener: Listener): () => void;
  /** Conversations nobody has taken, in queue order (undefined until first loaded). */
  unassigned: ConversationSummary[] | undefined;
  /** How many in-progress conversations are assigned to me. */
  mineCount: number | undefined;
  /** Counts the times the socket connected: changes made before or while it was down were not heard. */
  reconnections: number;
  /** Emergencies that alerted clinicians on duty by name (the banner shows them to those even when busy). */
  emergencyAlerts: EmergencyAlert[];
}

const InboxLiveContext = createContext<InboxLive>({
  status: 'connecting',
  subscribe: () => () => {},
  unassigned: undefined,
  mineCount: undefined,
  reconnections: 0,
  emergencyAlerts: [],
});

/** How often, at most, a screen asks again while changes stream in (a busy clinic sends many). */
export const refreshEveryMs = 750;

/**
 * Calls `reload` once shortly after the last of a burst of triggers, and at least every
 * `waitMs` while they keep coming: a screen stays current without a request per event.
 */
export function useCoalescedReload(reload: () => void, waitMs = refreshEveryMs): () => void {
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      latest.current();
    }, waitMs);
  }, [waitMs]);
}

/**
 * Runs `listener` for every conversation change while mounted, and `onReconnect` each time the
 * socket connects (ask again: what changed before or meanwhile was not heard).
 */
export function useConversationEvents(
  listener: (event: ConversationChangedEvent) => void,
  onReconnect: () => void,
): void {
  useLiveChanges((event) => event.type === 'conversation.changed' && listener(event), onReconnect);
}

/** The same for every change, colleagues' availability included (the supervisor's view). */
export function useLiveChanges(listener: Listener, onReconnect: () => void): void {
  const { subscribe, reconnections } = useContext(InboxLiveContext);
  const latest = useRef({ listener, onReconnect });
  useEffect(() => {
    latest.current = { listener, onReconnect };
  });
  useEffect(() => subscribe((event) => latest.current.listener(event)), [subscribe]);
  // A screen opened after the socket connected has just loaded: only later connections count.
  const heard = useRef(reconnections);
  useEffect(() => {
    if (reconnections === heard.current) return;
    heard.current = reconnections;
    latest.current.onReconnect();
  }, [reconnections]);
}

export const useInboxLive = () => useContext(InboxLiveContext);

/**
 * Opens the desk's websocket for staff who work the inbox, hands conversation changes to the
 * screens that subscribe, and keeps the unassigned queue and my count current (the banner for
 * urgent conversations and the view counts read them).
 */
export function InboxLiveProvider({ children }: { children: ReactNode }) {
  const { sessionEnded } = useStaffSession();
  const listeners = useRef(new Set<Listener>());
  const [unassigned, setUnassigned] = useState<ConversationSummary[]>();
  const [mineCount, setMineCount] = useState<number>();
  const [reconnections, setReconnections] = useState(0);
  const [emergencyAlerts, setEmergencyAlerts] = useState<EmergencyAlert[]>([]);

  const loadQueues = useCallback(() => {
    callApi<{ items: ConversationSummary[] }>(
      'GET',
      `/api/conversations?view=unassigned&limit=${queueLimit}`,
    ).then(
      (answer) => setUnassigned(answer.items),
      () => {},
    );
    callApi<{ items: ConversationSummary[] }>('GET', `/api/conversations?view=mine&limit=${queueLimit}`).then(
      (answer) => setMineCount(answer.items.length),
      () => {},
    );
  }, []);
  const reloadQueues = useCoalescedReload(loadQueues);
  useEffect(loadQueues, [loadQueues]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.type === 'live.connected') return;
      for (const listener of listeners.current) listener(event);
      if (event.type === 'conversation.changed' && event.change !== 'typing') reloadQueues();
      if (event.type === 'triage.emergency') {
        setEmergencyAlerts((alerts) => [...alerts.slice(-19), event]);
        reloadQueues();
      }
    },
    [reloadQueues],
  );
  const status = useLiveEvents(onEvent, sessionEnded);
  // Whatever changed between a screen's first load and the socket opening (or while it was
  // down) was not heard: each time the socket connects, everything is asked again.
  useEffect(() => {
    if (status !== 'connected') return;
    loadQueues();
    setReconnections((count) => count + 1);
  }, [status, loadQueues]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo(
    () => ({ status, subscribe, unassigned, mineCount, reconnections, emergencyAlerts }),
    [status, subscribe, unassigned, mineCount, reconnections, emergencyAlerts],
  );
  return <InboxLiveContext.Provider value={value}>{children}</InboxLiveContext.Provider>;
}
