import { Button, Group, type MantineColor, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../app/FormError.tsx';
import { AdminModal } from './AdminModal.tsx';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  /** Red 9 by default: white text on Mantine's usual red 6 falls short of WCAG AA contrast. */
  color?: MantineColor;
  /** Does the thing; a throw keeps the dialog open with the server's message. */
  onConfirm(): Promise<void>;
  onClose(): void;
  /**
   * The control focus goes back to once the dialog has gone, when Mantine cannot know it (a menu
   * item that opened the dialog is gone with its menu). By default, the control that opened it.
   */
  returnFocusTo?: () => HTMLElement | null | undefined;
  /** Where focus goes after the action was done, when it removed the control that opened the dialog. */
  focusAfterConfirm?: () => void;
}

/** Asks before an action that is hard to undo, and shows why it failed if it did. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  color = 'red.9',
  onConfirm,
  onClose,
  returnFocusTo,
  focusAfterConfirm,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirmed = useRef(false);
  useEffect(() => {
    if (!opened) return;
    setError(undefined);
    confirmed.current = false;
  }, [opened]);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      confirmed.current = true;
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminModal
      opened={opened}
      onClose={() => {
        if (!busy) onClose();
      }}
      title={title}
      onExitTransitionEnd={() => {
        if (confirmed.current && focusAfterConfirm) focusAfterConfirm();
        else returnFocusTo?.()?.focus();
      }}
    >
      <Stack>
        <Text size="sm">{children}</Text>
        <FormError error={error} title={t('adminCommon.actionFailed')} />
        <Group justify="flex-end">
          {/* Cancel has the focus first: Enter on a dialog that just opened must not destroy anything. */}
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            {t('adminCommon.cancel')}
          </Button>
          <Button color={color} loading={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </AdminModal>
  );
}
