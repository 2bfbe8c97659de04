// `npm test` runs this first, so a machine without Chromium learns how to get one in a second,
// not after the type check, lint and unit tests have run for minutes.
import { findChromium } from './lib/find-chromium';

try {
  console.log(`Browser tests will use ${findChromium()}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
