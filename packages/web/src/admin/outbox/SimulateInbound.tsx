import {
  Alert,
  Button,
  Card,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type {
  ChannelEndpoint,
  ChannelEndpointList,
  EndpointChannel,
  SimulatedInboundResult,
} from '@patientdesk/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../../api/client.ts';
import { useApiData } from '../../api/use-api-data.ts';
import { FormError } from '../../app/FormError.tsx';
import { fieldError, formLevelError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { Loading } from '../../ui/Loading.tsx';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { useSubmission } from '../../ui/use-submission.ts';

const fields = ['body.from', 'body.to', 'body.subject', 'body.body'];

interface SimulateFormProps {
  channel: EndpointChannel;
  endpoints: ChannelEndpoint[];
}

/** One channel's form: a message as a patient would send it, to one of the clinic's endpoints. */
function SimulateForm({ channel, endpoints }: SimulateFormProps) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(endpoints[0]?.address ?? '');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<string>();
  const { busy, error, submit } = useSubmission();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  const text = (key: string) => t(`adminOutbox.simulate.${channel}.${key}`);

  async function receive(event: FormEvent) {
    event.preventDefault();
    setStatus(undefined);
    await submit(async () => {
      const result = await callApi<SimulatedInboundResult>('POST', '/api/admin/outbox/simulated-inbound', {
        channel,
        from,
        to,
        ...(channel === 'email' ? { subject } : {}),
        body,
      });
      setStatus(
        result.keyword
          ? t(`adminOutbox.simulate.keywords.${result.keyword}`, { from })
          : t('adminOutbox.simulate.received', { from }),
      );
      setBody('');
    });
  }

  const headingId = `simulate-${channel}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <form ref={form} onSubmit={(event) => void receive(event)} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5" id={headingId}>
            {text('title')}
          </Title>
          <StatusMessage message={status} />
          <FormError error={formLevelError(error, fields)} title={t('adminOutbox.simulate.failed')} />
          <TextInput
            label={t('adminOutbox.simulate.from')}
            description={text('fromHint')}
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
            error={fieldError(error, 'body.from')}
            required
          />
          <NativeSelect
            label={t('adminOutbox.simulate.to')}
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            data={endpoints.map((endpoint) => endpoint.address)}
            error={fieldError(error, 'body.to')}
            required
          />
          {channel === 'email' && (
            <TextInput
              label={t('adminOutbox.simulate.subject')}
              value={subject}
              onChange={(event) => setSubject(event.currentTarget.value)}
              error={fieldError(error, 'body.subject')}
            />
          )}
          <Textarea
            label={t('adminOutbox.simulate.body')}
            description={text('bodyHint')}
            autosize
            minRows={3}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            error={fieldError(error, 'body.body')}
            required
          />
          <Button type="submit" loading={busy} style={{ alignSelf: 'flex-start' }}>
            {text('submit')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** Why a channel has no form: it sends for real, or the clinic has no endpoint on it. */
function Unavailable({ channel, reason }: { channel: EndpointChannel; reason: 'driver' | 'noEndpoint' }) {
  const { t } = useTranslation();
  const headingId = `simulate-${channel}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {t(`adminOutbox.simulate.${channel}.title`)}
        </Title>
        <Alert color="gray" variant="light">
          {t(`adminOutbox.simulate.${channel}.${reason}`)}
        </Alert>
      </Stack>
    </Card>
  );
}

/**
 * "Simulate an incoming SMS / email": with the outbox driver, an administrator writes as a patient
 * would, the message takes the path of a real one into the inbox, and the desk's answer appears
 * in the outbox below.
 */
export function SimulateInbound() {
  const { t } = useTranslation();
  const { data, error } = useApiData<ChannelEndpointList>('/api/admin/channel-endpoints');
  return (
    <Stack gap="sm" component="section" aria-labelledby="simulate-heading">
      <Title order={2} size="h4" id="simulate-heading">
        {t('adminOutbox.simulate.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('adminOutbox.simulate.intro')}
      </Text>
      <FormError error={error} title={t('adminOutbox.simulate.loadFailed')} />
      {!data && !error && <Loading />}
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {(['sms', 'email'] as const).map((channel) => {
            const endpoints = data.items.filter((endpoint) => endpoint.channel === channel);
            if (data.drivers[channel] !== 'outbox')
              return <Unavailable key={channel} channel={channel} reason="driver" />;
            if (endpoints.length === 0)
              return <Unavailable key={channel} channel={channel} reason="noEndpoint" />;
            return <SimulateForm key={channel} channel={channel} endpoints={endpoints} />;
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
