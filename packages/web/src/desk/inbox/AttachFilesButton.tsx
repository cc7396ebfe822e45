import { Button } from '@mantine/core';
import { type ClipboardEvent, type DragEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "Attach files": the button opens the system's file picker. The input itself stays hidden (the
 * button is what keyboards and screen readers reach) but keeps its own label.
 */
export function AttachFilesButton({
  disabled,
  onFiles,
}: {
  disabled: boolean;
  onFiles(files: File[]): void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant="default" size="xs" onClick={() => input.current?.click()} disabled={disabled}>
        {t('inbox.attachments.attach')}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={t('inbox.attachments.attach')}
        disabled={disabled}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Emptied, so choosing the same file again (after removing it) still counts as a change.
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Files dropped on the composer, and images pasted into it, attached like chosen ones. A paste
 * that carries text too (a word processor adds a picture of the copied text) stays a paste of
 * text.
 */
export function useFileDropAndPaste(enabled: boolean, onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);
  const dropTarget = {
    onDragOver(event: DragEvent<HTMLElement>) {
      if (!enabled || !carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(event: DragEvent<HTMLElement>) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop(event: DragEvent<HTMLElement>) {
      setDragging(false);
      if (!enabled || !carriesFiles(event)) return;
      event.preventDefault();
      onFiles([...event.dataTransfer.files]);
    },
  };
  const onPaste = (event: ClipboardEvent<HTMLElement>) => {
    if (!enabled || event.clipboardData.types.includes('text/plain')) return;
    const images = [...event.clipboardData.files].filter((file) => file.type.startsWith('image/'));
    if (images.length === 0) return;
    event.preventDefault();
    onFiles(images);
  };
  return { dragging, dropTarget, onPaste };
}
