import { createHash } from 'node:crypto';

const payers = [
  { payer: 'Blue Cross Blue Shield', plans: ['PPO Choice', 'HMO Select', 'Federal Employee Program'] },
  { payer: 'Aetna', plans: ['Open Access Managed Choice', 'HMO'] },
  { payer: 'UnitedHealthcare', plans: ['Choice Plus', 'Navigate HMO'] },
  { payer: 'Cigna', plans: ['Open Access Plus', 'LocalPlus'] },
  { payer: 'Medicare', plans: ['Part B'] },
  { payer: 'Medicaid', plans: ['Managed Care'] },
] as const;

interface SeededPatient {
  id: string;
  mrn: string;
  birthDate: string;
}

/** A number from 0 to 1 fixed by a text: the same patient always gets the same coverage. */
function fraction(text: string, salt: string): number {
  return createHash('sha256').update(`${salt}:${text}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Insurance for most demo patients, derived from each MRN so the demo clinic is the same every
 * time: Medicare from 65, Medicaid for some children, commercial plans otherwise; about one in
 * ten has none (self-pay).
 */
export function demoCoverages(patients: SeededPatient[]) {
  const today = new Date('2026-01-01');
  return patients.flatMap((patient) => {
    if (fraction(patient.mrn, 'insured') < 0.1) return [];
    const age = today.getUTCFullYear() - Number(patient.birthDate.slice(0, 4));
    const pick = fraction(patient.mrn, 'payer');
    const payer = age >= 65 ? payers[4] : age < 18 && pick < 0.35 ? payers[5] : payers[Math.floor(pick * 4)]!;
    const plan = payer.plans[Math.floor(fraction(patient.mrn, 'plan') * payer.plans.length)]!;
    const digits = createHash('sha256').update(`member:${patient.mrn}`).digest('hex').replace(/\D/g, '');
    const memberNumber = `${payer.payer.slice(0, 3).toUpperCase()}${digits.padEnd(9, '7').slice(0, 9)}`;
    return [
      {
        patientId: patient.id,
        priority: 'primary' as const,
        payerName: payer.payer,
        planName: plan,
        memberNumber,
        groupNumber:
          payer.payer === 'Medicare' || payer.payer === 'Medicaid' ? null : `GRP-${digits.slice(-5)}`,
        subscriberRelationship: age < 18 ? ('child' as const) : ('self' as const),
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      },
    ];
  });
}
