import { Button, Stack } from '@mantine/core';
import type { AdminStaffMember, SignedInStaff } from '@patientdesk/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { mayManageStaff, mayReadAudit } from '../admin-sections.ts';
import { InviteStaffModal } from './InviteStaffModal.tsx';
import { StaffTable } from './StaffTable.tsx';

/** /admin/users: the staff accounts; administrators also invite people and change accounts. */
export function StaffPage({ staff }: { staff: SignedInStaff }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const { data, error, reload } = useApiData<{ items: AdminStaffMember[] }>('/api/admin/staff');
  const [inviting, setInviting] = useState(false);
  const [status, setStatus] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const canManage = mayManageStaff(staff.role);

  function changed(message: string) {
    setActionError(undefined);
    setStatus(message);
    reload();
  }
  function failed(caught: unknown) {
    setStatus(undefined);
    setActionError(caught);
  }

  return (
    <Stack gap="lg">
      <PageHeading
        title={t('adminUsers.title')}
        intro={t(canManage ? 'adminUsers.introManage' : 'adminUsers.introRead')}
        actions={canManage && <Button onClick={() => setInviting(true)}>{t('adminUsers.invite')}</Button>}
      />
      <StatusMessage message={status} />
      <FormError error={actionError} title={t('adminCommon.actionFailed')} />
      <FormError error={error} title={t('adminUsers.loadFailed')} />
      {!data && !error && <Loading />}
      {data && (
        <StaffTable
          staff={data.items}
          selfId={staff.id}
          canManage={canManage}
          canReadAudit={mayReadAudit(staff.role)}
          onChanged={changed}
          onFailed={failed}
        />
      )}
      {canManage && (
        <InviteStaffModal
          opened={inviting}
          onClose={() => setInviting(false)}
          onInvited={({ email, expiresAt }) => {
            setInviting(false);
            changed(t('adminUsers.invited', { email, expires: formatTime(expiresAt) }));
          }}
        />
      )}
    </Stack>
  );
}
