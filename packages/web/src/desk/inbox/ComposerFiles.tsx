import { Alert, CloseButton, Group, Progress, Stack, Text } from '@mantine/core';
import { maxAttachmentsPerReply } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../api/client.ts';
import { AttachmentIcon } from './AttachmentIcon.tsx';
import type { ComposerFile } from './composer-files.ts';
import { formatFileSize } from './file-size.ts';
import classes from './inbox.module.css';

/** Why the server refused a file, in its own words (it names the type or the limit). */
function RefusedFileAlert({
  file,
  onRemove,
}: {
  file: Extract<ComposerFile, { state: 'refused' }>;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const message =
    file.error instanceof ApiRequestError && file.error.code !== 'unreachable'
      ? file.error.message
      : t('common.networkError');
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      p="xs"
      title={t('inbox.attachments.refused', { name: file.fileName })}
      withCloseButton
      closeButtonLabel={t('inbox.attachments.remove', { name: file.fileName })}
      onClose={onRemove}
    >
      {message}
    </Alert>
  );
}

/** One file waiting to go: its name and size, how far its upload is, and a button to take it off. */
function FileChip({ file, onRemove }: { file: ComposerFile; onRemove(): void }) {
  const { t, i18n } = useTranslation();
  const percent = file.state === 'uploading' ? Math.round(file.progress * 100) : 100;
  return (
    <li className={classes.fileChip} data-state={file.state}>
      <Group gap={6} wrap="nowrap">
        <AttachmentIcon contentType={file.state === 'ready' ? file.attachment.contentType : undefined} />
        <Text size="sm" fw={600} truncate maw="14rem" title={file.fileName}>
          {file.fileName}
        </Text>
        <Text size="xs" c="gray.8" span style={{ whiteSpace: 'nowrap' }}>
          {file.state === 'uploading'
            ? t('inbox.attachments.uploading', { percent })
            : formatFileSize(file.sizeBytes, i18n.resolvedLanguage)}
        </Text>
        <CloseButton
          size="sm"
          aria-label={t('inbox.attachments.remove', { name: file.fileName })}
          onClick={onRemove}
        />
      </Group>
      {file.state === 'uploading' && (
        <Progress
          value={percent}
          size="xs"
          mt={4}
          aria-label={t('inbox.attachments.progress', { name: file.fileName })}
        />
      )}
    </li>
  );
}

/**
 * The files attached in the composer: a chip for each one uploading or uploaded, and for each
 * one the server refused, its reason in an alert that can be dismissed.
 */
export function ComposerFiles({
  files,
  tooMany,
  onRemove,
}: {
  files: ComposerFile[];
  /** Files left out because a reply carries at most a few. */
  tooMany: string[];
  onRemove(key: string): void;
}) {
  const { t } = useTranslation();
  const chips = files.filter((file) => file.state !== 'refused');
  const refused = files.filter((file) => file.state === 'refused');
  if (files.length === 0 && tooMany.length === 0) return null;
  return (
    <Stack gap="xs" mt="xs">
      {chips.length > 0 && (
        <ul className={classes.fileChips} aria-label={t('inbox.attachments.waiting')}>
          {chips.map((file) => (
            <FileChip key={file.key} file={file} onRemove={() => onRemove(file.key)} />
          ))}
        </ul>
      )}
      {refused.map((file) => (
        <RefusedFileAlert key={file.key} file={file} onRemove={() => onRemove(file.key)} />
      ))}
      {tooMany.length > 0 && (
        <Alert color="orange" variant="light" role="alert" p="xs">
          {t('inbox.attachments.tooMany', { max: maxAttachmentsPerReply, names: tooMany.join(', ') })}
        </Alert>
      )}
    </Stack>
  );
}
