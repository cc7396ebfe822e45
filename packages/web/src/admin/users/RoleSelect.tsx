import { NativeSelect } from '@mantine/core';
import { type AdminStaffMember, type StaffRoleName, staffRoleSchema } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';

interface RoleSelectProps {
  member: AdminStaffMember;
  onChanged(message: string): void;
  onFailed(error: unknown): void;
}

/** A staff member's role, changed on the spot; the server refuses an administrator demoting themselves. */
export function RoleSelect({ member, onChanged, onFailed }: RoleSelectProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function changeRole(role: StaffRoleName) {
    setBusy(true);
    try {
      await callApi('PATCH', `/api/admin/staff/${member.id}`, { role });
      onChanged(t('adminUsers.roleChanged', { name: member.displayName, role: t(`roles.${role}`) }));
    } catch (error) {
      onFailed(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <NativeSelect
      size="xs"
      miw={180}
      aria-label={t('adminUsers.roleOf', { name: member.displayName })}
      value={member.role}
      disabled={busy}
      onChange={(event) => void changeRole(event.currentTarget.value as StaffRoleName)}
      data={staffRoleSchema.options.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
    />
  );
}
