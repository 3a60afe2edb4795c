/**
 * One case per differ behaviour pinned by ADC's unit tests (reference adc.md §5.2) and per
 * behaviour read from its code (§4), adapted to the flat resource model; the tables live in
 * test/fixtures/differ/adc-cases-*.ts. Where apisync deliberately differs from ADC the case name
 * says so.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../../../lib/differ/index.js';
import {
  basicCases,
  consumerCases,
  idCases,
  nestedCases,
} from '../../fixtures/differ/adc-cases-core.js';
import { codeCases, upstreamCases, useCases } from '../../fixtures/differ/adc-cases-upstream.js';
import { deepFreeze } from '../../fixtures/differ/resources.js';

describe('diff', () => {
  describe.each([
    ['basic', basicCases],
    ['nested resources', nestedCases],
    ['consumers and credentials', consumerCases],
    ['custom ids', idCases],
    ['service upstreams', upstreamCases],
    ['use cases', useCases],
    ['behaviours read from ADC code', codeCases],
  ])('%s', (_group, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      // Prepare: frozen inputs prove the differ never mutates them.
      const desired = deepFreeze(structuredClone(c.desired));
      const live = deepFreeze(structuredClone(c.live));

      // Act
      const events = diff(desired, live, c.options);

      // Assess
      expect(events).toEqual(c.expected);
    });
  });
});
