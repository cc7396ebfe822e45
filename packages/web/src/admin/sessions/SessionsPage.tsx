import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import type { AdminSession } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { Loading } from '../../ui/Loading.tsx';
import { focusPageHeading, PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';

const subjectColor = { staff: 'clinicTeal', patient: 'blue', proxy: 'grape' } as const;
const knownMethods = new Set(['password', 'password+totp', 'password+recovery-code', 'one-time-code']);

/** /admin/sessions: who is signed in now, in the desk and the portal, and ending one session. */
export function SessionsPage() {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const { data, error, reload } = useApiData<{ items: AdminSession[] }>('/api/admin/sessions');
  const [ending, setEnding] = useState<AdminSession>();
  const [opened, setOpened] = useState(false);
  const [status, setStatus] = useState<string>();

  async function endSession(session: AdminSession) {
    await callApi('DELETE', `/api/admin/sessions/${session.id}`);
    setStatus(t('adminSessions.ended', { who: session.subject.label }));
    reload();
  }

  return (
    <Stack gap="lg">
      <PageHeading title={t('adminSessions.title')} intro={t('adminSessions.intro')} />
      <StatusMessage message={status} />
      <FormError error={error} title={t('adminSessions.loadFailed')} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Text c="dimmed">{t('adminSessions.none')}</Text>}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label={t('adminSessions.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('adminSessions.who')}</Table.Th>
                <Table.Th>{t('adminSessions.method')}</Table.Th>
                <Table.Th>{t('adminSessions.device')}</Table.Th>
                <Table.Th>{t('adminSessions.signedInAt')}</Table.Th>
                <Table.Th>{t('adminSessions.lastSeen')}</Table.Th>
                <Table.Th>{t('adminSessions.expires')}</Table.Th>
                <Table.Th>{t('adminSessions.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Text size="sm">{session.subject.label}</Text>
                      <Badge
                        miw="max-content"
                        size="xs"
                        variant="light"
                        color={subjectColor[session.subject.type]}
                      >
                        {t(`adminSessions.subjects.${session.subject.type}`)}
                      </Badge>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {knownMethods.has(session.authenticatedBy)
                      ? t(`adminSessions.methods.${session.authenticatedBy}`)
                      : session.authenticatedBy}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{session.ip ?? t('adminSessions.unknown')}</Text>
                    <Text size="xs" c="dimmed" lineClamp={1} maw={260} title={session.userAgent ?? undefined}>
                      {session.userAgent ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatTime(session.createdAt)}</Table.Td>
                  <Table.Td>{formatTime(session.lastSeenAt)}</Table.Td>
                  <Table.Td>{formatTime(session.expiresAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={t('adminSessions.endFor', { who: session.subject.label })}
                      onClick={() => {
                        setEnding(session);
                        setOpened(true);
                      }}
                    >
                      {t('adminSessions.end')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={opened}
        title={t('adminSessions.confirmTitle')}
        confirmLabel={t('adminSessions.confirmAction')}
        onConfirm={async () => {
          if (ending) await endSession(ending);
        }}
        onClose={() => setOpened(false)}
        // The row is gone once the session has ended: focus goes back to the top of the page.
        focusAfterConfirm={focusPageHeading}
      >
        {t('adminSessions.confirmText', { who: ending?.subject.label ?? '' })}
      </ConfirmDialog>
    </Stack>
  );
}
