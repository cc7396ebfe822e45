/**
 * Insurance payers as keys, so "Blue Cross Blue Shield", "blue cross blue shield" and "BCBS"
 * on a patient's card and in a provider's list mean the same payer.
 */

const knownPayers: Record<string, string> = {
  aetna: 'Aetna',
  'blue-cross-blue-shield': 'Blue Cross Blue Shield',
  cigna: 'Cigna',
  humana: 'Humana',
  kaiser: 'Kaiser Permanente',
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  tricare: 'TRICARE',
  unitedhealthcare: 'UnitedHealthcare',
};

const aliases: Record<string, string> = {
  bcbs: 'blue-cross-blue-shield',
  'blue-cross': 'blue-cross-blue-shield',
  'blue-shield': 'blue-cross-blue-shield',
  uhc: 'unitedhealthcare',
  'united-healthcare': 'unitedhealthcare',
  'united-health-care': 'unitedhealthcare',
  'kaiser-permanente': 'kaiser',
};

/** The key of a payer's name: lower case words joined by dashes, known abbreviations resolved. */
export function payerKey(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return aliases[key] ?? key;
}

/** The payer's name as people write it. */
export function payerName(key: string): string {
  return (
    knownPayers[key] ??
    key
      .split('-')
      .map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : word))
      .join(' ')
  );
}
