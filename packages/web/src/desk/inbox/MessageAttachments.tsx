import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AttachmentIcon } from './AttachmentIcon.tsx';
import type { MessageAttachment } from './composer-files.ts';
import { formatFileSize } from './file-size.ts';

/**
 * A message's files as download links. The link is the API's own download address: the server
 * checks access again, records who took the file, and always answers with a download, so a
 * file is never shown inside the desk where it could run.
 */
export function MessageAttachments({ attachments }: { attachments: MessageAttachment[] }) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <Stack gap={2} mt={6} component="ul" aria-label={t('inbox.attachments.ofMessage')} p={0} m={0}>
      {attachments.map((attachment) => (
        <Group key={attachment.id} component="li" gap={6} wrap="nowrap" style={{ listStyle: 'none' }}>
          <AttachmentIcon contentType={attachment.contentType} />
          <Anchor href={attachment.url} download={attachment.fileName} size="sm" fw={600}>
            {attachment.fileName}
          </Anchor>
          <Text size="xs" c="gray.8" span>
            {formatFileSize(attachment.sizeBytes, i18n.resolvedLanguage)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
