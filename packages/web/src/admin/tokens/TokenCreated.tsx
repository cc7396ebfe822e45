import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { curlExample } from './token-state.ts';

function CopyControl({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          variant={copied ? 'light' : 'filled'}
          color={copied ? 'green' : undefined}
          onClick={copy}
        >
          {copied ? t('adminTokens.copied') : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** The new token, shown this once (only its hash is kept), with how to use it. */
export function TokenCreated({ token, onDone }: { token: string; onDone(): void }) {
  const { t } = useTranslation();
  const example = curlExample(token, window.location.origin);
  const tokenBlock = useRef<HTMLDivElement>(null);
  // The content of the dialog changed under the keyboard: start reading at the token.
  useEffect(() => tokenBlock.current?.focus(), []);
  return (
    <Stack>
      <Alert color="yellow" variant="light" title={t('adminTokens.onceTitle')}>
        {t('adminTokens.once')}
      </Alert>
      <Stack gap={4} ref={tokenBlock} tabIndex={-1} aria-label={t('adminTokens.newToken')}>
        <Text size="sm" fw={600}>
          {t('adminTokens.newToken')}
        </Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {token}
        </Code>
        <Group>
          <CopyControl value={token} label={t('adminTokens.copyToken')} />
        </Group>
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('adminTokens.usage')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('adminTokens.usageHint')}
        </Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {example}
        </Code>
        <Group>
          <CopyControl value={example} label={t('adminTokens.copyExample')} />
        </Group>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('adminTokens.done')}</Button>
      </Group>
    </Stack>
  );
}
