import { describe, expect, it } from 'vitest';
import { createDeliveryCache } from '../../../lib/webhook/index.js';

describe('createDeliveryCache', () => {
  it('remembers a key only once its hand-off is committed', () => {
    const cache = createDeliveryCache();
    cache.begin('a');
    expect(cache.seen('a')).toBe(true);
    expect(cache.size).toBe(0);
    cache.commit('a');
    expect(cache.seen('a')).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('forgets an aborted hand-off so a redelivery can go through', () => {
    const cache = createDeliveryCache();
    cache.begin('a');
    cache.abort('a');
    expect(cache.seen('a')).toBe(false);
  });

  it('evicts the least recently seen key beyond its bound', () => {
    // Prepare
    const cache = createDeliveryCache({ maxEntries: 2 });
    cache.commit('a');
    cache.commit('b');
    // Act: touching "a" makes "b" the oldest
    expect(cache.seen('a')).toBe(true);
    cache.commit('c');
    // Assess
    expect(cache.size).toBe(2);
    expect([cache.seen('a'), cache.seen('b'), cache.seen('c')]).toEqual([true, false, true]);
  });

  it('stays bounded under many deliveries', () => {
    const cache = createDeliveryCache({ maxEntries: 100 });
    for (let i = 0; i < 1000; i += 1) cache.commit(`k${i}`);
    expect(cache.size).toBe(100);
    expect(cache.seen('k0')).toBe(false);
    expect(cache.seen('k999')).toBe(true);
  });

  it('clears everything', () => {
    const cache = createDeliveryCache();
    cache.commit('a');
    cache.begin('b');
    cache.clear();
    expect([cache.seen('a'), cache.seen('b'), cache.size]).toEqual([false, false, 0]);
  });
});
