import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type AdminModalProps = Omit<ModalRootProps, 'title' | 'children'> & { title: ReactNode; children: ReactNode };

/**
 * Mantine's modal, with two accessibility fixes: its close button gets a name, and its header is
 * a plain element (a <header> there would be a second "banner" landmark beside the page's own).
 */
export function AdminModal({ title, children, ...props }: AdminModalProps) {
  const { t } = useTranslation();
  return (
    <Modal.Root {...props}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('adminCommon.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
