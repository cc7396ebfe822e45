import type { NoticeLanguage } from './visit-words.ts';

/**
 * The words a patient may text back to a reminder, and the answers, in English and Spanish.
 * "CANCEL" is not among them: carriers and Twilio treat it as an opt-out (like STOP) and block
 * every later text to the number, so it stays an opt-out here too; "X" and "CANCELAR" cancel.
 */

export type ReplyWord = 'confirm' | 'reschedule' | 'cancel';

const replyWords: Record<string, ReplyWord> = {
  c: 'confirm',
  confirm: 'confirm',
  confirmar: 'confirm',
  r: 'reschedule',
  reschedule: 'reschedule',
  cambiar: 'reschedule',
  x: 'cancel',
  cancelar: 'cancel',
};

/** The reply a whole text is (any case, spaces and punctuation around it ignored), or undefined. */
export function appointmentReplyWord(body: string): ReplyWord | undefined {
  const word = body
    .trim()
    .toLowerCase()
    .replace(/[.!¡?¿"']/g, '')
    .trim();
  return replyWords[word];
}

export interface ReplyFacts {
  language: NoticeLanguage;
  clinicName: string;
  providerName: string;
  when: string;
  manageUrl: string;
  clinicPhone: string | null;
}

const callUs = {
  en: (phone: string | null) => (phone ? `Please call us at ${phone}.` : 'Please call the clinic.'),
  es: (phone: string | null) => (phone ? `Llámenos al ${phone}.` : 'Llame a la clínica.'),
};

export const replyTexts = {
  confirmed: (f: ReplyFacts) =>
    f.language === 'es'
      ? `Confirmada: su cita con ${f.providerName} el ${f.when}. ¡Le esperamos! ${f.clinicName}`
      : `Confirmed: your appointment with ${f.providerName} on ${f.when}. See you then! ${f.clinicName}`,
  cancelled: (f: ReplyFacts) =>
    f.language === 'es'
      ? `Cancelada: su cita con ${f.providerName} del ${f.when}. Para reservar otra hora: ${f.manageUrl}`
      : `Cancelled: your appointment with ${f.providerName} on ${f.when}. To book another time: ${f.manageUrl}`,
  tooLateToCancel: (f: ReplyFacts) =>
    f.language === 'es'
      ? `Su cita con ${f.providerName} del ${f.when} está demasiado cerca para cancelarla por mensaje. ${callUs.es(f.clinicPhone)}`
      : `Your appointment with ${f.providerName} on ${f.when} is too close to cancel by text. ${callUs.en(f.clinicPhone)}`,
  tooLateToMove: (f: ReplyFacts) =>
    f.language === 'es'
      ? `Su cita con ${f.providerName} del ${f.when} está demasiado cerca para cambiarla en línea. ${callUs.es(f.clinicPhone)}`
      : `Your appointment with ${f.providerName} on ${f.when} is too close to move online. ${callUs.en(f.clinicPhone)}`,
  moveOptions: (f: ReplyFacts, times: string[]) => {
    if (f.language === 'es')
      return times.length > 0
        ? `Para cambiar su cita con ${f.providerName} del ${f.when}, elija una nueva hora aquí: ${f.manageUrl} Próximas horas libres: ${times.join('; ')}.`
        : `Para cambiar su cita con ${f.providerName} del ${f.when}: ${f.manageUrl} No hay horas libres pronto con este proveedor. ${callUs.es(f.clinicPhone)}`;
    return times.length > 0
      ? `To move your appointment with ${f.providerName} on ${f.when}, choose a new time here: ${f.manageUrl} Next free times: ${times.join('; ')}.`
      : `To move your appointment with ${f.providerName} on ${f.when}: ${f.manageUrl} There are no free times soon with this provider. ${callUs.en(f.clinicPhone)}`;
  },
};
