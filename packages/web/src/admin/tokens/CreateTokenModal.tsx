import { Button, Checkbox, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { type AdminStaffMember, defaultApiTokenDays } from '@patientdesk/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { AdminModal } from '../../ui/AdminModal.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { TokenCreated } from './TokenCreated.tsx';

const fields = ['body.staffMemberId', 'body.name', 'body.expiresInDays'];

interface CreateTokenModalProps {
  opened: boolean;
  onClose(): void;
  /** A token was made (the list should show it); the dialog stays open to show the token. */
  onCreated(name: string): void;
}

/** Makes an API token acting as a staff member, then shows it once. */
export function CreateTokenModal({ opened, onClose, onCreated }: CreateTokenModalProps) {
  const { t } = useTranslation();
  const { data: staff, reload: reloadStaff } = useApiData<{ items: AdminStaffMember[] }>('/api/admin/staff');
  const [staffMemberId, setStaffMemberId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState<string | number>(defaultApiTokenDays);
  const [neverExpires, setNeverExpires] = useState(false);
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const [token, setToken] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);

  useEffect(() => {
    if (!opened) return;
    setStaffMemberId(null);
    setName('');
    setDays(defaultApiTokenDays);
    setNeverExpires(false);
    setError(undefined);
    setToken(undefined);
    // Someone may have joined or left since the page opened.
    reloadStaff();
  }, [opened, reloadStaff]);

  // A token acts as its staff member, so a disabled account would make a token that never works.
  const owners = (staff?.items ?? [])
    .filter((member) => !member.disabled)
    .map((member) => ({
      value: member.id,
      label: `${member.displayName} · ${t(`roles.${member.role}`)} · ${member.email}`,
    }));

  async function create(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      const created = await callApi<{ token: string }>('POST', '/api/admin/api-tokens', {
        // Sent as chosen, even when empty: the server says what is missing, next to the field.
        staffMemberId: staffMemberId ?? '',
        name,
        expiresInDays: neverExpires ? null : days === '' ? undefined : Number(days),
      });
      setToken(created.token);
      onCreated(name.trim());
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <AdminModal
      opened={opened}
      onClose={onClose}
      title={token ? t('adminTokens.createdTitle') : t('adminTokens.createTitle')}
      size="lg"
      // The token is shown only here: a stray click outside must not lose it.
      closeOnClickOutside={!token}
    >
      {token ? (
        <TokenCreated token={token} onDone={onClose} />
      ) : (
        <form ref={form} onSubmit={(event) => void create(event)} noValidate>
          <Stack>
            <FormError error={formLevelError(error, fields)} title={t('adminTokens.createFailed')} />
            <Select
              label={t('adminTokens.owner')}
              description={t('adminTokens.ownerHint')}
              placeholder={t('adminTokens.ownerPlaceholder')}
              data={owners}
              value={staffMemberId}
              onChange={setStaffMemberId}
              searchable
              required
              nothingFoundMessage={t('adminTokens.noOwner')}
              error={fieldError(error, 'body.staffMemberId')}
              data-autofocus
            />
            <TextInput
              label={t('adminTokens.name')}
              description={t('adminTokens.nameHint')}
              required
              autoComplete="off"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(error, 'body.name')}
            />
            <NumberInput
              label={t('adminTokens.expiresInDays')}
              description={t('adminTokens.expiresInDaysHint')}
              min={1}
              max={3650}
              allowDecimal={false}
              value={days}
              onChange={setDays}
              disabled={neverExpires}
              error={fieldError(error, 'body.expiresInDays')}
            />
            <Checkbox
              label={t('adminTokens.neverExpires')}
              description={t('adminTokens.neverExpiresHint')}
              checked={neverExpires}
              onChange={(event) => setNeverExpires(event.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={submitting}>
                {t('adminCommon.cancel')}
              </Button>
              <Button type="submit" loading={submitting}>
                {t('adminTokens.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AdminModal>
  );
}
