import { foldWord } from './query-words.ts';

/**
 * Patients and clinics name the same thing differently: a patient asks about a "bill" or a
 * "shot", the article says "statement" or "vaccine"; a Spanish speaker writes "aseguranza" for
 * "seguro". Each group holds words and short phrases that mean the same to a patient, in both
 * languages (a group may mix them: each article's own stemmer reads every alternative, and the
 * ones of the other language simply match nothing). An organisation adds its own groups
 * (table `knowledge_synonyms`). Kept to plain equivalents: a loose group ("plan" with
 * "insurance") would pull unrelated articles up.
 */
export const builtInSynonyms: readonly (readonly string[])[] = [
  // Bills and money
  ['bill', 'bills', 'statement', 'statements', 'invoice', 'factura', 'facturas', 'cobro', 'cobros'],
  ['billing', 'facturacion', 'cobranza'],
  ['balance', 'amount due', 'owe', 'saldo', 'deuda', 'debo'],
  ['pay', 'payment', 'payments', 'paying', 'pagar', 'pago', 'pagos'],
  ['payment plan', 'plan de pagos', 'monthly payments', 'pagos mensuales'],
  ['cost', 'costs', 'price', 'estimate', 'how much', 'costo', 'precio', 'cuanto cuesta', 'presupuesto'],
  ['copay', 'copayment', 'co pay', 'copago'],
  ['deductible', 'deducible'],
  ['insurance', 'insurer', 'coverage', 'seguro', 'seguro medico', 'aseguranza', 'aseguransa', 'cobertura'],
  ['uninsured', 'no insurance', 'self pay', 'sin seguro'],
  [
    'financial assistance',
    'financial aid',
    'charity care',
    'sliding scale',
    'help paying',
    'ayuda financiera',
    'ayuda para pagar',
  ],
  ['explanation of benefits', 'eob'],
  ['collections', 'collection agency', 'agencia de cobranza'],
  // Medicines
  [
    'prescription',
    'prescriptions',
    'medication',
    'medications',
    'medicine',
    'medicines',
    'meds',
    'pills',
    'rx',
    'receta',
    'recetas',
    'medicina',
    'medicinas',
    'medicamento',
    'medicamentos',
    'pastillas',
    'inhaler',
    'inhalers',
    'insulin',
    'inhalador',
    'insulina',
  ],
  [
    'refill',
    'refills',
    'renew',
    'renewal',
    'run out',
    'ran out',
    'running out',
    'reposicion',
    'resurtir',
    'surtir',
    'rellenar',
    'se me acabo',
    'se me acabaron',
  ],
  ['pharmacy', 'drugstore', 'farmacia'],
  // Records, forms, privacy
  ['chart', 'records', 'medical records', 'health records', 'expediente', 'historial', 'historial medico'],
  ['form', 'forms', 'paperwork', 'formulario', 'formularios', 'papeles', 'planilla'],
  ['letter', 'doctor note', 'doctors note', 'work note', 'school note', 'carta', 'nota medica'],
  ['copy', 'copies', 'copia', 'copias'],
  [
    'mistake',
    'mistakes',
    'error',
    'wrong',
    'incorrect',
    'correct',
    'correction',
    'fix',
    'amend',
    'amendment',
    'corregir',
    'corrijo',
    'equivocado',
    'equivocada',
  ],
  ['privacy', 'hipaa', 'confidential', 'confidentiality', 'privacidad', 'confidencialidad'],
  // People
  ['doctor', 'doctors', 'doc', 'dr', 'provider', 'providers', 'physician', 'clinician', 'medico', 'doctora'],
  ['nurse', 'nurses', 'enfermera', 'enfermero'],
  ['specialist', 'specialists', 'especialista', 'especialistas'],
  ['proxy', 'caregiver', 'guardian', 'on behalf', 'apoderado', 'representante', 'cuidador', 'tutor'],
  ['child', 'children', 'kid', 'kids', 'son', 'daughter', 'hijo', 'hija', 'hijos', 'nino', 'nina', 'menor'],
  ['parent', 'parents', 'mom', 'dad', 'mother', 'father', 'mama', 'papa', 'padre', 'madre'],
  ['baby', 'infant', 'newborn', 'bebe', 'recien nacido'],
  ['interpreter', 'translator', 'interpretation', 'interprete', 'traductor', 'traduccion'],
  // Visits
  [
    'appointment',
    'appointments',
    'appt',
    'visit',
    'visits',
    'cita',
    'citas',
    'consulta',
    'consultas',
    'turno',
  ],
  ['reschedule', 'rebook', 'move my appointment', 'cambiar la cita', 'reprogramar'],
  ['cancel', 'cancellation', 'cancelation', 'cancelar', 'cancelacion'],
  ['no show', 'missed', 'miss', 'falte', 'faltar'],
  ['late', 'tarde', 'retraso', 'atrasado'],
  ['checkup', 'check up', 'physical', 'annual exam', 'wellness visit', 'chequeo', 'examen fisico'],
  [
    'video visit',
    'telehealth',
    'telemedicine',
    'virtual visit',
    'video call',
    'online visit',
    'consulta por video',
    'videollamada',
    'telemedicina',
    'virtual',
  ],
  ['new patient', 'new patients', 'establish care', 'paciente nuevo', 'pacientes nuevos'],
  ['walk in', 'walkin', 'without an appointment', 'sin cita'],
  ['waitlist', 'waiting list', 'lista de espera'],
  ['referral', 'referrals', 'referred', 'refer', 'referido', 'referencia', 'remision'],
  ['sick', 'ill', 'enfermo', 'enferma'],
  // Tests, shots and care
  [
    'shot',
    'shots',
    'vaccine',
    'vaccines',
    'vaccination',
    'immunization',
    'immunizations',
    'jab',
    'vacuna',
    'vacunas',
    'inyeccion',
    'vacunacion',
  ],
  ['flu', 'influenza', 'gripe', 'gripa'],
  [
    'lab',
    'labs',
    'laboratory',
    'lab work',
    'blood work',
    'bloodwork',
    'blood test',
    'laboratorio',
    'analisis de sangre',
    'examen de sangre',
  ],
  ['blood draw', 'draw blood', 'blood drawn', 'sacar sangre', 'extraccion de sangre'],
  ['fast', 'fasting', 'ayunas', 'ayuno'],
  ['results', 'result', 'resultados', 'resultado'],
  ['test', 'tests', 'exam', 'prueba', 'pruebas', 'examen', 'examenes', 'estudios'],
  ['xray', 'x ray', 'imaging', 'radiografia', 'rayos x'],
  ['pregnant', 'pregnancy', 'embarazada', 'embarazo'],
  ['emergency', 'emergencies', 'emergencia', 'emergencias', 'urgencia', 'urgencias'],
  ['emergency room', 'er', 'sala de emergencias'],
  [
    'after hours',
    'afterhours',
    'out of hours',
    'when you are closed',
    'when the clinic is closed',
    'on call',
    'nurse line',
    'fuera de horario',
    'linea de enfermeria',
  ],
  // Getting here and access
  [
    'hours',
    'opening hours',
    'open',
    'closing time',
    'horario',
    'horarios',
    'abre',
    'abren',
    'abrir',
    'abierto',
    'abierta',
  ],
  ['holiday', 'holidays', 'feriado', 'feriados', 'festivo', 'dia festivo'],
  ['parking', 'park', 'garage', 'estacionamiento', 'estacionar', 'estaciono', 'parqueo', 'parquear'],
  ['address', 'location', 'locations', 'directions', 'direccion', 'ubicacion', 'como llegar', 'donde quedan'],
  ['bus', 'transit', 'public transportation', 'autobus', 'camion', 'transporte publico'],
  [
    'wheelchair',
    'walker',
    'disability',
    'handicap',
    'accessible',
    'silla de ruedas',
    'andadera',
    'discapacidad',
  ],
  ['deaf', 'hard of hearing', 'sign language', 'asl', 'sordo', 'sorda', 'lenguaje de senas'],
  ['blind', 'low vision', 'ciego', 'ciega'],
  // Portal and contact
  ['portal', 'mychart', 'patient portal', 'app', 'portal del paciente'],
  ['sign in', 'log in', 'login', 'signin', 'logon', 'entrar', 'iniciar sesion', 'acceder', 'ingresar'],
  [
    'sign up',
    'signup',
    'register',
    'enroll',
    'create an account',
    'inscribirme',
    'inscribirse',
    'registrarme',
    'registrarse',
  ],
  ['password', 'contrasena', 'clave'],
  ['locked out', 'locked', 'bloqueado', 'bloqueada', 'bloquearon'],
  ['code', 'verification code', 'codigo'],
  ['complaint', 'complaints', 'complain', 'grievance', 'queja', 'quejas', 'reclamo', 'quejarme'],
  [
    'compliment',
    'compliments',
    'thank you note',
    'say thank you',
    'thank the',
    'felicitar',
    'agradecer',
    'dar las gracias',
    'elogio',
  ],
  ['phone', 'call', 'telephone', 'telefono', 'llamar'],
  ['text', 'texting', 'sms', 'text message', 'mensaje de texto'],
  ['email', 'e mail', 'correo', 'correo electronico'],
];

