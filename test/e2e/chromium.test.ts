// The visitor stories of test/e2e/stories in Chromium (playwright-core), as a visitor on it would live them.
import { chromiumEngine } from './engines/chromium.js';
import { runStories } from './stories/run.js';

runStories(chromiumEngine);
