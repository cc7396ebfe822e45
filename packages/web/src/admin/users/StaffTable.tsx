import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { AdminStaffMember } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { accountStatus, accountStatusColor } from './account-status.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { StaffRowActions } from './StaffRowActions.tsx';

interface StaffTableProps {
  staff: AdminStaffMember[];
  /** The signed-in staff member, to mark their own row. */
  selfId: string;
  /** Administrators change accounts; supervisors and compliance only read. */
  canManage: boolean;
  /** Compliance and administrators can jump from a person to their audit events. */
  canReadAudit: boolean;
  onChanged(message: string): void;
  onFailed(error: unknown): void;
}

/** Every staff account with its role, state, two-step sign-in, last sign-in and live sessions. */
export function StaffTable({ staff, selfId, canManage, canReadAudit, onChanged, onFailed }: StaffTableProps) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped withTableBorder verticalSpacing="sm" aria-label={t('adminUsers.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('adminUsers.name')}</Table.Th>
            <Table.Th>{t('adminUsers.role')}</Table.Th>
            <Table.Th>{t('adminUsers.status')}</Table.Th>
            <Table.Th>{t('adminUsers.twoStep')}</Table.Th>
            <Table.Th>{t('adminUsers.lastSignIn')}</Table.Th>
            <Table.Th>{t('adminUsers.liveSessions')}</Table.Th>
            {canManage && <Table.Th>{t('adminUsers.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {staff.map((member) => {
            const status = accountStatus(member);
            const isSelf = member.id === selfId;
            return (
              <Table.Tr key={member.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {member.displayName}
                      </Text>
                      {isSelf && (
                        <Badge size="xs" variant="light">
                          {t('adminUsers.you')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {member.email}
                    </Text>
                    {canReadAudit && (
                      <Anchor
                        component={Link}
                        to={`/admin/audit?userId=${member.id}`}
                        size="xs"
                        aria-label={t('adminUsers.auditEventsOf', { name: member.displayName })}
                      >
                        {t('adminUsers.auditEvents')}
                      </Anchor>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {canManage ? (
                    <RoleSelect member={member} onChanged={onChanged} onFailed={onFailed} />
                  ) : (
                    t(`roles.${member.role}`)
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge miw="max-content" variant="light" color={accountStatusColor[status]}>
                    {t(`adminUsers.statuses.${status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge miw="max-content" variant="light" color={member.mfaEnabled ? 'green' : 'gray'}>
                    {t(member.mfaEnabled ? 'adminUsers.twoStepOn' : 'adminUsers.twoStepOff')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {member.lastSignInAt ? formatTime(member.lastSignInAt) : t('adminUsers.never')}
                </Table.Td>
                <Table.Td>{member.liveSessions}</Table.Td>
                {canManage && (
                  <Table.Td>
                    <StaffRowActions
                      member={member}
                      isSelf={isSelf}
                      onChanged={onChanged}
                      onFailed={onFailed}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
