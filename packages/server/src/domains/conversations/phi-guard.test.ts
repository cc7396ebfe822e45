import { describe, expect, it } from 'vitest';
import { checkForPhi } from './phi-guard.ts';

const rulesOf = (text: string, facts?: Parameters<typeof checkForPhi>[1]) =>
  checkForPhi(text, facts).findings.map((finding) => finding.rule);

describe('holding replies that carry health information off SMS and plain email', () => {
  it('lets ordinary scheduling and office replies through', () => {
    for (const text of [
      'Your appointment is on Tuesday, March 3 at 3:30 pm with Dr. Patel. Reply C to confirm.',
      'We are open 8 am to 6 pm on weekdays. Parking is behind the building.',
      'Thanks for reaching out! Someone from the front desk will call you back today.',
      'Su cita es el martes 3 de marzo a las 3:30 pm. Responda C para confirmar.',
      'Your statement balance is ready in the portal.',
      // The notice sent instead of a held reply must itself pass.
      'You have a new secure message from Riverside Family Health. Sign in to read it: https://desk.example/portal',
    ])
      expect({ text, check: checkForPhi(text) }).toEqual({
        text,
        check: { containsPhi: false, findings: [] },
      });
  });

  it('holds results, diagnoses, medications, doses and procedures, naming the words that fired', () => {
    const check = checkForPhi(
      'Your A1C came back at 8.1 and the doctor wants to raise your metformin to 1000 mg.',
    );
    expect(check.containsPhi).toBe(true);
    expect(check.findings).toEqual(
      expect.arrayContaining([
        { rule: 'lab-result', matched: 'A1C' },
        { rule: 'medication', matched: 'metformin' },
        { rule: 'dose', matched: '1000 mg' },
      ]),
    );
    expect(rulesOf('You tested positive for chlamydia; please call us.')).toEqual(
      expect.arrayContaining(['lab-result', 'diagnosis']),
    );
    expect(rulesOf('Your biopsy is scheduled before the surgery.')).toContain('procedure');
    expect(rulesOf('Take 2 tablets twice a day.')).toContain('dose');
  });

  it('reads Spanish replies too', () => {
    expect(rulesOf('Sus resultados de laboratorio salieron bien, la glucosa está normal.')).toEqual(
      expect.arrayContaining(['lab-result']),
    );
    expect(rulesOf('El médico le recetó un antibiótico por la infección.')).toEqual(
      expect.arrayContaining(['medication', 'diagnosis']),
    );
    expect(rulesOf('Está embarazada de 8 semanas.')).toContain('diagnosis');
  });

  it('holds identifiers: social security numbers, labelled dates of birth, record and member numbers', () => {
    expect(rulesOf('SSN on file: 123-45-6789')).toEqual(['identifier']);
    expect(rulesOf('We have your DOB: 04/12/1979, is that right?')).toEqual(['identifier']);
    expect(rulesOf('Your member ID: UHC987654321 is active.')).toEqual(['identifier']);
  });

  it('does not fire on words that merely contain a term', () => {
    // "stdout", "aidsville", "prepared", "hivemind" hold "std", "aids", "prep" and "hiv" inside.
    expect(checkForPhi('We prepared the forms; the hivemind of the front desk is on it.').containsPhi).toBe(
      false,
    );
  });

  it('holds what the record says about this patient, even in plain words the rules do not know', () => {
    const facts = { clinicalTerms: ['celiac disease', 'shellfish allergy'], identifiers: ['RFH-001303'] };
    expect(
      checkForPhi('About your Celiac Disease follow-up: bring your food diary.', facts).findings,
    ).toEqual([{ rule: 'record-fact', matched: 'Celiac Disease' }]);
    expect(checkForPhi('Your chart RFH-001303 was updated.', facts).findings).toEqual([
      { rule: 'identifier', matched: 'RFH-001303' },
    ]);
  });
});
