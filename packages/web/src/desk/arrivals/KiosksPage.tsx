import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { KioskCreated, KioskDevice } from '@patientdesk/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { fieldError, formLevelError } from '../../ui/field-errors.ts';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useLocationChoice } from './use-location-choice.ts';

/**
 * /desk/arrivals/kiosks: the check-in kiosks of each location. A new kiosk's address (with its
 * secret key) is shown once, to open on the device; withdrawing a kiosk shuts it out at once.
 */
export function KiosksPage() {
  const { t } = useTranslation();
  const formatInstant = useDateTimeFormat();
  const place = useLocationChoice();
  const kiosks = useApiData<{ items: KioskDevice[] }>(
    place.locationId ? `/api/locations/${place.locationId}/kiosks` : undefined,
  );
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<KioskCreated>();
  const [withdrawing, setWithdrawing] = useState<KioskDevice>();
  const [message, setMessage] = useState<string>();

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!place.locationId) return;
    setBusy(true);
    setCreated(undefined);
    try {
      const kiosk = await callApi<KioskCreated>('POST', `/api/locations/${place.locationId}/kiosks`, {
        name: name.trim(),
      });
      setCreated(kiosk);
      setName('');
      setError(undefined);
      kiosks.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={1000} mx="auto" py="lg" gap="lg">
      <PageHeading title={t('arrivals.kiosks.title')} intro={t('arrivals.kiosks.intro')} />
      <NativeSelect
        label={t('arrivals.location')}
        value={place.locationId ?? ''}
        onChange={(event) => {
          place.choose(event.currentTarget.value);
          setCreated(undefined);
        }}
        data={place.locations.map((location) => ({ value: location.id, label: location.name }))}
        maw={320}
      />
      <FormError error={place.error ?? kiosks.error} title={t('arrivals.loadFailed')} />
      <StatusMessage message={message} />
      <Stack gap="sm" component="section" aria-labelledby="new-kiosk-heading">
        <Title order={2} size="h4" id="new-kiosk-heading">
          {t('arrivals.kiosks.new')}
        </Title>
        <form onSubmit={(event) => void create(event)} noValidate>
          <Group align="flex-end">
            <TextInput
              label={t('arrivals.kiosks.name')}
              description={t('arrivals.kiosks.nameHint')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(error, 'body.name')}
              maxLength={80}
              miw={300}
            />
            <Button type="submit" loading={busy} disabled={!place.locationId}>
              {t('arrivals.kiosks.create')}
            </Button>
          </Group>
        </form>
        <FormError error={formLevelError(error, ['body.name'])} title={t('arrivals.actionFailed')} />
        {created && (
          <Alert
            color="green"
            variant="light"
            title={t('arrivals.kiosks.createdTitle', { name: created.name })}
          >
            <Stack gap="xs">
              <Text size="sm">{t('arrivals.kiosks.createdText')}</Text>
              <Code block>{created.address}</Code>
              <CopyButton value={created.address}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy} w="fit-content">
                    {copied ? t('arrivals.kiosks.copied') : t('arrivals.kiosks.copy')}
                  </Button>
                )}
              </CopyButton>
            </Stack>
          </Alert>
        )}
      </Stack>
      <Stack gap="sm" component="section" aria-labelledby="kiosk-list-heading">
        <Title order={2} size="h4" id="kiosk-list-heading">
          {t('arrivals.kiosks.inUse')}
        </Title>
        {!kiosks.data && !kiosks.error && place.locationId && <Loading />}
        {kiosks.data && kiosks.data.items.length === 0 && <Text c="dimmed">{t('arrivals.kiosks.none')}</Text>}
        {kiosks.data && kiosks.data.items.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('arrivals.kiosks.name')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.kiosks.created')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.kiosks.lastSeen')}</Table.Th>
                <Table.Th scope="col">{t('arrivals.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kiosks.data.items.map((kiosk) => (
                <Table.Tr key={kiosk.id}>
                  <Table.Td>{kiosk.name}</Table.Td>
                  <Table.Td>{formatInstant(kiosk.createdAt)}</Table.Td>
                  <Table.Td>
                    {kiosk.lastSeenAt ? formatInstant(kiosk.lastSeenAt) : t('arrivals.kiosks.never')}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      color="red.9"
                      onClick={() => setWithdrawing(kiosk)}
                      aria-label={t('arrivals.kiosks.withdrawNamed', { name: kiosk.name })}
                    >
                      {t('arrivals.kiosks.withdraw')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ConfirmDialog
        opened={withdrawing !== undefined}
        title={t('arrivals.kiosks.withdrawTitle')}
        confirmLabel={t('arrivals.kiosks.withdraw')}
        onClose={() => setWithdrawing(undefined)}
        onConfirm={async () => {
          if (!withdrawing || !place.locationId) return;
          await callApi('DELETE', `/api/locations/${place.locationId}/kiosks/${withdrawing.id}`);
          setMessage(t('arrivals.kiosks.withdrawn', { name: withdrawing.name }));
          kiosks.reload();
        }}
      >
        {withdrawing && t('arrivals.kiosks.withdrawText', { name: withdrawing.name })}
      </ConfirmDialog>
    </Stack>
  );
}
