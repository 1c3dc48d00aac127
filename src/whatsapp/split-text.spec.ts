import { splitText } from './split-text.js';

const length = (s: string) => [...s].length;

describe('splitText', () => {
  it('keeps short text whole', () => {
    expect(splitText('hello', 10)).toEqual(['hello']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('keeps text of exactly the limit whole', () => {
    const text = 'a'.repeat(4096);
    expect(splitText(text)).toEqual([text]);
  });

  it('splits at paragraph boundaries first', () => {
    expect(splitText('first paragraph\n\nsecond one', 20)).toEqual(['first paragraph', 'second one']);
  });

  it('splits at word boundaries when there is no paragraph', () => {
    const chunks = splitText('one two three four five six', 10);
    expect(chunks).toEqual(['one two', 'three four', 'five six']);
  });

  it('cuts inside a word only when it has no space', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('never exceeds the limit and loses no words on long text', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`);
    const chunks = splitText(words.join(' '));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(length(chunk)).toBeLessThanOrEqual(4096);
    expect(chunks.join(' ').split(' ')).toEqual(words);
  });

  it('counts emoji as single characters and never splits them', () => {
    const chunks = splitText('😀'.repeat(10), 4);
    expect(chunks).toEqual(['😀😀😀😀', '😀😀😀😀', '😀😀']);
  });
});
