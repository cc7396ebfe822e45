import type { PatientRecord, SchedulingDirectory } from '@patientdesk/contracts';

/** The search filters of the booking panel. Empty means "any". */
export interface BookingFilters {
  appointmentTypeId: string;
  specialty: string;
  providerId: string;
  language: string;
  /** An insurance payer key from the directory, or the payer's name as the patient's card has it. */
  insurance: string;
  withinDays: number;
}

/** A payer the directory does not list (no provider takes it), kept so the agent sees why nobody is found. */
export interface UnlistedPayer {
  value: string;
  label: string;
}

const priorities = ['primary', 'secondary', 'tertiary'];
const loose = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * The filters as an agent would set them for this patient: the patient's own language (when a
 * provider speaks it), their primary provider, and the payer of their primary insurance when
 * the agent's role may see coverage (a withheld section gives nothing). The kind of visit is
 * the agent's choice.
 */
export function bookingDefaults(
  record: Pick<PatientRecord, 'demographics' | 'careTeam' | 'coverage'>,
  directory: Pick<SchedulingDirectory, 'languages' | 'insurance' | 'providers'>,
): { filters: BookingFilters; unlistedPayer: UnlistedPayer | null } {
  const language = directory.languages.includes(record.demographics.preferredLanguage)
    ? record.demographics.preferredLanguage
    : '';
  const primary = record.careTeam.primaryProvider;
  const providerId = primary && directory.providers.some((p) => p.id === primary.id) ? primary.id : '';
  const coverage = [...(record.coverage ?? [])].sort(
    (a, b) => priorities.indexOf(a.priority) - priorities.indexOf(b.priority),
  )[0];
  let insurance = '';
  let unlistedPayer: UnlistedPayer | null = null;
  if (coverage) {
    const listed = directory.insurance.find(
      (payer) =>
        loose(payer.name) === loose(coverage.payerName) || loose(payer.key) === loose(coverage.payerName),
    );
    insurance = listed ? listed.key : coverage.payerName;
    if (!listed) unlistedPayer = { value: coverage.payerName, label: coverage.payerName };
  }
  return {
    filters: { appointmentTypeId: '', specialty: '', providerId, language, insurance, withinDays: 14 },
    unlistedPayer,
  };
}
