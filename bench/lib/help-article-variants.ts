/**
 * Help articles a large health system would have beside the demo clinic's: a page per site
 * (hours, parking, lab), per specialty and site, per insurance plan, per test, vaccine,
 * condition, billing term, portal task, form and class, plus internal procedures and a few
 * drafts. They share the demo articles' words ("appointment", "portal", "bill"), so search has
 * to pick the right article among many near ones, as it would in a real help centre.
 * Seeded: every run builds the same articles.
 */

export interface ArticleVariant {
  slug: string;
  language: 'en' | 'es';
  title: string;
  summary: string;
  body: string;
  category: string;
  audience: 'public' | 'internal';
  status: 'published' | 'draft';
}

/** A small seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const towns = [
  'Shrewsbury',
  'Leominster',
  'Fitchburg',
  'Marlborough',
  'Framingham',
  'Auburn',
  'Grafton',
  'Millbury',
  'Northborough',
  'Southbridge',
  'Webster',
  'Holden',
  'Spencer',
  'Clinton',
  'Hudson',
  'Milford',
  'Uxbridge',
  'Gardner',
  'Athol',
  'Sturbridge',
  'Oxford',
  'Charlton',
  'Dudley',
  'Leicester',
  'Paxton',
  'Rutland',
  'Sterling',
  'Boylston',
  'Berlin',
  'Bolton',
  'Harvard',
  'Lancaster',
  'Princeton',
  'Hopedale',
  'Mendon',
  'Upton',
  'Sutton',
  'Douglas',
  'Northbridge',
  'Blackstone',
];
const streets = [
  'Main Street',
  'Church Street',
  'Maple Avenue',
  'Central Street',
  'Water Street',
  'School Street',
  'Elm Street',
  'Park Avenue',
  'Pleasant Street',
  'Union Street',
];
const siteKinds: [string, string][] = [
  ['Family Medicine', 'Medicina Familiar'],
  ['Pediatrics', 'Pediatría'],
  ['Urgent Care', 'Atención Urgente'],
  ["Women's Health", 'Salud de la Mujer'],
];
const specialties: [string, string][] = [
  ['cardiology', 'cardiología'],
  ['dermatology', 'dermatología'],
  ['endocrinology', 'endocrinología'],
  ['gastroenterology', 'gastroenterología'],
  ['neurology', 'neurología'],
  ['orthopedics', 'ortopedia'],
  ['podiatry', 'podología'],
  ['physical therapy', 'fisioterapia'],
  ['behavioral health', 'salud mental'],
  ['nutrition counseling', 'consejería de nutrición'],
  ['sleep medicine', 'medicina del sueño'],
  ['allergy and asthma', 'alergias y asma'],
  ['ear, nose and throat', 'oído, nariz y garganta'],
  ['urology', 'urología'],
  ['eye care', 'cuidado de los ojos'],
  ['audiology', 'audiología'],
  ['rheumatology', 'reumatología'],
  ['lung care', 'neumología'],
  ['OB-GYN', 'ginecología y obstetricia'],
  ['geriatrics', 'geriatría'],
  ['sports medicine', 'medicina deportiva'],
  ['wound care', 'cuidado de heridas'],
  ['pain management', 'manejo del dolor'],
  ['kidney care', 'nefrología'],
  ['diabetes education', 'educación sobre la diabetes'],
  ['weight management', 'control de peso'],
  ['speech therapy', 'terapia del habla'],
  ['occupational therapy', 'terapia ocupacional'],
  ['midwifery', 'partería'],
  ['genetic counseling', 'asesoría genética'],
];
const plans = [
  'Harvard Pilgrim HMO',
  'Harvard Pilgrim PPO',
  'Tufts Health Direct',
  'Tufts Health Together',
  'Blue Cross Blue Shield PPO Blue',
  'Blue Cross HMO Blue New England',
  'Aetna Choice POS II',
  'Aetna Open Access',
  'Cigna Open Access Plus',
  'Cigna Connect',
  'UnitedHealthcare Choice Plus',
  'UnitedHealthcare Navigate HMO',
  'MassHealth Standard',
  'MassHealth CarePlus',
  'MassHealth Family Assistance',
  'Medicare Part B',
  'Humana Gold Plus',
  'Fallon Health Community Care',
  'WellSense Health Plan',
  'Health New England',
  'Tricare Select',
  'AllWays Health Partners',
  'Senior Care Options',
  'ConnectorCare',
];
const tests: [string, string][] = [
  ['colonoscopy', 'colonoscopía'],
  ['mammogram', 'mamografía'],
  ['A1c blood test', 'prueba de A1c'],
  ['cholesterol test', 'prueba de colesterol'],
  ['glucose tolerance test', 'prueba de tolerancia a la glucosa'],
  ['ultrasound', 'ultrasonido'],
  ['MRI', 'resonancia magnética'],
  ['CT scan', 'tomografía'],
  ['stress test', 'prueba de esfuerzo'],
  ['EKG', 'electrocardiograma'],
  ['breathing test', 'prueba de respiración'],
  ['sleep study', 'estudio del sueño'],
  ['bone density scan', 'densitometría ósea'],
  ['Pap test', 'papanicolaou'],
  ['strep test', 'prueba de estreptococo'],
  ['urine test', 'examen de orina'],
  ['allergy skin test', 'prueba de alergia en la piel'],
  ['hearing test', 'examen del oído'],
  ['vision screening', 'examen de la vista'],
  ['thyroid test', 'prueba de tiroides'],
];
const vaccines: [string, string][] = [
  ['COVID-19', 'COVID-19'],
  ['shingles', 'herpes zóster'],
  ['pneumonia', 'neumonía'],
  ['tetanus (Tdap)', 'tétanos (Tdap)'],
  ['HPV', 'VPH'],
  ['hepatitis B', 'hepatitis B'],
  ['RSV', 'VSR'],
  ['measles (MMR)', 'sarampión (MMR)'],
  ['chickenpox', 'varicela'],
  ['meningitis', 'meningitis'],
  ['hepatitis A', 'hepatitis A'],
  ['polio', 'polio'],
];
const conditions: [string, string][] = [
  ['diabetes', 'diabetes'],
  ['high blood pressure', 'presión alta'],
  ['asthma', 'asma'],
  ['COPD', 'EPOC'],
  ['depression', 'depresión'],
  ['anxiety', 'ansiedad'],
  ['back pain', 'dolor de espalda'],
  ['arthritis', 'artritis'],
  ['heart failure', 'insuficiencia cardíaca'],
  ['migraine', 'migraña'],
  ['eczema', 'eccema'],
  ['obesity', 'obesidad'],
  ['kidney disease', 'enfermedad de los riñones'],
  ['thyroid problems', 'problemas de tiroides'],
  ['ADHD', 'TDAH'],
  ['sleep apnea', 'apnea del sueño'],
  ['osteoporosis', 'osteoporosis'],
  ['allergies', 'alergias'],
];
const billingTerms: [string, string][] = [
  ['deductible', 'deducible'],
  ['coinsurance', 'coseguro'],
  ['copay', 'copago'],
  ['adjustment', 'ajuste'],
  ['facility fee', 'cargo del centro'],
  ['patient responsibility', 'responsabilidad del paciente'],
  ['pending insurance', 'pendiente del seguro'],
  ['denied claim', 'reclamo negado'],
  ['out-of-network', 'fuera de la red'],
  ['prior authorization', 'autorización previa'],
  ['balance forward', 'saldo anterior'],
  ['self-pay discount', 'descuento por pago propio'],
  ['CPT code', 'código CPT'],
  ['date of service', 'fecha del servicio'],
  ['guarantor', 'garante'],
  ['account number', 'número de cuenta'],
];
const portalTasks: [string, string][] = [
  ['update your address', 'cambiar su dirección'],
  ['see your immunization record', 'ver su registro de vacunas'],
  ['turn on text reminders', 'activar recordatorios por texto'],
  ['download a visit summary', 'descargar el resumen de la consulta'],
  ['change your preferred pharmacy', 'cambiar su farmacia preferida'],
  ['fill out a health questionnaire', 'llenar un cuestionario de salud'],
  ['add your insurance card', 'agregar su tarjeta del seguro'],
  ['see your care team', 'ver a su equipo de atención'],
  ['set your language', 'escoger su idioma'],
  ['share your record with another doctor', 'compartir su expediente con otro médico'],
  ['upload a document', 'subir un documento'],
  ['check in before your visit', 'registrarse antes de su consulta'],
  ['see your allergies list', 'ver su lista de alergias'],
  ['print a receipt', 'imprimir un recibo'],
];
const forms: [string, string][] = [
  ['sports physical form', 'formulario de examen físico para deportes'],
  ['daycare health form', 'formulario de salud para la guardería'],
  ['disability parking placard', 'permiso de estacionamiento para discapacitados'],
  ['jury duty excuse', 'excusa para el jurado'],
  ['travel letter for medicines', 'carta de viaje para medicinas'],
  ['WIC referral form', 'formulario de referido para WIC'],
  ['home health order', 'orden de salud en el hogar'],
  ['durable medical equipment order', 'orden de equipo médico'],
  ['gym clearance note', 'nota para el gimnasio'],
  ['immigration medical form', 'formulario médico de inmigración'],
];
const classes: [string, string][] = [
  ['diabetes cooking', 'cocina para la diabetes'],
  ['new parents', 'padres primerizos'],
  ['quit smoking', 'dejar de fumar'],
  ['healthy aging', 'envejecer con salud'],
  ['walking group', 'grupo de caminata'],
  ['stress and sleep', 'estrés y sueño'],
  ['breastfeeding support', 'apoyo para la lactancia'],
  ['heart health', 'salud del corazón'],
];
const procedures = [
  'close a conversation a patient has not answered',
  'transfer a call to the nurse line',
  'log a fax in the document queue',
  'book an interpreter for a visit',
  'merge two duplicate patient records',
  'send a secure link instead of results by text',
  'handle a records request from a lawyer',
  'cover the front desk during lunch',
  'reset a patient portal account',
  'take a payment over the phone',
  'set up a payment plan in billing',
  'report a privacy incident',
  'check insurance eligibility before a visit',
  'schedule a same-day sick visit',
  'restock the waiting room forms',
  'open the clinic in the morning',
  'close the clinic at night',
  'page the on-call provider',
  'file a complaint from a patient',
  'update the hold message for a snow day',
];

type Pick = <T>(list: readonly T[]) => T;

function hours(pick: Pick, es: boolean): string {
  const open = pick(['7:30', '8:00', '8:30', '9:00']);
  const close = pick(['4:30', '5:00', '5:30', '6:00', '7:00']);
  const late = pick(es ? ['martes', 'miércoles', 'jueves'] : ['Tuesday', 'Wednesday', 'Thursday']);
  return es
    ? `- De lunes a viernes: de ${open} am a ${close} pm\n- Los ${late}: hasta las 8:00 pm\n- Sábados y domingos: cerrado`
    : `- Monday to Friday: ${open} am to ${close} pm\n- ${late}: open until 8:00 pm\n- Saturday and Sunday: closed`;
}

const closing = {
  en: [
    'Questions? Send us a message in the patient portal or text (508) 555-0199. We answer on business days.',
    'If something about this page is not clear, call the front desk and we will walk you through it.',
    'In an emergency, call 911. For questions that can wait, use the patient portal.',
  ],
  es: [
    '¿Tiene preguntas? Mándenos un mensaje por el portal del paciente o un texto al (508) 555-0199. Contestamos en días hábiles.',
    'Si algo de esta página no está claro, llame a la recepción y le explicamos.',
    'En una emergencia, llame al 911. Para preguntas que pueden esperar, use el portal del paciente.',
  ],
};

/** The paragraphs many help pages end with; they make the pages as long and as alike as real ones. */
const moreHelp = {
  en: [
    'Language help is free. Tell us the language you prefer when you book, and an interpreter joins your visit in person, by video or by phone.',
    'You can bring a family member or a friend to any visit. If you want them to speak for you when you are not there, ask us about proxy access in the patient portal.',
    'If you cannot keep an appointment, let us know at least 24 hours ahead so another patient can have the time. You can cancel in the portal, by text or by phone.',
    'Bills come from Riverside Family Health about three weeks after your visit, once your insurance has paid its part. You can pay online, by phone, by mail or at the front desk.',
    'Most test results appear in the patient portal as soon as they are ready. Your provider adds a note when a result needs a follow-up.',
    'Prescription refills take up to 3 business days. Ask before you run out, and tell us which pharmacy to send them to.',
    'Our nurse line is open 24 hours a day at (508) 555-0111 for health questions that cannot wait until morning.',
    'Parking is free at every Riverside site. Accessible spaces are closest to the door, and wheelchairs are available at the entrance.',
    'We follow federal privacy law. Only the people caring for you, and the people you allow, can see your health information.',
    'New patients are welcome at most sites. Call (508) 555-0100 or fill out the new patient form online to get started.',
  ],
  es: [
    'La ayuda con el idioma es gratis. Díganos qué idioma prefiere cuando haga su cita y un intérprete le acompaña en persona, por video o por teléfono.',
    'Puede traer a un familiar o a un amigo a cualquier consulta. Si quiere que hable por usted cuando usted no esté, pregunte por el acceso de apoderado en el portal.',
    'Si no puede venir a una cita, avísenos por lo menos 24 horas antes para que otro paciente pueda usar ese tiempo. Puede cancelar en el portal, por texto o por teléfono.',
    'Las facturas de Riverside Family Health llegan unas tres semanas después de su consulta, cuando el seguro ya pagó su parte. Puede pagar en línea, por teléfono, por correo o en la recepción.',
    'La mayoría de los resultados aparecen en el portal del paciente en cuanto están listos.',
    'Las reposiciones de recetas tardan hasta 3 días hábiles. Pídalas antes de que se le acabe la medicina.',
    'Nuestra línea de enfermería está abierta las 24 horas al (508) 555-0111.',
    'El estacionamiento es gratis en todas las clínicas de Riverside.',
    'Seguimos la ley federal de privacidad. Solo las personas que le atienden, y las que usted permite, pueden ver su información de salud.',
    'Aceptamos pacientes nuevos en la mayoría de las clínicas. Llame al (508) 555-0100 para empezar.',
  ],
};

