import { LruMap } from './lru-map.js';

describe('LruMap', () => {
  it('forgets the least recently set key beyond its bound', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect([...map]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    expect(map.get('a')).toBeUndefined();
  });

  it('counts a read as use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([...map]).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
  });

  it('counts a rewrite as use, without growing', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect([...map]).toEqual([
      ['a', 10],
      ['c', 3],
    ]);
    expect(map.size).toBe(2);
  });

  it('does not count has() as use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.has('a')).toBe(true);
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
  });

  it('reports the first eviction once, not every evicted entry', () => {
    let reports = 0;
    const map = new LruMap<number, number>(3, () => reports++);
    for (let key = 0; key < 3; key++) map.set(key, key);
    expect(reports).toBe(0);
    for (let key = 3; key < 10; key++) map.set(key, key);
    expect(reports).toBe(1);
    expect(map.size).toBe(3);
  });

  it('frees room on delete', () => {
    let reports = 0;
    const map = new LruMap<string, number>(1, () => reports++);
    map.set('a', 1);
    expect(map.delete('a')).toBe(true);
    map.set('b', 2);
    expect(reports).toBe(0);
    expect([...map.values()]).toEqual([2]);
  });
});
