import { graphCallKindOf } from './graph-call-kind.js';
import { buildMarkRead, buildText } from './outbound-message.builders.js';

const to = '15551234567';
const message = (type: string) => ({ messaging_product: 'whatsapp' as const, to, type });

describe('graphCallKindOf', () => {
  it.each`
    case              | body                                          | kind
    ${'text'}         | ${buildText(to, 'hello')}                     | ${'text'}
    ${'interactive'}  | ${message('interactive')}                     | ${'interactive'}
    ${'image'}        | ${message('image')}                           | ${'media'}
    ${'video'}        | ${message('video')}                           | ${'media'}
    ${'audio'}        | ${message('audio')}                           | ${'media'}
    ${'document'}     | ${message('document')}                        | ${'media'}
    ${'sticker'}      | ${message('sticker')}                         | ${'media'}
    ${'template'}     | ${message('template')}                        | ${'template'}
    ${'reaction'}     | ${message('reaction')}                        | ${'reaction'}
    ${'location'}     | ${message('location')}                        | ${'location'}
    ${'contacts'}     | ${message('contacts')}                        | ${'contacts'}
    ${'read receipt'} | ${buildMarkRead('wamid.X')}                   | ${'read_receipt'}
    ${'typing'}       | ${buildMarkRead('wamid.X', { typing: true })} | ${'typing'}
    ${'unknown type'} | ${message('15551234567')}                     | ${'other'}
    ${'no type'}      | ${{ messaging_product: 'whatsapp', to }}      | ${'other'}
  `('$case → $kind', ({ body, kind }) => expect(graphCallKindOf(body)).toBe(kind));
});
