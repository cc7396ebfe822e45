import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { ConversationSummary, SignedInStaff } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { playAlertBeep } from './beep.ts';
import { useContactName, WaitTime } from './ConversationBadges.tsx';
import { useInboxLive } from './inbox-live.tsx';
import { useNow } from './use-now.ts';

/** Emergencies and urgent conversations go to every available agent until someone takes one. */
const announced = (conversation: ConversationSummary) =>
  (conversation.priority === 'emergency' || conversation.priority === 'urgent') &&
  conversation.status !== 'resolved';

const shownAtOnce = 3;

/**
 * The banner every available agent sees, on every desk page, while an emergency or urgent
 * conversation waits unassigned, with a short sound when a new one arrives. It goes away for
 * everyone as soon as one of them takes it (the assignment is a live change to all desks).
 */
export function UrgentBanner({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const { unassigned, emergencyAlerts } = useInboxLive();
  const contactName = useContactName();
  const navigate = useNavigate();
  const now = useNow();
  const [taking, setTaking] = useState<string>();
  const [error, setError] = useState<unknown>();
  const waiting = (unassigned ?? []).filter(announced);
  // A clinician on duty alerted by name sees it even when busy.
  const alertedMe = waiting.some((conversation) =>
    emergencyAlerts.some(
      (alert) => alert.conversationId === conversation.id && alert.alertedStaffIds.includes(staff.id),
    ),
  );
  const available = staff.availability === 'available' || alertedMe;

  const heard = useRef(new Set<string>());
  const ids = waiting.map((conversation) => conversation.id).join(',');
  useEffect(() => {
    const current = new Set(ids ? ids.split(',') : []);
    const arrived = [...current].some((id) => !heard.current.has(id));
    heard.current = current;
    if (arrived && available) playAlertBeep();
  }, [ids, available]);

  if (!available || waiting.length === 0) return null;

  async function take(conversation: ConversationSummary) {
    setTaking(conversation.id);
    setError(undefined);
    try {
      await callApi('PATCH', `/api/conversations/${conversation.id}`, { assigneeId: staff.id });
      navigate(`/desk/inbox/${conversation.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setTaking(undefined);
    }
  }

  const emergency = waiting.some((conversation) => conversation.priority === 'emergency');
  return (
    <Alert
      color={emergency ? 'red.9' : 'orange'}
      variant={emergency ? 'filled' : 'light'}
      role="alert"
      mb="md"
      title={t(emergency ? 'inbox.urgent.emergencyTitle' : 'inbox.urgent.urgentTitle', {
        count: waiting.length,
      })}
    >
      {alertedMe && (
        <Text size="sm" fw={700} mb="xs">
          {t('triage.alert.onDuty')}
        </Text>
      )}
      <FormError error={error} title={t('inbox.urgent.takeFailed')} />
      <List spacing="xs" listStyleType="none">
        {waiting.slice(0, shownAtOnce).map((conversation) => (
          <List.Item key={conversation.id}>
            <Group gap="sm" wrap="wrap">
              <Text fw={700} span>
                {t(`inbox.priority.${conversation.priority}`)}
              </Text>
              <Text span>
                {t('inbox.urgent.from', {
                  contact: contactName(conversation),
                  channel: t(`inbox.channel.${conversation.channel}`),
                })}
              </Text>
              <WaitTime
                since={conversation.waitingSince}
                now={now}
                color={emergency ? 'inherit' : undefined}
              />
              <Button
                size="xs"
                color={emergency ? 'red.9' : 'orange.9'}
                variant={emergency ? 'white' : 'filled'}
                loading={taking === conversation.id}
                onClick={() => void take(conversation)}
              >
                {t('inbox.urgent.take')}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
      {waiting.length > shownAtOnce && (
        <Text size="sm" mt="xs">
          <Link to="/desk/inbox?view=unassigned" style={{ color: 'inherit' }}>
            {t('inbox.urgent.more', { count: waiting.length - shownAtOnce })}
          </Link>
        </Text>
      )}
    </Alert>
  );
}
