import { Badge, Button, Code, Stack, Table, Text } from '@mantine/core';
import type { ApiTokenSummary } from '@patientdesk/contracts';
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
import { CreateTokenModal } from './CreateTokenModal.tsx';
import { tokenState, tokenStateColor } from './token-state.ts';

/** /admin/tokens: the API tokens scripts and integrations use, making and revoking them. */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const { data, error, reload } = useApiData<{ items: ApiTokenSummary[] }>('/api/admin/api-tokens');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenSummary>();
  const [confirmOpened, setConfirmOpened] = useState(false);
  const [status, setStatus] = useState<string>();
  const now = new Date();

  return (
    <Stack gap="lg">
      <PageHeading
        title={t('adminTokens.title')}
        intro={t('adminTokens.intro')}
        actions={<Button onClick={() => setCreating(true)}>{t('adminTokens.create')}</Button>}
      />
      <StatusMessage message={status} />
      <FormError error={error} title={t('adminTokens.loadFailed')} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Text c="dimmed">{t('adminTokens.none')}</Text>}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped withTableBorder aria-label={t('adminTokens.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('adminTokens.name')}</Table.Th>
                <Table.Th>{t('adminTokens.prefix')}</Table.Th>
                <Table.Th>{t('adminTokens.owner')}</Table.Th>
                <Table.Th>{t('adminTokens.created')}</Table.Th>
                <Table.Th>{t('adminTokens.expires')}</Table.Th>
                <Table.Th>{t('adminTokens.lastUsed')}</Table.Th>
                <Table.Th>{t('adminTokens.state')}</Table.Th>
                <Table.Th>{t('adminTokens.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((token) => {
                const state = tokenState(token, now);
                return (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.tokenPrefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{token.staffMember.displayName}</Text>
                      <Text size="xs" c="dimmed">
                        {token.staffMember.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatTime(token.createdAt)}</Table.Td>
                    <Table.Td>
                      {token.expiresAt ? formatTime(token.expiresAt) : t('adminTokens.never')}
                    </Table.Td>
                    <Table.Td>
                      {token.lastUsedAt ? formatTime(token.lastUsedAt) : t('adminTokens.notUsed')}
                    </Table.Td>
                    <Table.Td>
                      <Badge miw="max-content" variant="light" color={tokenStateColor[state]}>
                        {t(`adminTokens.states.${state}`)}
                      </Badge>
                      {token.revokedAt && (
                        <Text size="xs" c="dimmed">
                          {formatTime(token.revokedAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {!token.revokedAt && (
                        <Button
                          size="xs"
                          variant="light"
                          color="red"
                          aria-label={t('adminTokens.revokeNamed', { name: token.name })}
                          onClick={() => {
                            setRevoking(token);
                            setConfirmOpened(true);
                          }}
                        >
                          {t('adminTokens.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setStatus(t('adminTokens.createdStatus', { name }));
          reload();
        }}
      />
      <ConfirmDialog
        opened={confirmOpened}
        title={t('adminTokens.confirmTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('adminTokens.revoke')}
        onConfirm={async () => {
          if (!revoking) return;
          await callApi('DELETE', `/api/admin/api-tokens/${revoking.id}`);
          setStatus(t('adminTokens.revoked', { name: revoking.name }));
          reload();
        }}
        onClose={() => setConfirmOpened(false)}
        // The revoked token keeps its row but loses its button.
        focusAfterConfirm={focusPageHeading}
      >
        {t('adminTokens.confirmText', { name: revoking?.name ?? '' })}
      </ConfirmDialog>
    </Stack>
  );
}