type Maker = (
  pick: Pick,
  index: number,
) => Omit<ArticleVariant, 'status' | 'audience' | 'language'> & {
  audience?: 'public' | 'internal';
};
type Topic = { en: Maker; es: Maker; count: number };

const slugOf = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const topics: Topic[] = [
  {
    count: towns.length * siteKinds.length,
    en: (pick, i) => {
      const town = towns[i % towns.length]!;
      const [kind] = siteKinds[Math.floor(i / towns.length) % siteKinds.length]!;
      const street = pick(streets);
      return {
        slug: slugOf(`hours-parking-${town}-${kind}`),
        title: `Hours and parking at Riverside ${town} ${kind}`,
        summary: `Riverside ${town} ${kind} is at ${10 + (i % 180)} ${street}, ${town}. Free parking is in the lot behind the building.`,
        category: 'getting-here',
        body: `Riverside ${town} ${kind} is at ${10 + (i % 180)} ${street}, ${town}, MA.\n\n## Hours\n\n${hours(pick, false)}\n\n## Parking and the bus\n\nFree parking is in the lot behind the building. ${pick(['Two accessible spaces are next to the front door.', 'Accessible spaces are near the ramp on the left side.', 'The lot fills up before 10 am, so allow a few extra minutes.'])} The ${pick(['WRTA route 4', 'WRTA route 15', 'MART route 2', 'WRTA route 33'])} bus stops at the corner.\n\n${pick(['The entrance has an automatic door and the waiting room is on the first floor.', 'Take the elevator to the second floor; the check-in desk is on the right.', 'There is a drop-off spot right by the door for people who use a walker or wheelchair.'])}\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const town = towns[i % towns.length]!;
      const [kind, kindEs] = siteKinds[Math.floor(i / towns.length) % siteKinds.length]!;
      const street = pick(streets);
      return {
        slug: slugOf(`hours-parking-${town}-${kind}`),
        title: `Horario y estacionamiento de Riverside ${town} ${kindEs}`,
        summary: `Riverside ${town} ${kindEs} queda en ${10 + (i % 180)} ${street}, ${town}. El estacionamiento gratis está detrás del edificio.`,
        category: 'getting-here',
        body: `Riverside ${town} ${kindEs} queda en ${10 + (i % 180)} ${street}, ${town}, MA.\n\n## Horario\n\n${hours(pick, true)}\n\n## Estacionamiento y autobús\n\nEl estacionamiento gratis está detrás del edificio. ${pick(['Hay dos espacios para personas con discapacidad junto a la puerta.', 'Los espacios accesibles están cerca de la rampa.', 'El estacionamiento se llena antes de las 10 am; llegue con tiempo.'])} El autobús ${pick(['WRTA ruta 4', 'WRTA ruta 15', 'MART ruta 2'])} para en la esquina.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: specialties.length * 30,
    en: (pick, i) => {
      const [specialty] = specialties[i % specialties.length]!;
      const town = towns[Math.floor(i / specialties.length) % towns.length]!;
      return {
        slug: slugOf(`${specialty}-${town}`),
        title: `${specialty[0]!.toUpperCase()}${specialty.slice(1)} at the ${town} clinic`,
        summary: `Our ${specialty} team sees patients in ${town} ${pick(['on Tuesdays and Thursdays', 'every weekday', 'two Fridays a month'])}. Most visits need a referral from your primary care provider.`,
        category: 'visits',
        body: `Our ${specialty} team sees patients at the ${town} clinic ${pick(['on Tuesdays and Thursdays', 'every weekday', 'two Fridays a month'])}.\n\n## Do I need a referral?\n\n${pick(['Most insurance plans need a referral from your primary care provider before the first visit.', 'Many HMO plans ask for a referral first. Check with your insurance or ask us.', 'If your plan is a PPO, you may be able to book without a referral.'])} Your primary care team can send it for you.\n\n## Your first visit\n\nPlan to arrive 15 minutes early. Bring your insurance card, a photo ID and a list of your medicines. ${pick(['The first visit usually takes about an hour.', 'Expect to spend 45 minutes with the team.', 'You may have a test on the same day.'])}\n\nTo book, call (508) 555-0100 or ask in the patient portal.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [specialty, specialtyEs] = specialties[i % specialties.length]!;
      const town = towns[Math.floor(i / specialties.length) % towns.length]!;
      return {
        slug: slugOf(`${specialty}-${town}`),
        title: `${specialtyEs[0]!.toUpperCase()}${specialtyEs.slice(1)} en la clínica de ${town}`,
        summary: `Nuestro equipo de ${specialtyEs} atiende en ${town} ${pick(['los martes y jueves', 'de lunes a viernes', 'dos viernes al mes'])}. Casi siempre necesita un referido de su médico de cabecera.`,
        category: 'visits',
        body: `Nuestro equipo de ${specialtyEs} atiende en la clínica de ${town}.\n\n## ¿Necesito un referido?\n\n${pick(['La mayoría de los seguros piden un referido de su médico de cabecera antes de la primera cita.', 'Muchos planes HMO piden un referido primero. Pregunte a su seguro o a nosotros.'])}\n\n## Su primera cita\n\nLlegue 15 minutos antes. Traiga su tarjeta del seguro, una identificación con foto y la lista de sus medicinas.\n\nPara hacer una cita, llame al (508) 555-0100 o pídala en el portal del paciente.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: plans.length,
    en: (pick, i) => {
      const plan = plans[i]!;
      return {
        slug: slugOf(`plan-${plan}`),
        title: `Is ${plan} accepted?`,
        summary: `${pick(['Yes', 'Yes, at every site', 'Yes, for most services'])}: we are in network with ${plan}. Bring your card to every visit.`,
        category: 'billing',
        body: `We are in network with ${plan}. ${pick(['Your copay is listed on the front of your card.', 'Some services may need prior authorization from the plan.', 'Behavioral health visits may be covered by a different company; check the back of your card.'])}\n\n## Before your visit\n\nBring your insurance card and a photo ID. If your plan changed, tell the front desk when you check in so your bill goes to the right place.\n\n## Questions about coverage\n\nCall the member services number on the back of your card to ask what your plan pays. Our billing team can help too: (508) 555-0120.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const plan = plans[i]!;
      return {
        slug: slugOf(`plan-${plan}`),
        title: `¿Aceptan ${plan}?`,
        summary: `Sí: estamos en la red de ${plan}. Traiga su tarjeta a cada cita.`,
        category: 'billing',
        body: `Estamos en la red de ${plan}. ${pick(['Su copago aparece al frente de la tarjeta.', 'Algunos servicios necesitan autorización previa del plan.'])}\n\n## Antes de su cita\n\nTraiga su tarjeta del seguro y una identificación con foto. Si cambió de plan, avise en la recepción.\n\n## Preguntas sobre la cobertura\n\nLlame al número de servicios para miembros que está atrás de su tarjeta. Nuestro equipo de facturación también le ayuda: (508) 555-0120.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: tests.length * 40,
    en: (pick, i) => {
      const [test] = tests[i % tests.length]!;
      const town = towns[Math.floor(i / tests.length) % towns.length]!;
      return {
        slug: slugOf(`prepare-${test}-${town}`),
        title: `Getting ready for your ${test} in ${town}`,
        summary: `How to prepare for a ${test} at the ${town} clinic, what to bring, and when you will hear about the results.`,
        category: 'your-care',
        body: `This page is for patients who have a ${test} scheduled at the ${town} clinic.\n\n## Before the test\n\n${pick(['You do not need to fast unless your provider told you to.', 'Do not eat or drink for 8 hours before, except water.', 'Wear comfortable clothes without metal.', 'Take your usual medicines unless we told you otherwise.'])} ${pick(['Arrive 20 minutes early to check in.', 'Bring your insurance card and the order if a doctor outside Riverside wrote it.'])}\n\n## After the test\n\nMost results are in the patient portal within ${pick(['2 to 3 business days', 'a week', '3 to 5 business days'])}. Your provider will contact you if anything needs a follow-up.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [test, testEs] = tests[i % tests.length]!;
      const town = towns[Math.floor(i / tests.length) % towns.length]!;
      return {
        slug: slugOf(`prepare-${test}-${town}`),
        title: `Cómo prepararse para su ${testEs} en ${town}`,
        summary: `Cómo prepararse para ${testEs} en la clínica de ${town}, qué traer y cuándo le damos los resultados.`,
        category: 'your-care',
        body: `Esta página es para pacientes con ${testEs} programado en la clínica de ${town}.\n\n## Antes del examen\n\n${pick(['No tiene que ir en ayunas, a menos que su médico se lo pida.', 'No coma ni tome nada 8 horas antes, solo agua.', 'Use ropa cómoda sin metal.'])} Llegue 20 minutos antes.\n\n## Después del examen\n\nLa mayoría de los resultados salen en el portal del paciente en ${pick(['2 o 3 días hábiles', 'una semana'])}.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: vaccines.length * 20,
    en: (pick, i) => {
      const [vaccine] = vaccines[i % vaccines.length]!;
      const town = towns[Math.floor(i / vaccines.length) % towns.length]!;
      return {
        slug: slugOf(`${vaccine}-vaccine-${town}`),
        title: `${vaccine} vaccine at the ${town} clinic`,
        summary: `Who should get the ${vaccine} vaccine, whether insurance covers it, and how to get it in ${town}.`,
        category: 'your-care',
        body: `The ${vaccine} vaccine is given at the ${town} clinic ${pick(['during any visit', 'at our vaccine clinic on Wednesdays', 'by appointment'])}.\n\n## Who should get it\n\n${pick(['Your provider can tell you if it is right for you.', 'It is recommended for most adults at certain ages.', 'Children get it as part of their regular checkups.'])}\n\n## Cost\n\nMost insurance plans cover it with no copay. Bring your insurance card. If you have no insurance, ask about our low-cost vaccine program.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [vaccine, vaccineEs] = vaccines[i % vaccines.length]!;
      const town = towns[Math.floor(i / vaccines.length) % towns.length]!;
      return {
        slug: slugOf(`${vaccine}-vaccine-${town}`),
        title: `Vacuna de ${vaccineEs} en la clínica de ${town}`,
        summary: `Quién debe ponerse la vacuna de ${vaccineEs}, si el seguro la cubre y cómo ponérsela en ${town}.`,
        category: 'your-care',
        body: `La vacuna de ${vaccineEs} se pone en la clínica de ${town} ${pick(['en cualquier consulta', 'los miércoles', 'con cita'])}.\n\n## Quién debe ponérsela\n\nSu médico le puede decir si es para usted.\n\n## Costo\n\nLa mayoría de los seguros la cubren sin copago. Traiga su tarjeta del seguro.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: conditions.length,
    en: (pick, i) => {
      const [condition] = conditions[i]!;
      return {
        slug: slugOf(`living-with-${condition}`),
        title: `Care for ${condition} at Riverside`,
        summary: `The visits, classes and support we offer for people living with ${condition}.`,
        category: 'your-care',
        body: `Many of our patients live with ${condition}. Your care team works with you on a plan that fits your life.\n\n## What we offer\n\n- Regular visits with your primary care provider\n- ${pick(['A nurse who checks in by phone between visits', 'Classes in English and Spanish', 'Help getting your medicines at a lower cost'])}\n- Referrals to a specialist when you need one\n\n## Between visits\n\nSend questions through the patient portal. If your symptoms get worse, call the nurse line at (508) 555-0111, day or night.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [condition, conditionEs] = conditions[i]!;
      return {
        slug: slugOf(`living-with-${condition}`),
        title: `Atención para ${conditionEs} en Riverside`,
        summary: `Las consultas, clases y apoyo que ofrecemos a personas que viven con ${conditionEs}.`,
        category: 'your-care',
        body: `Muchos de nuestros pacientes viven con ${conditionEs}. Su equipo de atención hace un plan con usted.\n\n## Lo que ofrecemos\n\n- Consultas con su médico de cabecera\n- Clases en inglés y en español\n- Referidos a un especialista cuando lo necesite\n\n## Entre consultas\n\nMande sus preguntas por el portal del paciente. Si se siente peor, llame a la línea de enfermería al (508) 555-0111.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: billingTerms.length,
    en: (pick, i) => {
      const [term] = billingTerms[i]!;
      return {
        slug: slugOf(`billing-term-${term}`),
        title: `What does "${term}" mean on my statement?`,
        summary: `A plain explanation of "${term}" on a Riverside statement, and who to call if it looks wrong.`,
        category: 'billing',
        body: `Your statement lists each visit with its charges, what insurance paid, and what is left for you. One line may say "${term}".\n\n## What it means\n\n${pick(['It is part of what your insurance plan asks you to pay yourself.', 'It is an amount we changed after your insurance reviewed the claim.', 'It tells you the claim is still with your insurance company.'])}\n\n## If it looks wrong\n\nCall billing at (508) 555-0120, Monday to Friday, 8 am to 5 pm. Have your account number ready; it is at the top of the statement.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [term, termEs] = billingTerms[i]!;
      return {
        slug: slugOf(`billing-term-${term}`),
        title: `¿Qué quiere decir "${termEs}" en mi estado de cuenta?`,
        summary: `Qué es "${termEs}" en un estado de cuenta de Riverside y a quién llamar si algo está mal.`,
        category: 'billing',
        body: `Su estado de cuenta muestra cada consulta, lo que pagó el seguro y lo que le queda a usted. Una línea puede decir "${termEs}".\n\n## Qué quiere decir\n\n${pick(['Es parte de lo que su plan le pide pagar a usted.', 'Es una cantidad que cambiamos después de que el seguro revisó el reclamo.'])}\n\n## Si algo está mal\n\nLlame a facturación al (508) 555-0120, de lunes a viernes, de 8 am a 5 pm.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: portalTasks.length,
    en: (pick, i) => {
      const [task] = portalTasks[i]!;
      return {
        slug: slugOf(`portal-how-to-${task}`),
        title: `How to ${task} in the patient portal`,
        summary: `Step by step: ${task} in the Riverside patient portal, on a phone or a computer.`,
        category: 'portal',
        body: `You can ${task} in the patient portal at /portal.\n\n## Steps\n\n1. Sign in with the code we send to your phone or email.\n2. Open the menu and choose ${pick(['My account', 'My health', 'Settings'])}.\n3. ${pick(['Make the change and press Save.', 'Choose what you need and press Done.'])}\n\nThe change shows up right away. ${pick(['If you act for a child or a parent, switch to their record first.', 'On a phone, the menu is the button at the top left.'])}\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [task, taskEs] = portalTasks[i]!;
      return {
        slug: slugOf(`portal-how-to-${task}`),
        title: `Cómo ${taskEs} en el portal del paciente`,
        summary: `Paso a paso: ${taskEs} en el portal del paciente de Riverside, en el teléfono o la computadora.`,
        category: 'portal',
        body: `Puede ${taskEs} en el portal del paciente en /portal.\n\n## Pasos\n\n1. Entre con el código que le mandamos al teléfono o al correo.\n2. Abra el menú y escoja ${pick(['Mi cuenta', 'Mi salud', 'Configuración'])}.\n3. Haga el cambio y oprima Guardar.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: forms.length,
    en: (pick, i) => {
      const [form] = forms[i]!;
      return {
        slug: slugOf(`form-${form}`),
        title: `Getting a ${form} filled out`,
        summary: `Send us the ${form} with your part done; your provider fills in the rest within ${pick(['5', '7', '10'])} business days.`,
        category: 'records',
        body: `We can fill out a ${form} for you.\n\n## How to ask\n\nFill in your part first, then send the form through the patient portal or drop it off at the front desk. ${pick(['Some forms need a visit first if we have not seen you in the last year.', 'There is no fee for most forms.'])}\n\n## How long it takes\n\nAllow ${pick(['5', '7', '10'])} business days. We tell you in the portal when it is ready.\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [form, formEs] = forms[i]!;
      return {
        slug: slugOf(`form-${form}`),
        title: `Cómo conseguir que le llenen un ${formEs}`,
        summary: `Mándenos el ${formEs} con su parte llena; su médico llena el resto en unos días hábiles.`,
        category: 'records',
        body: `Podemos llenar un ${formEs} para usted.\n\n## Cómo pedirlo\n\nLlene su parte primero y mándelo por el portal del paciente o déjelo en la recepción.\n\n## Cuánto tarda\n\nCuente de 5 a 10 días hábiles.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: classes.length * 40,
    en: (pick, i) => {
      const [name] = classes[i % classes.length]!;
      const town = towns[Math.floor(i / classes.length) % towns.length]!;
      return {
        slug: slugOf(`class-${name}-${town}`),
        title: `${name[0]!.toUpperCase()}${name.slice(1)} class in ${town}`,
        summary: `A free ${name} class at the ${town} clinic, ${pick(['monthly', 'every other week', 'in the spring and fall'])}. Family members are welcome.`,
        category: 'about',
        body: `Join our ${name} class at the ${town} clinic.\n\n## When and where\n\n${pick(['The first Tuesday of each month, 6 to 7:30 pm.', 'Every other Saturday, 10 to 11 am.', 'Wednesdays at noon, in the community room.'])}\n\nThe class is free. ${pick(['Sign up in the patient portal or call the front desk.', 'No need to sign up; just come.'])}\n\n${pick(closing.en)}`,
      };
    },
    es: (pick, i) => {
      const [name, nameEs] = classes[i % classes.length]!;
      const town = towns[Math.floor(i / classes.length) % towns.length]!;
      return {
        slug: slugOf(`class-${name}-${town}`),
        title: `Clase de ${nameEs} en ${town}`,
        summary: `Una clase gratis de ${nameEs} en la clínica de ${town}. Su familia es bienvenida.`,
        category: 'about',
        body: `Venga a nuestra clase de ${nameEs} en la clínica de ${town}.\n\n## Cuándo y dónde\n\n${pick(['El primer martes de cada mes, de 6 a 7:30 pm.', 'Los miércoles al mediodía, en el salón comunitario.'])}\n\nLa clase es gratis. Inscríbase en el portal del paciente o llame a la recepción.\n\n${pick(closing.es)}`,
      };
    },
  },
  {
    count: procedures.length * 15,
    en: (pick, i) => {
      const procedure = procedures[i % procedures.length]!;
      const town = towns[Math.floor(i / procedures.length) % towns.length]!;
      return {
        slug: slugOf(`staff-${procedure}-${town}`),
        title: `How do I ${procedure} at ${town}?`,
        summary: `The steps for staff at the ${town} clinic to ${procedure}.`,
        category: 'internal-procedures',
        audience: 'internal',
        body: `This procedure is for staff at the ${town} clinic.\n\n## Steps\n\n1. Check the patient's identity with two identifiers before you share anything.\n2. ${pick(['Note what you did in the conversation timeline.', 'Ask your supervisor if anything is unclear.'])}\n3. ${pick(['Close the task in the desk when you are done.', 'Tell the patient what happens next and when.'])}\n\nQuestions go to the ${pick(['front desk lead', 'practice manager', 'billing supervisor'])}.`,
      };
    },
    es: (pick, i) => {
      const procedure = procedures[i % procedures.length]!;
      const town = towns[Math.floor(i / procedures.length) % towns.length]!;
      return {
        slug: slugOf(`staff-${procedure}-${town}`),
        title: `Procedimiento del personal de ${town}: ${procedure}`,
        summary: `Los pasos para el personal de la clínica de ${town}.`,
        category: 'internal-procedures',
        audience: 'internal',
        body: `Este procedimiento es para el personal de la clínica de ${town}.\n\n## Pasos\n\n1. Verifique la identidad del paciente con dos datos.\n2. ${pick(['Anote lo que hizo en la conversación.', 'Pregunte a su supervisor si algo no está claro.'])}\n\nLas preguntas van al ${pick(['líder de recepción', 'gerente de la clínica'])}.`,
      };
    },
  },
];

/**
 * `count` articles: each topic's English pages, most with a Spanish translation, in turns
 * until there are enough; about one in twenty stays a draft.
 */
export function articleVariants(count: number, seed = 5000): ArticleVariant[] {
  const random = seededRandom(seed);
  const pick: Pick = (list) => list[Math.floor(random() * list.length)]!;
  const articles: ArticleVariant[] = [];
  const seen = new Set<string>();
  for (let round = 0; articles.length < count && round < 100; round++) {
    for (const topic of topics) {
      for (let index = 0; index < topic.count && articles.length < count; index++) {
        for (const language of ['en', 'es'] as const) {
          if (articles.length >= count) break;
          if (language === 'es' && random() < 0.25) continue;
          const made = topic[language](pick, index + round * topic.count);
          const paragraphs = [...moreHelp[language]]
            .sort(() => random() - 0.5)
            .slice(0, 3 + Math.floor(random() * 4));
          made.body += `\n\n## ${language === 'es' ? 'Más ayuda' : 'More help'}\n\n${paragraphs.join('\n\n')}`;
          const slug = round === 0 ? made.slug : `${made.slug}-${round + 1}`;
          if (seen.has(`${language}:${slug}`)) continue;
          seen.add(`${language}:${slug}`);
          articles.push({
            ...made,
            slug,
            language,
            audience: made.audience ?? 'public',
            status: random() < 0.05 ? 'draft' : 'published',
          });
        }
      }
    }
  }
  return articles;
}
