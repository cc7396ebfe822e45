import { Kbd, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AdminModal } from '../../ui/AdminModal.tsx';

/** The inbox's keyboard shortcuts, in the order an agent uses them. */
export const inboxShortcuts = [
  { keys: ['j'], action: 'next' },
  { keys: ['k'], action: 'previous' },
  { keys: ['r'], action: 'reply' },
  { keys: ['n'], action: 'note' },
  { keys: ['e'], action: 'resolve' },
  { keys: ['a'], action: 'assignToMe' },
  { keys: ['s'], action: 'snooze' },
  { keys: ['/'], action: 'search' },
  { keys: ['g', 'i'], action: 'inbox' },
  { keys: ['Ctrl', 'Enter'], action: 'send' },
  { keys: ['?'], action: 'help' },
] as const;

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <AdminModal opened={opened} onClose={onClose} title={t('inbox.shortcuts.title')}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('inbox.shortcuts.intro')}
      </Text>
      <Table aria-label={t('inbox.shortcuts.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('inbox.shortcuts.key')}</Table.Th>
            <Table.Th>{t('inbox.shortcuts.does')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inboxShortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.action}>
              <Table.Td>
                {shortcut.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && (shortcut.keys[0] === 'Ctrl' ? ' + ' : ` ${t('inbox.shortcuts.then')} `)}
                    <Kbd>{key}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(`inbox.shortcuts.actions.${shortcut.action}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </AdminModal>
  );
}
