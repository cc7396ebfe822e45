/** The widget's words, in the languages the clinic's patients read (it has no i18n library: size). */
export const widgetTexts = {
  en: {
    open: 'Chat with us',
    close: 'Close the chat',
    title: 'Message {clinic}',
    online: 'We are here and will answer shortly.',
    offline: 'No one is online right now. Leave your email or phone and we will answer you there.',
    notForEmergencies: 'Not for emergencies: call 911 or your local emergency number.',
    placeholder: 'Write your message',
    send: 'Send',
    sending: 'Sending…',
    sendFailed: 'Your message was not sent. Check your connection and press Send again.',
    typing: '{clinic} is typing…',
    you: 'You',
    clinic: '{clinic}',
    assistant: 'Assistant',
    helpedYes: 'Yes',
    helpedNo: 'No',
    askPerson: 'Talk to a person',
    resolved: 'This conversation is closed. Write again to start a new one.',
    later: 'Leave your email or phone to be told when we answer',
    laterSaved:
      'Thank you. If you leave this page, we will tell you there when we answer (the answer stays here).',
    name: 'Your name',
    email: 'Email',
    phone: 'Phone',
    save: 'Save',
    cancel: 'Cancel',
    laterNeedsOne: 'Give an email address or a phone number.',
    signedIn: 'You are signed in to the patient portal: your messages are secure and go to your care team.',
    portalLink: 'Sign in to the patient portal for messages about your health',
    unread: 'new messages',
    log: 'Conversation',
    about: 'About',
    helpSearch: 'Search our help articles',
    helpExample: 'For example: parking, refills, bills',
    helpGo: 'Search',
    helpFound: 'Articles that may answer your question (each opens in a new tab):',
    helpNone: 'No article matches those words. Try other words, or write to us below.',
    helpFailed: 'The search did not work. Try again in a moment, or write to us below.',
  },
  es: {
    open: 'Chatee con nosotros',
    close: 'Cerrar el chat',
    title: 'Escriba a {clinic}',
    online: 'Estamos aquí y le responderemos en breve.',
    offline: 'No hay nadie en línea ahora. Déjenos su correo o teléfono y le responderemos allí.',
    notForEmergencies: 'No es para emergencias: llame al 911 o al número de emergencias local.',
    placeholder: 'Escriba su mensaje',
    send: 'Enviar',
    sending: 'Enviando…',
    sendFailed: 'Su mensaje no se envió. Revise su conexión y pulse Enviar de nuevo.',
    typing: '{clinic} está escribiendo…',
    you: 'Usted',
    clinic: '{clinic}',
    assistant: 'Asistente',
    helpedYes: 'Sí',
    helpedNo: 'No',
    askPerson: 'Hablar con una persona',
    resolved: 'Esta conversación está cerrada. Escriba de nuevo para empezar otra.',
    later: 'Deje su correo o teléfono para avisarle cuando respondamos',
    laterSaved:
      'Gracias. Si deja esta página, le avisaremos allí cuando respondamos (la respuesta queda aquí).',
    name: 'Su nombre',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    save: 'Guardar',
    cancel: 'Cancelar',
    laterNeedsOne: 'Indique un correo electrónico o un número de teléfono.',
    signedIn: 'Ha iniciado sesión en el portal: sus mensajes son seguros y llegan a su equipo de atención.',
    portalLink: 'Inicie sesión en el portal del paciente para mensajes sobre su salud',
    unread: 'mensajes nuevos',
    log: 'Conversación',
    about: 'Sobre',
    helpSearch: 'Buscar en nuestros artículos de ayuda',
    helpExample: 'Por ejemplo: estacionamiento, recetas, facturas',
    helpGo: 'Buscar',
    helpFound: 'Artículos que pueden responder a su pregunta (cada uno se abre en una pestaña nueva):',
    helpNone: 'Ningún artículo coincide con esas palabras. Pruebe con otras o escríbanos abajo.',
    helpFailed: 'La búsqueda no funcionó. Inténtelo de nuevo en un momento o escríbanos abajo.',
  },
} as const;

export type WidgetLanguage = keyof typeof widgetTexts;
export type WidgetText = keyof (typeof widgetTexts)['en'];

export function widgetLanguage(
  requested: string | null | undefined,
  browser: readonly string[],
): WidgetLanguage {
  const wanted = [requested ?? '', ...browser].map((tag) => tag.toLowerCase().slice(0, 2));
  return (wanted.find((tag): tag is WidgetLanguage => tag in widgetTexts) ?? 'en') as WidgetLanguage;
}

export function translate(language: WidgetLanguage, key: WidgetText, clinic: string): string {
  return widgetTexts[language][key].replaceAll('{clinic}', clinic);
}