/** A synonym group with its terms as word lists (folded), ready to match a question. */
export interface SynonymGroup {
  terms: string[][];
}

/** Folds and splits each term; groups from an organisation come in as people typed them. */
export function prepareSynonymGroups(groups: readonly (readonly string[])[]): SynonymGroup[] {
  return groups.map((terms) => ({
    terms: terms
      .map((term) => foldWord(term).match(/[\p{L}\p{N}]+/gu) ?? [])
      .filter((words) => words.length > 0),
  }));
}

const builtIn = prepareSynonymGroups(builtInSynonyms);

/** The built-in groups, folded (organisations' groups are added per search). */
export function builtInSynonymGroups(): SynonymGroup[] {
  return builtIn;
}

/** "bills" is "bill", "vacunas" is "vacuna": a plural typed matches a singular listed, and back. */
function sameWord(typed: string, listed: string): boolean {
  if (typed === listed) return true;
  for (const ending of ['s', 'es']) {
    if (typed === listed + ending || listed === typed + ending) return true;
  }
  return false;
}

/** Where a term's words start in `words`, or -1. */
function findTerm(words: readonly string[], term: readonly string[]): number {
  for (let start = 0; start + term.length <= words.length; start++) {
    if (term.every((word, offset) => sameWord(words[start + offset]!, word))) return start;
  }
  return -1;
}

