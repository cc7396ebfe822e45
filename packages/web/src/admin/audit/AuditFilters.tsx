import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, useFocusFirstInvalid } from '../../ui/field-errors.ts';
import { type AuditFilterValues, noFilters } from './audit-query.ts';

interface AuditFiltersProps {
  applied: AuditFilterValues;
  onApply(filters: AuditFilterValues): void;
  /** The search's error: the server names the filters it could not read. */
  error: unknown;
}

/** The audit log's search form; filters combine with AND. */
export function AuditFilters({ applied, onApply, error }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(applied);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(form, error);
  // A link from elsewhere (a person's audit events) changes the applied filters: show them.
  useEffect(() => setDraft(applied), [applied]);

  const set = (name: keyof AuditFilterValues) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [name]: value }));
  };

  function search(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form ref={form} onSubmit={search} aria-label={t('adminAudit.filters')} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput
            label={t('adminAudit.userId')}
            description={t('adminAudit.userIdHint')}
            value={draft.userId}
            onChange={set('userId')}
            error={fieldError(error, 'query.userId')}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label={t('adminAudit.patientId')}
            description={t('adminAudit.patientIdHint')}
            value={draft.patientId}
            onChange={set('patientId')}
            error={fieldError(error, 'query.patientId')}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label={t('adminAudit.action')}
            description={t('adminAudit.actionHint')}
            value={draft.action}
            onChange={set('action')}
            error={fieldError(error, 'query.action')}
            autoComplete="off"
            spellCheck={false}
          />
          <NativeSelect
            label={t('adminAudit.outcome')}
            description={t('adminAudit.outcomeHint')}
            value={draft.outcome}
            onChange={set('outcome')}
            error={fieldError(error, 'query.outcome')}
            data={[
              { value: '', label: t('adminAudit.anyOutcome') },
              { value: 'allowed', label: t('adminAudit.outcomes.allowed') },
              { value: 'denied', label: t('adminAudit.outcomes.denied') },
            ]}
          />
          <TextInput
            type="date"
            label={t('adminAudit.from')}
            description={t('adminAudit.dayHint')}
            value={draft.from}
            onChange={set('from')}
            error={fieldError(error, 'query.from')}
          />
          <TextInput
            type="date"
            label={t('adminAudit.to')}
            description={t('adminAudit.dayHint')}
            value={draft.to}
            onChange={set('to')}
            error={fieldError(error, 'query.to')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit">{t('adminAudit.search')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(noFilters);
              onApply(noFilters);
            }}
          >
            {t('adminAudit.clear')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
