/**
 * The check before a reply leaves over an insecure channel (SMS, plain email): does it carry
 * protected health information? Conservative on purpose: a false alarm costs the agent one click
 * (send a secure portal link instead), a miss discloses a diagnosis on a lock screen. Every
 * finding names the rule and the words that fired it, so the agent sees why a reply was held.
 *
 * The rules are about content that is clinical or identifying: results, diagnoses, medications
 * and doses, procedures, and identifiers (dates of birth, record and member numbers, social
 * security numbers). Scheduling facts ("your appointment is Tuesday at 3 pm") are not held:
 * reminders by SMS are what patients ask for.
 */

export type PhiRule =
  | 'lab-result'
  | 'diagnosis'
  | 'medication'
  | 'dose'
  | 'procedure'
  | 'identifier'
  | 'record-fact';

export interface PhiFinding {
  rule: PhiRule;
  /** The words of the reply that fired the rule, as written. */
  matched: string;
}

export interface PhiCheck {
  containsPhi: boolean;
  findings: PhiFinding[];
}

/** What the record says about the patient, so a reply quoting it is held even in plain words. */
export interface RecordFacts {
  /** Terms from the record (diagnoses, medications, allergies) that must not go out in the clear. */
  clinicalTerms?: readonly string[];
  /** Identifiers from the record (MRN, member numbers). */
  identifiers?: readonly string[];
}

// English and Spanish, lay and clinical terms. Accents are optional where people drop them.
const labTerms = [
  'lab results?',
  'test results?',
  'blood work',
  'bloodwork',
  'labs? came back',
  'your results',
  'a1c',
  'hba1c',
  'hemoglobin',
  'cholesterol',
  'ldl',
  'hdl',
  'triglycerides',
  'glucose',
  'blood sugar',
  'potassium',
  'sodium',
  'creatinine',
  'egfr',
  'tsh',
  'psa',
  'inr',
  'white blood cells?',
  'platelets',
  'biopsy',
  'pathology',
  'pap smear',
  'mammogram results?',
  'x-ray results?',
  'mri results?',
  'ct results?',
  'ultrasound results?',
  'urinalysis',
  'culture came back',
  'tested positive',
  'tested negative',
  'positive for',
  'negative for',
  'abnormal',
  'elevated',
  'out of range',
  'resultados?',
  'resultados de (?:laboratorio|sangre|la prueba|análisis|analisis)',
  'análisis de sangre',
  'analisis de sangre',
  'salió positivo',
  'salio positivo',
  'salió negativo',
  'salio negativo',
  'glucosa',
  'colesterol',
];
const diagnosisTerms = [
  'diagnos(?:is|ed|es)',
  'you have (?:been found to have )?(?:a |an )?(?:mild |severe )?(?:infection|condition|disease|disorder)',
  'diabetes',
  'diabetic',
  'prediabetes',
  'hypertension',
  'high blood pressure',
  'cancer',
  'tumou?r',
  'malignan(?:t|cy)',
  'lymphoma',
  'leukemia',
  'hiv',
  'aids',
  'hepatitis',
  'herpes',
  'chlamydia',
  'gonorrh?ea',
  'syphilis',
  'hpv',
  'std',
  'sti',
  'pregnan(?:t|cy)',
  'miscarriage',
  'depression',
  'anxiety disorder',
  'bipolar',
  'schizophrenia',
  'ptsd',
  'adhd',
  'dementia',
  'alzheimer',
  'asthma',
  'copd',
  'covid',
  'tuberculosis',
  'kidney disease',
  'heart failure',
  'stroke',
  'substance use',
  'alcohol use disorder',
  'opioid use',
  'overdose',
  'suicid(?:e|al)',
  'diagnóstico',
  'diagnostico',
  'diagnosticad[oa]',
  'embarazada',
  'embarazo',
  'depresión',
  'depresion',
  'hipertensión',
  'hipertension',
  'presión alta',
  'presion alta',
  'infección',
  'infeccion',
  'enfermedad',
];
const medicationTerms = [
  'prescription',
  'prescribed',
  'refill',
  'medication',
  'medicine',
  'dosage',
  'pharmacy has your',
  'metformin',
  'insulin',
  'lisinopril',
  'amlodipine',
  'atorvastatin',
  'simvastatin',
  'losartan',
  'levothyroxine',
  'omeprazole',
  'sertraline',
  'fluoxetine',
  'escitalopram',
  'citalopram',
  'bupropion',
  'trazodone',
  'gabapentin',
  'hydrocodone',
  'oxycodone',
  'tramadol',
  'morphine',
  'buprenorphine',
  'suboxone',
  'methadone',
  'adderall',
  'methylphenidate',
  'alprazolam',
  'xanax',
  'lorazepam',
  'clonazepam',
  'prednisone',
  'amoxicillin',
  'azithromycin',
  'ciprofloxacin',
  'doxycycline',
  'warfarin',
  'apixaban',
  'eliquis',
  'albuterol',
  'montelukast',
  'truvada',
  'prep',
  'birth control',
  'contraceptive',
  'antidepressant',
  'antibiotic',
  'chemotherapy',
  'chemo',
  'receta',
  'medicamento',
  'medicina',
  'recetad[oa]',
  'anticonceptivo',
  'antibiótico',
  'antibiotico',
  'insulina',
];
const procedureTerms = [
  'surgery',
  'biopsy',
  'colonoscopy',
  'endoscopy',
  'vasectomy',
  'abortion',
  'termination of pregnancy',
  'ivf',
  'chemotherapy',
  'radiation therapy',
  'dialysis',
  'transplant',
  'cirugía',
  'cirugia',
  'aborto',
  'colonoscopía',
  'colonoscopia',
];

