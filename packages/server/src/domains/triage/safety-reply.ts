import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/connection.ts';
import type { TriageLanguage } from './language.ts';
import type { SafetyAdvice } from './lexicon/red-flags.ts';
import { safetySettings } from './schema.ts';

/**
 * The safety reply a writer gets at once when triage finds an emergency: what to do now, with
 * the organisation's numbers (911, 988, Poison Control in the US; configurable per country and
 * organisation). No words of the writer's message and nothing about them: it is safe on any
 * channel. The SMS version is short enough for one or two segments.
 */

export interface SafetyNumbers {
  emergencyNumber: string;
  crisisLine: string;
  poisonControl: string;
  onCallPhone: string | null;
}

export const defaultSafetyNumbers: SafetyNumbers = {
  emergencyNumber: '911',
  crisisLine: '988',
  poisonControl: '1-800-222-1222',
  onCallPhone: null,
};

export async function safetyNumbersOf(orm: Orm, organizationId: string): Promise<SafetyNumbers> {
  const [row] = await orm
    .select()
    .from(safetySettings)
    .where(eq(safetySettings.organizationId, organizationId));
  return row
    ? {
        emergencyNumber: row.emergencyNumber,
        crisisLine: row.crisisLine,
        poisonControl: row.poisonControl,
        onCallPhone: row.onCallPhone,
      }
    : defaultSafetyNumbers;
}

type Texts = Record<SafetyAdvice, (n: SafetyNumbers, clinic: string) => string>;

const full: Record<TriageLanguage, Texts> = {
  en: {
    'emergency-services': (n, clinic) =>
      `If this is an emergency, call ${n.emergencyNumber} now or go to the nearest emergency room. Do not wait for an answer here. ${clinic} has alerted a nurse, who will read your message right away.`,
    'crisis-line': (n, clinic) =>
      `If you are thinking about suicide or about hurting yourself or someone else, call or text ${n.crisisLine} now (Suicide & Crisis Lifeline), or call ${n.emergencyNumber} if you are in danger. You are not alone. ${clinic} has alerted our care team, who will read your message right away.`,
    'poison-control': (n, clinic) =>
      `For a possible poisoning or overdose, call Poison Control at ${n.poisonControl} now. Call ${n.emergencyNumber} if the person is hard to wake, has trouble breathing or has a seizure. ${clinic} has alerted a nurse, who will read your message right away.`,
  },
  es: {
    'emergency-services': (n, clinic) =>
      `Si es una emergencia, llame al ${n.emergencyNumber} ahora o vaya a la sala de emergencias más cercana. No espere una respuesta aquí. ${clinic} avisó a una enfermera, que leerá su mensaje de inmediato.`,
    'crisis-line': (n, clinic) =>
      `Si está pensando en el suicidio o en hacerse daño o hacerle daño a otra persona, llame o envíe un texto al ${n.crisisLine} ahora (Línea de Prevención del Suicidio y Crisis), o llame al ${n.emergencyNumber} si está en peligro. No está solo. ${clinic} avisó a nuestro equipo de cuidado, que leerá su mensaje de inmediato.`,
    'poison-control': (n, clinic) =>
      `Si puede ser una intoxicación o una sobredosis, llame ahora a Control de Envenenamiento al ${n.poisonControl}. Llame al ${n.emergencyNumber} si la persona no despierta bien, le cuesta respirar o tiene una convulsión. ${clinic} avisó a una enfermera, que leerá su mensaje de inmediato.`,
  },
};

const short: Record<TriageLanguage, Texts> = {
  en: {
    'emergency-services': (n, clinic) =>
      `${clinic}: If this is an emergency, call ${n.emergencyNumber} now. Don't wait for a text back. A nurse has been alerted.`,
    'crisis-line': (n, clinic) =>
      `${clinic}: If you may hurt yourself or someone else, call or text ${n.crisisLine} now, or call ${n.emergencyNumber}. You are not alone. Our care team has been alerted.`,
    'poison-control': (n, clinic) =>
      `${clinic}: For a poisoning or overdose, call Poison Control ${n.poisonControl} now, or ${n.emergencyNumber} if hard to wake or not breathing well. A nurse has been alerted.`,
  },
  es: {
    'emergency-services': (n, clinic) =>
      `${clinic}: Si es una emergencia, llame al ${n.emergencyNumber} ahora. No espere respuesta por texto. Avisamos a una enfermera.`,
    'crisis-line': (n, clinic) =>
      `${clinic}: Si puede hacerse daño o hacerle daño a alguien, llame o escriba al ${n.crisisLine} ahora, o llame al ${n.emergencyNumber}. No está solo. Avisamos a nuestro equipo.`,
    'poison-control': (n, clinic) =>
      `${clinic}: Por intoxicación o sobredosis, llame a Control de Envenenamiento ${n.poisonControl} ahora, o al ${n.emergencyNumber} si no despierta o no respira bien. Avisamos a una enfermera.`,
  },
};

/**
 * The reply for the most pressing advice among the emergency flags: crisis line first (a
 * person in crisis must hear "988"), then poison control, then emergency services.
 */
export function safetyReplyText(
  advice: SafetyAdvice[],
  language: TriageLanguage,
  channel: 'sms' | 'email' | 'web' | 'portal',
  numbers: SafetyNumbers,
  clinicName: string,
): string {
  const chosen: SafetyAdvice = advice.includes('crisis-line')
    ? 'crisis-line'
    : advice.includes('poison-control')
      ? 'poison-control'
      : 'emergency-services';
  return (channel === 'sms' ? short : full)[language][chosen](numbers, clinicName);
}
