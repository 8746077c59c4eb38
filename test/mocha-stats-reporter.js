// Mocha's spec reporter plus one JSON line of counts per run appended to $TEST_STATS_FILE, which
// scripts/test-all.mjs reads to print its per-stage table (suite name from $TEST_STATS_SUITE).
'use strict';
const { appendFileSync } = require('node:fs');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class StatsSpecReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.TEST_STATS_FILE;
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      const suite = process.env.TEST_STATS_SUITE ?? 'mocha';
      appendFileSync(file, `${JSON.stringify({ suite, passes, failures, pending })}\n`);
    });
  }
}

module.exports = StatsSpecReporter;
