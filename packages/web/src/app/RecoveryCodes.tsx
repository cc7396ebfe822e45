import { Alert, Box, Button, Checkbox, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import type { SignedInStaff } from '@patientdesk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const fileName = 'patientdesk-recovery-codes.txt';

/** Saves `text` as a file through the browser's usual download, without sending it anywhere. */
function downloadText(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The browser has started the download once click() returns; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

interface RecoveryCodesProps {
  codes: string[];
  staff: SignedInStaff;
  /** Called once the person has confirmed they saved the codes. */
  onContinue(): void;
  busy?: boolean;
}

/**
 * New recovery codes, shown this once: copy or download them, and confirm they are saved before
 * going on, because a lost phone without them means an administrator must reset the account.
 */
export function RecoveryCodes({ codes, staff, onContinue, busy }: RecoveryCodesProps) {
  const { t, i18n } = useTranslation();
  const clipboard = useClipboard({ timeout: 4000 });
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // The page changed under the person's eyes: tell screen readers where they are now.
  useEffect(() => heading.current?.focus(), []);

  const asText = () =>
    [
      t('recoveryCodes.fileHeading', { email: staff.email, clinic: staff.organization.name }),
      t('recoveryCodes.fileCreated', {
        date: new Intl.DateTimeFormat(i18n.resolvedLanguage, {
          dateStyle: 'long',
          timeStyle: 'short',
        }).format(new Date()),
      }),
      '',
      ...codes,
      '',
      t('recoveryCodes.fileNote'),
      '',
    ].join('\n');

  return (
    <Stack>
      <Title order={2} size="h3" ref={heading} tabIndex={-1}>
        {t('recoveryCodes.title')}
      </Title>
      <Text>{t('recoveryCodes.intro', { count: codes.length })}</Text>
      <Alert color="yellow" variant="light">
        {t('recoveryCodes.onlyNow')}
      </Alert>
      <SimpleGrid
        component="ul"
        cols={{ base: 1, xs: 2 }}
        spacing="xs"
        aria-label={t('recoveryCodes.listLabel')}
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
      >
        {codes.map((code) => (
          <Box component="li" key={code}>
            <Code fz="md">{code}</Code>
          </Box>
        ))}
      </SimpleGrid>
      <Group gap="sm">
        <Button variant="outline" onClick={() => clipboard.copy(codes.join('\n'))}>
          {t(clipboard.copied ? 'recoveryCodes.copied' : 'recoveryCodes.copy')}
        </Button>
        <Button variant="outline" onClick={() => downloadText(asText(), fileName)}>
          {t('recoveryCodes.download')}
        </Button>
      </Group>
      <Box aria-live="polite">
        {clipboard.error && (
          <Text c="red.8" size="sm">
            {t('recoveryCodes.copyFailed')}
          </Text>
        )}
      </Box>
      <Checkbox
        label={t('recoveryCodes.savedConfirmation')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Button onClick={onContinue} disabled={!saved} loading={busy}>
        {t('recoveryCodes.continue')}
      </Button>
    </Stack>
  );
}
