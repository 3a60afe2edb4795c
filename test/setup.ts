// Global test setup: keep test output readable. Logs are JSON lines on stdout; tests that
// assert on logs capture them explicitly through the logger's sink.
process.env.POWERTOOLS_DEV ??= 'false';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.APISYNC_LOG_LEVEL ??= 'silent';