function termPattern(terms: readonly string[]): RegExp {
  // The terms above are small regular expressions already (optional letters, alternatives).
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

const termRules: { rule: PhiRule; pattern: RegExp }[] = [
  { rule: 'lab-result', pattern: termPattern(labTerms) },
  { rule: 'diagnosis', pattern: termPattern(diagnosisTerms) },
  { rule: 'medication', pattern: termPattern(medicationTerms) },
  { rule: 'procedure', pattern: termPattern(procedureTerms) },
];

// A number with a clinical unit or a pill count: "500 mg", "2 tablets", "120 mg/dL".
const dosePattern =
  /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|g\/dl|mg\/dl|mmol\/l|meq\/l|iu|units?|ml|cc|tablets?|pills?|capsules?|comprimidos?|pastillas?|tabletas?)(?![\p{L}\p{N}])/giu;
const identifierPatterns: RegExp[] = [
  // Social security numbers.
  /\b\d{3}-\d{2}-\d{4}\b/g,
  // Dates of birth written out with their label.
  /\b(?:dob|date of birth|born on|fecha de nacimiento)\b\s*:?\s*[\d/.-]{6,10}/giu,
  // Record and member numbers with their label.
  /\b(?:mrn|medical record(?: number)?|member (?:id|number)|policy (?:number|no\.?)|n[uú]mero de (?:afiliado|expediente))\b\s*[:#]?\s*[A-Z0-9-]{4,}/giu,
];

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Checks a reply before it goes over SMS or plain email; see the module comment. */
export function checkForPhi(text: string, facts: RecordFacts = {}): PhiCheck {
  const findings: PhiFinding[] = [];
  const seen = new Set<string>();
  const add = (rule: PhiRule, matched: string) => {
    const key = `${rule}:${matched.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ rule, matched });
  };
  for (const { rule, pattern } of termRules) for (const match of text.matchAll(pattern)) add(rule, match[0]);
  for (const match of text.matchAll(dosePattern)) add('dose', match[0]);
  for (const pattern of identifierPatterns)
    for (const match of text.matchAll(pattern)) add('identifier', match[0]);
  for (const term of facts.clinicalTerms ?? []) {
    if (term.trim().length < 3) continue;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeForPattern(term.trim())}(?![\\p{L}\\p{N}])`, 'iu');
    const match = pattern.exec(text);
    if (match) add('record-fact', match[0]);
  }
  for (const identifier of facts.identifiers ?? []) {
    if (identifier.trim().length >= 4 && text.toLowerCase().includes(identifier.trim().toLowerCase()))
      add('identifier', identifier.trim());
  }
  return { containsPhi: findings.length > 0, findings };
}
