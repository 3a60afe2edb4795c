import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { loadRecording, replayScenario } from '../unit/emulator/transcript-support.js';

const ADMIN_KEY = 'transcript-admin-key';

describe.each(['3.13.0', '3.18.0'])('emulator replaying the APISIX %s recording', (version) => {
  const scenarios = loadRecording(version);
  let apisix: EmulatorHandle;
  const tally = { matched: 0, compared: 0, envMatched: 0, envSpecific: 0 };

  beforeAll(async () => {
    apisix = await startEmulator({ version, adminKey: ADMIN_KEY });
  });
  afterAll(async () => {
    await apisix.close();
    process.stdout.write(
      `transcripts ${version}: ${tally.matched}/${tally.compared} steps match; ` +
        `${tally.envMatched}/${tally.envSpecific} environment-specific steps match in what is APISIX's\n`,
    );
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    'answers scenario %s like APISIX',
    async (_name, scenario) => {
      // Prepare: every scenario starts from a fresh store, as the recordings did.
      apisix.reset();
      // Act
      const results = await replayScenario(apisix.url, ADMIN_KEY, scenario, version);
      // Assess
      for (const r of results) {
        const ok = r.mismatches.length === 0 ? 1 : 0;
        if (r.skipped) {
          tally.envSpecific += 1;
          tally.envMatched += ok;
        } else {
          tally.compared += 1;
          tally.matched += ok;
        }
      }
      const failures = results
        .filter((r) => r.mismatches.length > 0)
        .map((r) => `#${r.index} ${r.mismatches.join('; ')}`);
      expect(failures).toEqual([]);
    },
  );
});

describe('the transcript replay', () => {
  it('reports the differences when the emulator runs another version', async () => {
    // Prepare: 3.13 injects plugin defaults and names itself APISIX/3.13.0; 3.18 does neither.
    const scenario = loadRecording('3.18.0').find((s) => s.name === 'plugin-defaults-route');
    const apisix = await startEmulator({ version: '3.13.0', adminKey: ADMIN_KEY });
    try {
      // Act
      const results = await replayScenario(
        apisix.url,
        ADMIN_KEY,
        scenario ?? { name: '', steps: [] },
        '3.18.0',
      );
      // Assess
      const lines = results.flatMap((r) => r.mismatches);
      expect(lines).toContainEqual(expect.stringContaining('header server'));
      expect(lines).toContainEqual(
        expect.stringContaining('body.value.plugins.limit-count.policy: unexpected'),
      );
    } finally {
      await apisix.close();
    }
  });
});
