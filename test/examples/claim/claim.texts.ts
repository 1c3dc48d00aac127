import { defineTexts } from '../../../src/flows/core/index.js';

export const CLAIM_TEXTS = defineTexts({
  en: {
    title: 'Claim',
    askName: 'Let us file your claim. What is your full name?',
    askEmail: 'Your email address?',
    badEmail: 'That is not an email address (like name@example.com). Please try again.',
    askOrder: 'Your order number (like A-12345)?',
    badOrder: 'An order number looks like A-12345. Please try again.',
    askReceipt: 'Last step: send a photo or a PDF of the receipt. 📷',
    gaveUp: 'Let us stop here. Send *menu* to start again.',
    done: (order: string, reference: string) => `Thank you! Claim ${order} is filed (receipt ${reference}).`,
  },
  es: {
    title: 'Reclamar',
    askName: 'Vamos a registrar tu reclamación. ¿Cuál es tu nombre completo?',
    askEmail: '¿Tu correo electrónico?',
    badEmail: 'Eso no es un correo (como nombre@ejemplo.com). Inténtalo de nuevo.',
    askOrder: '¿Tu número de pedido (como A-12345)?',
    badOrder: 'Un número de pedido es como A-12345. Inténtalo de nuevo.',
    askReceipt: 'Último paso: envía una foto o un PDF del recibo. 📷',
    gaveUp: 'Lo dejamos aquí. Envía *menú* para empezar de nuevo.',
    done: (order: string, reference: string) =>
      `¡Gracias! La reclamación ${order} está registrada (recibo ${reference}).`,
  },
});
