import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../lib/emulator/apisix-admin/index.js';
import { loadRecording, replayScenario } from '../unit/emulator/transcript-support.js';

const ADMIN_KEY = 'transcript-admin-key';

describe.each(['3.13.0', '3.18.0'])('emulator replaying the APISIX %s recording', (version) => {
  const scenarios = loadRecording(version);
  let apisix: EmulatorHandle;
  const tally = { matched: 0, compared: 0 };

  beforeAll(async () => {
    apisix = await startEmulator({ version, adminKey: ADMIN_KEY });
  });
  afterAll(async () => {
    await apisix.close();
    process.stdout.write(
      `transcripts ${version}: ${tally.matched}/${tally.compared} steps match\n`,
    );
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    'answers scenario %s like APISIX',
    async (_name, scenario) => {
      // Prepare: every scenario starts from a fresh store, as the recordings did.
      apisix.reset();
      // Act
      const results = await replayScenario(apisix.url, ADMIN_KEY, scenario);
      // Assess
      const failures = results
        .filter((r) => r.mismatches.length > 0)
        .map((r) => `#${r.index} ${r.mismatches.join('; ')}`);
      const compared = results.filter((r) => !r.skipped).length;
      tally.compared += compared;
      tally.matched += compared - failures.length;
      expect(failures).toEqual([]);
    },
  );
});
