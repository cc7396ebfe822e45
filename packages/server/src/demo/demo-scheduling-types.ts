import type { appointmentTypes } from '../domains/scheduling/schema.ts';

/**
 * The demo clinic's kinds of visit, in English with Spanish translations, with what to bring or
 * do before each and the questions asked when one is booked. Durations and buffers are what a
 * community practice uses; the office procedure is booked by staff only (it needs a nurse and
 * a room set up).
 */

export type DemoAppointmentType = Omit<
  typeof appointmentTypes.$inferInsert,
  'id' | 'organizationId' | 'createdAt' | 'updatedAt'
> & { code: DemoTypeCode };

export type DemoTypeCode =
  | 'new-patient'
  | 'follow-up'
  | 'annual-physical'
  | 'sick-visit'
  | 'video-visit'
  | 'well-child'
  | 'flu-shot'
  | 'procedure';

const medicinesQuestion = {
  id: 'medicines',
  text: {
    en: 'Which medicines, vitamins or supplements do you take, and how much?',
    es: '¿Qué medicinas, vitaminas o suplementos toma, y en qué cantidad?',
  },
  required: true,
};

const allergiesQuestion = {
  id: 'allergies',
  text: {
    en: 'Are you allergic to any medicine? If so, which one, and what happened?',
    es: '¿Es alérgico a alguna medicina? Si es así, ¿a cuál y qué le pasó?',
  },
  required: true,
};

