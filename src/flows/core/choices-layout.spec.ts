import { choicesLayout } from './choices-layout.js';

const options = (count: number, title = (i: number) => `Option ${i}`) =>
  Array.from({ length: count }, (_, i) => ({ id: `o${i}`, title: title(i), description: `about ${i}` }));

describe('choicesLayout', () => {
  it.each`
    case                            | choices                                           | kind         | count | dropped
    ${'one option'}                 | ${options(1)}                                     | ${'buttons'} | ${1}  | ${undefined}
    ${'three options'}              | ${options(3)}                                     | ${'buttons'} | ${3}  | ${undefined}
    ${'four options'}               | ${options(4)}                                     | ${'list'}    | ${4}  | ${0}
    ${'ten options'}                | ${options(10)}                                    | ${'list'}    | ${10} | ${0}
    ${'twelve options'}             | ${options(12)}                                    | ${'list'}    | ${10} | ${2}
    ${'a 20-character title'}       | ${options(2, () => 'x'.repeat(20))}               | ${'buttons'} | ${2}  | ${undefined}
    ${'a 21-character title'}       | ${options(2, (i) => (i ? 'x'.repeat(21) : 'ok'))} | ${'list'}    | ${2}  | ${0}
    ${'20 emoji (40 UTF-16 units)'} | ${options(1, () => '😀'.repeat(20))}              | ${'buttons'} | ${1}  | ${undefined}
  `('$case → $kind of $count', ({ choices, kind, count, dropped }) => {
    const layout = choicesLayout(choices);
    expect(layout.kind).toBe(kind);
    expect(layout.kind === 'buttons' ? layout.buttons.length : layout.rows.length).toBe(count);
    expect(layout.kind === 'list' ? layout.dropped : undefined).toBe(dropped);
  });

  it('keeps ids and titles, and descriptions in lists only', () => {
    expect(choicesLayout(options(1))).toEqual({ kind: 'buttons', buttons: [{ id: 'o0', title: 'Option 0' }] });
    const list = choicesLayout(options(4));
    expect(list.kind === 'list' && list.rows[3]).toEqual({ id: 'o3', title: 'Option 3', description: 'about 3' });
  });
});
