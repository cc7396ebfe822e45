import { Anchor, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import { type AuditEvent, staffRoleSchema } from '@patientdesk/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDateTimeFormat } from '../../ui/dates.ts';
import { shortId } from './audit-query.ts';

const staffRoles = new Set<string>(staffRoleSchema.options);
// The log's user filter finds people; an API token or PatientDesk itself is not one.
const peopleTypes = new Set<string>(['staff', 'patient', 'proxy']);

function Actor({ actor }: { actor: AuditEvent['actor'] }) {
  const { t } = useTranslation();
  const name = actor.name ?? t(`adminAudit.actorTypes.${actor.type}`);
  const role = actor.role && (staffRoles.has(actor.role) ? t(`roles.${actor.role}`) : actor.role);
  return (
    <Stack gap={0}>
      {actor.id && peopleTypes.has(actor.type) ? (
        <Anchor
          component={Link}
          to={`/admin/audit?userId=${actor.id}`}
          size="sm"
          title={actor.id}
          aria-label={t('adminAudit.filterByActor', { name })}
        >
          {name}
        </Anchor>
      ) : (
        <Text size="sm">{name}</Text>
      )}
      {role && (
        <Text size="xs" c="dimmed">
          {role}
        </Text>
      )}
    </Stack>
  );
}

function PatientIds({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={6}>
      {ids.map((id) => (
        <Anchor
          key={id}
          component={Link}
          to={`/admin/audit?patientId=${id}`}
          size="sm"
          ff="monospace"
          title={id}
          aria-label={t('adminAudit.filterByPatient', { id })}
        >
          {shortId(id)}
        </Anchor>
      ))}
    </Group>
  );
}

/** Audit events, newest first: when, who, what, about which patients, and whether it was allowed. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped withTableBorder verticalSpacing="xs" aria-label={t('adminAudit.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('adminAudit.time')}</Table.Th>
            <Table.Th>{t('adminAudit.actor')}</Table.Th>
            <Table.Th>{t('adminAudit.action')}</Table.Th>
            <Table.Th>{t('adminAudit.patients')}</Table.Th>
            <Table.Th>{t('adminAudit.outcome')}</Table.Th>
            <Table.Th>{t('adminAudit.breakGlassReason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <Text size="sm">{formatTime(event.occurredAt)}</Text>
                <Text size="xs" c="dimmed">
                  {t('adminAudit.seq', { seq: event.seq })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Actor actor={event.actor} />
              </Table.Td>
              <Table.Td>
                <Code>{event.action}</Code>
                <Text size="xs" c="dimmed">
                  {event.resourceType}
                </Text>
              </Table.Td>
              <Table.Td>
                <PatientIds ids={event.patientIds} />
              </Table.Td>
              <Table.Td>
                <Badge
                  miw="max-content"
                  color={event.outcome === 'denied' ? 'red.9' : 'green'}
                  variant={event.outcome === 'denied' ? 'filled' : 'light'}
                >
                  {t(`adminAudit.outcomes.${event.outcome}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{event.breakGlassReason && <Text size="sm">{event.breakGlassReason}</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
