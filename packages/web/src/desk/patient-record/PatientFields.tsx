import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../ui/field-errors.ts';

/** The editable identity and contact fields of a patient, as the form holds them (text). */
export interface PatientFieldValues {
  givenName: string;
  familyName: string;
  preferredName: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  genderIdentity: string;
  pronouns: string;
  preferredLanguage: string;
  phone: string;
  email: string;
  line: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export const emptyPatientFields: PatientFieldValues = {
  givenName: '',
  familyName: '',
  preferredName: '',
  birthDate: '',
  sex: 'unknown',
  genderIdentity: '',
  pronouns: '',
  preferredLanguage: 'en',
  phone: '',
  email: '',
  line: '',
  city: '',
  region: '',
  postalCode: '',
  country: 'US',
};

const addressFields = ['line', 'city', 'region', 'postalCode', 'country'] as const;
const textFields = [
  'givenName',
  'familyName',
  'preferredName',
  'birthDate',
  'genderIdentity',
  'pronouns',
  'preferredLanguage',
  'phone',
  'email',
] as const;

/** The request field a form field is sent as (for the server's per-field messages). */
export const requestFieldOf = (name: keyof PatientFieldValues): string =>
  (addressFields as readonly string[]).includes(name) ? `body.address.${name}` : `body.${name}`;

/** The form's values as a request body: empty optional texts are left out (new) or cleared (edit). */
export function patientRequestBody(values: PatientFieldValues, empty: 'omit' | 'null') {
  const optional = (value: string) =>
    value.trim() === '' ? (empty === 'omit' ? undefined : null) : value.trim();
  return {
    givenName: values.givenName.trim(),
    familyName: values.familyName.trim(),
    preferredName: optional(values.preferredName),
    birthDate: values.birthDate.trim(),
    sex: values.sex,
    genderIdentity: optional(values.genderIdentity),
    pronouns: optional(values.pronouns),
    preferredLanguage: values.preferredLanguage.trim() || 'en',
    phone: optional(values.phone),
    email: optional(values.email),
    address: Object.fromEntries(
      addressFields.map((field) => [field, values[field].trim() === '' ? null : values[field].trim()]),
    ),
  };
}

/** The fields, with the server's message under each field it refused. */
export function PatientFields({
  values,
  onChange,
  error,
}: {
  values: PatientFieldValues;
  onChange(values: PatientFieldValues): void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const set = (name: keyof PatientFieldValues) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...values, [name]: event.currentTarget.value });
  const text = (name: (typeof textFields)[number] | (typeof addressFields)[number], extra: object = {}) => (
    <TextInput
      label={t(`patients.fields.${name}`)}
      value={values[name]}
      onChange={set(name)}
      error={fieldError(error, requestFieldOf(name))}
      {...extra}
    />
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {text('givenName', { required: true, autoComplete: 'off' })}
      {text('familyName', { required: true, autoComplete: 'off' })}
      {text('preferredName')}
      {text('birthDate', {
        required: true,
        placeholder: 'YYYY-MM-DD',
        description: t('patients.fields.birthDateHint'),
      })}
      <Select
        label={t('patients.fields.sex')}
        data={(['female', 'male', 'other', 'unknown'] as const).map((value) => ({
          value,
          label: t(`patients.sex.${value}`),
        }))}
        value={values.sex}
        onChange={(value) => value && onChange({ ...values, sex: value as PatientFieldValues['sex'] })}
        allowDeselect={false}
        error={fieldError(error, 'body.sex')}
      />
      {text('genderIdentity')}
      {text('pronouns', { placeholder: t('patients.fields.pronounsExample') })}
      {text('preferredLanguage', { description: t('patients.fields.languageHint') })}
      {text('phone', { type: 'tel' })}
      {text('email', { type: 'email' })}
      {text('line')}
      {text('city')}
      {text('region')}
      {text('postalCode')}
      {text('country', { description: t('patients.fields.countryHint') })}
    </SimpleGrid>
  );
}
