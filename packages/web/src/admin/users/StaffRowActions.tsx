import { Button, Menu } from '@mantine/core';
import type { AdminStaffMember } from '@patientdesk/contracts';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';

type ConfirmedAction = 'disable' | 'enable' | 'resetTwoStep' | 'signOutEverywhere';

interface StaffRowActionsProps {
  member: AdminStaffMember;
  /** The signed-in administrator's own row: they cannot disable themselves. */
  isSelf: boolean;
  onChanged(message: string): void;
  onFailed(error: unknown): void;
}

/** What an administrator can do to one account, each drastic step confirmed first. */
export function StaffRowActions({ member, isSelf, onChanged, onFailed }: StaffRowActionsProps) {
  const { t } = useTranslation();
  // The dialog keeps its last action while it fades out, so its text does not vanish first.
  const [confirming, setConfirming] = useState<ConfirmedAction>('disable');
  const [opened, setOpened] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const name = member.displayName;
  const path = `/api/admin/staff/${member.id}`;

  const actions: Record<ConfirmedAction, { run(): Promise<string>; color: string }> = {
    disable: {
      color: 'red.9',
      run: async () => {
        await callApi('PATCH', path, { disabled: true });
        return t('adminUsers.disabled', { name });
      },
    },
    enable: {
      color: 'clinicTeal',
      run: async () => {
        await callApi('PATCH', path, { disabled: false });
        return t('adminUsers.enabled', { name });
      },
    },
    resetTwoStep: {
      color: 'red.9',
      run: async () => {
        const { endedSessions } = await callApi<{ endedSessions: number }>('POST', `${path}/reset-mfa`);
        return t('adminUsers.twoStepReset', { name, count: endedSessions });
      },
    },
    signOutEverywhere: {
      color: 'red.9',
      run: async () => {
        const { endedSessions } = await callApi<{ endedSessions: number }>(
          'POST',
          `${path}/sign-out-everywhere`,
        );
        return t('adminUsers.signedOut', { name, count: endedSessions });
      },
    },
  };

  async function resendInvitation() {
    try {
      await callApi('POST', `${path}/invitation`);
      onChanged(t('adminUsers.invitationResent', { email: member.email }));
    } catch (error) {
      onFailed(error);
    }
  }

  const ask = (action: ConfirmedAction) => {
    setConfirming(action);
    setOpened(true);
  };
  const items = [
    member.invited &&
      !member.disabled && {
        key: 'resend',
        label: t('adminUsers.resendInvitation'),
        onClick: resendInvitation,
      },
    member.liveSessions > 0 && {
      key: 'signOut',
      label: t('adminUsers.signOutEverywhere'),
      onClick: () => ask('signOutEverywhere'),
    },
    member.mfaEnabled && {
      key: 'resetTwoStep',
      label: t('adminUsers.resetTwoStep'),
      onClick: () => ask('resetTwoStep'),
    },
    member.disabled && { key: 'enable', label: t('adminUsers.enable'), onClick: () => ask('enable') },
    !member.disabled &&
      !isSelf && {
        key: 'disable',
        label: t('adminUsers.disable'),
        onClick: () => ask('disable'),
        color: 'red.9',
      },
  ].filter((item) => item !== false);
  if (items.length === 0) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            ref={menuButton}
            size="xs"
            variant="default"
            aria-label={t('adminUsers.actionsFor', { name })}
          >
            {t('adminUsers.actions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {items.map((item) => (
            <Menu.Item key={item.key} color={item.color} onClick={() => void item.onClick()}>
              {item.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <ConfirmDialog
        opened={opened}
        title={t(`adminUsers.confirm.${confirming}.title`, { name })}
        confirmLabel={t(`adminUsers.confirm.${confirming}.action`)}
        color={actions[confirming].color}
        onConfirm={async () => onChanged(await actions[confirming].run())}
        onClose={() => setOpened(false)}
        returnFocusTo={() => menuButton.current}
      >
        {t(`adminUsers.confirm.${confirming}.text`, { name, count: member.liveSessions })}
      </ConfirmDialog>
    </>
  );
}
