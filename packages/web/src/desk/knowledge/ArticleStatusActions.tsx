import { Button, Group, Text } from '@mantine/core';
import type { KbArticle } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';

export type StatusAction = 'publish' | 'unpublish' | 'archive';

/** What each status offers: a draft can go live, a live article can come down, an archived one back. */
const actionsFor: Record<KbArticle['status'], StatusAction[]> = {
  draft: ['publish', 'archive'],
  published: ['unpublish', 'archive'],
  archived: ['publish', 'unpublish'],
};

/**
 * Publish, unpublish and archive. They act on the article as saved, so they wait while the
 * editor has unsaved changes (publishing must never put out a text other than the one shown).
 */
export function ArticleStatusActions({
  article,
  unsaved,
  busy,
  onAction,
}: {
  article: KbArticle;
  unsaved: boolean;
  busy: boolean;
  onAction(action: StatusAction): Promise<void>;
}) {
  const { t } = useTranslation();
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  const hintId = `status-actions-hint-${article.id}`;
  return (
    <Group gap="xs" align="center">
      {actionsFor[article.status].map((action) => (
        <Button
          key={action}
          variant={action === 'publish' ? 'filled' : action === 'archive' ? 'outline' : 'default'}
          color={action === 'archive' ? 'red.9' : undefined}
          disabled={unsaved || busy}
          aria-describedby={unsaved ? hintId : undefined}
          onClick={() => (action === 'archive' ? setConfirmingArchive(true) : void onAction(action))}
        >
          {t(
            action === 'unpublish' && article.status === 'archived'
              ? 'knowledge.editor.actions.backToDraft'
              : `knowledge.editor.actions.${action}`,
          )}
        </Button>
      ))}
      {unsaved && (
        <Text size="sm" c="dimmed" id={hintId}>
          {t('knowledge.editor.saveFirst')}
        </Text>
      )}
      <ConfirmDialog
        opened={confirmingArchive}
        title={t('knowledge.editor.archiveTitle')}
        confirmLabel={t('knowledge.editor.actions.archive')}
        onConfirm={() => onAction('archive')}
        onClose={() => setConfirmingArchive(false)}
      >
        {t('knowledge.editor.archiveExplain')}
      </ConfirmDialog>
    </Group>
  );
}