export const demoAppointmentTypes: DemoAppointmentType[] = [
  {
    code: 'new-patient',
    name: 'New patient visit',
    description: 'A first, longer visit to get to know you, your health and your history.',
    durationMinutes: 40,
    bufferAfterMinutes: 10,
    patientStatus: 'new',
    preparation:
      'Please arrive 15 minutes early to fill in a few forms. Bring a photo ID, your insurance card, your medicines (or a list of them with the doses) and any records from your previous doctor.',
    translations: {
      es: {
        name: 'Primera consulta',
        description: 'Una primera consulta, más larga, para conocerle a usted, su salud y sus antecedentes.',
        preparation:
          'Llegue 15 minutos antes para llenar algunos formularios. Traiga una identificación con foto, su tarjeta del seguro, sus medicinas (o una lista con las dosis) y los registros de su médico anterior.',
      },
    },
    intakeQuestions: [
      medicinesQuestion,
      allergiesQuestion,
      {
        id: 'previous-doctor',
        text: {
          en: 'Who was your previous doctor or clinic, if you had one?',
          es: '¿Quién era su médico o clínica anterior, si tenía?',
        },
        required: false,
      },
    ],
  },
  {
    code: 'follow-up',
    name: 'Follow-up visit',
    description: 'A check on a condition or treatment your provider is already following.',
    durationMinutes: 20,
    patientStatus: 'established',
    preparation:
      'Bring your medicines or a list of them, and any readings you were asked to keep (blood pressure, blood sugar, weight).',
    translations: {
      es: {
        name: 'Consulta de seguimiento',
        description: 'Un control de una condición o tratamiento que su proveedor ya está siguiendo.',
        preparation:
          'Traiga sus medicinas o una lista de ellas, y las mediciones que le pidieron anotar (presión, azúcar en la sangre, peso).',
      },
    },
    intakeQuestions: [
      {
        id: 'changes',
        text: {
          en: 'Has anything changed since your last visit?',
          es: '¿Ha cambiado algo desde su última consulta?',
        },
        required: false,
      },
    ],
  },
  {
    code: 'annual-physical',
    name: 'Annual physical',
    description: 'A yearly check-up with screenings and vaccines that are due.',
    durationMinutes: 40,
    preparation:
      'If your provider ordered blood work, have it drawn a few days before. For a fasting blood test, have only water for 8 hours before it. Bring your vaccination record if you have one.',
    translations: {
      es: {
        name: 'Examen físico anual',
        description: 'Un chequeo anual con las pruebas y vacunas que le toquen.',
        preparation:
          'Si su proveedor le pidió análisis de sangre, hágaselos unos días antes. Para un análisis en ayunas, tome solo agua durante las 8 horas anteriores. Traiga su registro de vacunas si lo tiene.',
      },
    },
    intakeQuestions: [
      medicinesQuestion,
      {
        id: 'concerns',
        text: {
          en: 'Is there anything you would like to talk about at this visit?',
          es: '¿Hay algo de lo que le gustaría hablar en esta consulta?',
        },
        required: false,
      },
    ],
  },
  {
    code: 'sick-visit',
    name: 'Sick visit',
    description: 'A short visit for a new illness or injury: fever, cough, sore throat, rash, a sprain.',
    durationMinutes: 15,
    minNoticeMinutes: 60,
    bookingHorizonDays: 7,
    reminderOffsetsMinutes: [120],
    preparation:
      'If you have a fever, a cough or a rash, please wear a mask and tell the front desk when you arrive. If your symptoms get much worse before the visit, call us or 911.',
    translations: {
      es: {
        name: 'Consulta por enfermedad',
        description:
          'Una consulta corta por una enfermedad o lesión nueva: fiebre, tos, dolor de garganta, sarpullido, una torcedura.',
        preparation:
          'Si tiene fiebre, tos o sarpullido, use una mascarilla y avise en la recepción al llegar. Si sus síntomas empeoran mucho antes de la consulta, llámenos o llame al 911.',
      },
    },
    intakeQuestions: [
      {
        id: 'symptoms',
        text: {
          en: 'What symptoms do you have, and since when?',
          es: '¿Qué síntomas tiene y desde cuándo?',
        },
        required: true,
      },
    ],
  },
  {
    code: 'video-visit',
    name: 'Video visit',
    description: 'A visit with your provider by video, from your phone or computer.',
    durationMinutes: 20,
    mode: 'telehealth',
    preparation:
      'Join from a quiet, private place with a good internet connection. The link in your confirmation opens 15 minutes before the visit. Have your medicines at hand.',
    translations: {
      es: {
        name: 'Consulta por video',
        description: 'Una consulta con su proveedor por video, desde su teléfono o computadora.',
        preparation:
          'Conéctese desde un lugar tranquilo y privado, con buena conexión a internet. El enlace de su confirmación se abre 15 minutos antes de la consulta. Tenga sus medicinas a mano.',
      },
    },
    intakeQuestions: [
      {
        // Providers may see patients by video only where they hold a licence.
        id: 'state',
        text: {
          en: 'In which state will you be during the video visit?',
          es: '¿En qué estado estará durante la consulta por video?',
        },
        required: true,
      },
    ],
  },
  {
    code: 'well-child',
    name: 'Well-child visit',
    description: 'A check of your child’s growth and development, with the vaccines that are due.',
    durationMinutes: 30,
    preparation:
      'Bring your child’s vaccination record and any forms for school, camp or sports. Write down your questions about sleep, eating or behaviour so none is forgotten.',
    translations: {
      es: {
        name: 'Control del niño sano',
        description:
          'Un control del crecimiento y desarrollo de su hijo o hija, con las vacunas que le toquen.',
        preparation:
          'Traiga el registro de vacunas de su hijo o hija y los formularios de la escuela, el campamento o el deporte. Anote sus preguntas sobre el sueño, la alimentación o el comportamiento para no olvidar ninguna.',
      },
    },
    intakeQuestions: [
      {
        id: 'questions',
        text: {
          en: 'Any questions about your child’s growth, sleep, eating or behaviour?',
          es: '¿Tiene preguntas sobre el crecimiento, el sueño, la alimentación o el comportamiento de su hijo o hija?',
        },
        required: false,
      },
    ],
  },
  {
    code: 'flu-shot',
    name: 'Flu shot',
    description: 'This season’s flu vaccine, given by a nurse.',
    durationMinutes: 10,
    slotStepMinutes: 10,
    reminderOffsetsMinutes: [1440],
    preparation:
      'Wear a short-sleeved shirt or one with loose sleeves. Plan to stay 15 minutes after the shot.',
    translations: {
      es: {
        name: 'Vacuna contra la gripe',
        description: 'La vacuna contra la gripe de esta temporada, puesta por una enfermera.',
        preparation:
          'Use una camisa de manga corta o con mangas anchas. Cuente con quedarse 15 minutos después de la vacuna.',
      },
    },
    intakeQuestions: [
      {
        id: 'vaccine-reaction',
        text: {
          en: 'Have you ever had a serious reaction to a vaccine?',
          es: '¿Alguna vez tuvo una reacción grave a una vacuna?',
        },
        required: true,
      },
    ],
  },
  {
    code: 'procedure',
    name: 'Office procedure',
    description:
      'A minor procedure in the office (a skin biopsy, a mole removal, an IUD), booked by our staff.',
    durationMinutes: 60,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
    bookableOnline: false,
    cancelCutoffMinutes: 2880,
    rescheduleCutoffMinutes: 2880,
    preparation:
      'Follow the instructions your care team gave you when they booked this visit. Eat a light meal before unless told otherwise, and tell us if you take a blood thinner.',
    translations: {
      es: {
        name: 'Procedimiento en consultorio',
        description:
          'Un procedimiento menor en el consultorio (una biopsia de piel, quitar un lunar, un DIU), programado por nuestro personal.',
        preparation:
          'Siga las instrucciones que le dio su equipo de atención al programar esta consulta. Coma algo ligero antes, salvo que le indiquen lo contrario, y avísenos si toma un anticoagulante.',
      },
    },
    intakeQuestions: [medicinesQuestion, allergiesQuestion],
  },
];