/** One thing the patient asked about: the words they typed and every way to say it. */
export interface Concept {
  /** Positions in the question's word list this concept covers. */
  positions: number[];
  /** Alternatives, each one word or a phrase (a list of words). The first is what was typed. */
  alternatives: string[][];
}

/**
 * Groups the words of a question into concepts: a phrase or word found in a synonym group
 * becomes one concept with all the group's terms (longest phrases first, so "blood work" is one
 * concept, not "blood" and "work"); every other word is its own concept.
 */
export function conceptsOf(words: readonly string[], groups: readonly SynonymGroup[]): Concept[] {
  const covered = new Map<number, Concept>();
  const candidates = groups
    .flatMap((group) => group.terms.map((term) => ({ group, term })))
    .sort((a, b) => b.term.length - a.term.length);
  for (const { group, term } of candidates) {
    const start = findTerm(words, term);
    if (start < 0) continue;
    const positions = term.map((_, offset) => start + offset);
    // A word already read as part of a longer phrase ("help paying") is not read again alone.
    if (positions.some((position) => covered.has(position))) continue;
    const concept: Concept = { positions, alternatives: [words.slice(start, start + term.length)] };
    for (const alternative of group.terms) {
      if (!concept.alternatives.some((known) => known.join(' ') === alternative.join(' ')))
        concept.alternatives.push(alternative);
    }
    for (const position of positions) covered.set(position, concept);
  }
  const concepts: Concept[] = [];
  for (const [position, word] of words.entries()) {
    const concept = covered.get(position);
    if (concept) {
      if (!concepts.includes(concept)) concepts.push(concept);
    } else concepts.push({ positions: [position], alternatives: [[word]] });
  }
  return concepts;
}
