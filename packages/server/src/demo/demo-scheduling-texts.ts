import { type DemoTypeCode, demoAppointmentTypes } from './demo-scheduling-types.ts';

/**
 * What the demo's patients wrote when they booked (the reason for the visit, the answers to the
 * visit's questions) and what their providers wrote afterwards, in English or Spanish as the
 * patient speaks. Made up, like every person in the demo; the booking code encrypts them as it
 * would real ones.
 */

type Language = 'en' | 'es';
type Texts = Record<Language, string[]>;

const reasons: Partial<Record<DemoTypeCode, Texts>> = {
  'sick-visit': {
    en: [
      'Sore throat and fever since Sunday',
      'Cough that is not getting better after a week',
      'Twisted my ankle playing soccer',
      'Ear pain, worse at night',
      'Itchy rash on both arms',
    ],
    es: [
      'Dolor de garganta y fiebre desde el domingo',
      'Tos que no mejora después de una semana',
      'Me torcí el tobillo jugando fútbol',
      'Dolor de oído, peor en la noche',
      'Sarpullido con picazón en los dos brazos',
    ],
  },
  'follow-up': {
    en: [
      'Blood pressure check after the new medicine',
      'Go over my lab results',
      'Diabetes check, bringing my sugar log',
      'Knee pain follow-up after physical therapy',
    ],
    es: [
      'Control de la presión con la medicina nueva',
      'Revisar los resultados de mis análisis',
      'Control de la diabetes, traigo mis mediciones de azúcar',
      'Seguimiento del dolor de rodilla después de la terapia',
    ],
  },
  'new-patient': {
    en: ['New to the area, looking for a primary care provider', 'Transferring my care from another clinic'],
    es: ['Soy nuevo en la zona y busco un médico de cabecera', 'Cambio mi atención desde otra clínica'],
  },
  'video-visit': {
    en: ['Medication check-in', 'Talk about how the new treatment is going', 'Questions about my sleep'],
    es: ['Revisión de mis medicinas', 'Hablar de cómo va el tratamiento nuevo', 'Preguntas sobre mi sueño'],
  },
  procedure: {
    en: ['Removal of a mole on my back', 'Skin biopsy my provider recommended'],
    es: ['Quitar un lunar de la espalda', 'Biopsia de piel que me recomendó mi proveedor'],
  },
};

const answers: Record<string, Texts> = {
  medicines: {
    en: [
      'Lisinopril 10 mg once a day',
      'Metformin 500 mg twice a day, vitamin D',
      'None',
      'Levothyroxine 50 mcg',
    ],
    es: ['Lisinopril 10 mg una vez al día', 'Metformina 500 mg dos veces al día, vitamina D', 'Ninguna'],
  },
  allergies: {
    en: ['No known allergies', 'Penicillin (hives)', 'Sulfa drugs (rash)'],
    es: ['No tengo alergias conocidas', 'Penicilina (ronchas)', 'Sulfas (sarpullido)'],
  },
  symptoms: {
    en: ['Fever and sore throat for two days', 'Cough for a week, no fever', 'Ankle swollen since yesterday'],
    es: ['Fiebre y dolor de garganta desde hace dos días', 'Tos desde hace una semana, sin fiebre'],
  },
  state: { en: ['Massachusetts'], es: ['Massachusetts'] },
  'vaccine-reaction': { en: ['No', 'No, only a sore arm'], es: ['No', 'No, solo dolor en el brazo'] },
};

const followUps: Texts = {
  en: [
    'Keep a blood pressure log twice a day and bring it to your follow-up in four weeks.',
    'Rest, drink plenty of fluids, and call us if the fever lasts more than three more days.',
    'Lab work is ordered: have it drawn before your next visit. Results will be in your portal.',
  ],
  es: [
    'Anote su presión dos veces al día y traiga las notas a su seguimiento en cuatro semanas.',
    'Descanse, tome muchos líquidos y llámenos si la fiebre dura más de tres días.',
    'Le pedimos análisis: hágaselos antes de su próxima consulta. Los resultados estarán en su portal.',
  ],
};

const pick = (texts: string[], roll: number) => texts[Math.floor(roll * texts.length)]!;

/** The reason a patient gave, for the kinds of visit where patients usually give one. */
export function reasonFor(code: DemoTypeCode, language: Language, roll: number): string | null {
  const texts = reasons[code];
  return texts ? pick(texts[language], roll) : null;
}

/** Answers to the required questions of the kind of visit (as booking asks for them). */
export function answersFor(
  type: { code: DemoTypeCode },
  language: Language,
  roll: number,
): Record<string, string> {
  const questions =
    demoAppointmentTypes.find((candidate) => candidate.code === type.code)?.intakeQuestions ?? [];
  return Object.fromEntries(
    questions.flatMap((question) => {
      const texts = answers[question.id];
      return question.required && texts ? [[question.id, pick(texts[language], roll)]] : [];
    }),
  );
}

/** Follow-up instructions a provider left after a visit. */
export function followUpFor(language: Language, roll: number): string {
  return pick(followUps[language], roll);
}
