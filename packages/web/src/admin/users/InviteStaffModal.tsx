import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { type StaffRoleName, staffRoleSchema } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';

const fields = ['body.email', 'body.displayName', 'body.role'];

interface Invited {
  staffMemberId: string;
  invitationExpiresAt: string;
}

interface InviteStaffModalProps {
  opened: boolean;
  onClose(): void;
  onInvited(invitation: { email: string; expiresAt: string }): void;
}

/** Invites a colleague by email: the account is made and the link goes out (to the outbox here). */
export function InviteStaffModal({ opened, onClose, onInvited }: InviteStaffModalProps) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRoleName>('agent');
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  // Each invitation starts from an empty form.
  useEffect(() => {
    if (!opened) return;
    setEmail('');
    setDisplayName('');
    setRole('agent');
    setError(undefined);
  }, [opened]);

  async function invite(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const invited = await callApi<Invited>('POST', '/api/admin/staff/invitations', {
        email: email.trim(),
        displayName,
        role,
      });
      onInvited({ email: email.trim(), expiresAt: invited.invitationExpiresAt });
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AdminModal opened={opened} onClose={onClose} title={t('adminUsers.inviteTitle')} size="lg">
      <form ref={form} onSubmit={(event) => void invite(event)} noValidate>
        <Stack>
          <FormError error={formLevelError(error, fields)} title={t('adminUsers.inviteFailed')} />
          <TextInput
            label={t('adminUsers.email')}
            description={t('adminUsers.emailHint')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(error, 'body.email')}
            data-autofocus
          />
          <TextInput
            label={t('adminUsers.displayName')}
            description={t('adminUsers.displayNameHint')}
            autoComplete="off"
            required
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            error={fieldError(error, 'body.displayName')}
          />
          <NativeSelect
            label={t('adminUsers.role')}
            description={t('adminUsers.roleHint')}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as StaffRoleName)}
            data={staffRoleSchema.options.map((value) => ({ value, label: t(`roles.${value}`) }))}
            error={fieldError(error, 'body.role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={submitting}>
              {t('adminCommon.cancel')}
            </Button>
            <Button type="submit" loading={submitting}>
              {t('adminUsers.sendInvitation')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AdminModal>
  );
}
